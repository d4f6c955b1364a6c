-- The agent pipeline: what the BA agent recommended, the feature's budget and progress, what the
-- pipeline produced, and a durable queue of stage jobs (one open job per feature).

alter table public.features
  add column recommended_mode text check (recommended_mode in ('components', 'workflows', 'code')),
  add column mode_reason text check (length(mode_reason) <= 1000),
  -- Input + output tokens of every model call for this feature, against its budget.
  add column token_budget integer not null default 600000 check (token_budget > 0),
  add column tokens_used bigint not null default 0 check (tokens_used >= 0),
  add column cost_usd numeric(12, 6) not null default 0,
  -- What the running stage is doing now, in the builder's words ("Writing the spec").
  add column activity text check (length(activity) <= 500),
  -- The builder's comment on the last rejection; the implementer reads it on the next round.
  add column rejection_comment text check (length(rejection_comment) <= 4000),
  -- Where the approved result lives (components: the app; workflows: the workflow).
  add column app_id uuid references public.app_definitions (id) on delete set null,
  add column workflow_id uuid references public.workflow_definitions (id) on delete set null,
  add column approved_at timestamptz;

-- Co-pilot calls on the canvas belong to an app or workflow, not a feature: no feature id.
alter table public.agent_runs alter column feature_id drop not null;
-- Which stage a model call belonged to ('chat' and 'copilot' outside the pipeline).
alter table public.agent_runs add column stage text not null default 'chat' check (stage in (
  'chat', 'copilot', 'spec', 'planning', 'testing', 'implementing', 'reviewing'
));

-- Artifacts count against the plan's artifact_bytes (500 MB free), checked as they are stored.
create function public.enforce_artifact_bytes() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_max bigint;
  v_plan text;
  v_current bigint;
begin
  perform pg_advisory_xact_lock(hashtextextended('artifacts:' || new.user_id::text, 0));
  select p.artifact_bytes, p.id into v_max, v_plan
    from public.profiles pr join public.plans p on p.id = pr.plan
    where pr.id = new.user_id;
  select coalesce(sum(size_bytes), 0) into v_current from public.artifacts
    where user_id = new.user_id;
  if v_max is not null and v_current + new.size_bytes > v_max then
    raise exception using
      errcode = 'BPL01',
      message = 'artifact_bytes',
      detail = json_build_object('max', v_max, 'current', v_current, 'plan', v_plan)::text;
  end if;
  return new;
end
$$;

create trigger artifacts_bytes_limit
  before insert on public.artifacts
  for each row execute function public.enforce_artifact_bytes();

-- One row per stage attempt. A worker claims a queued job (or a running one whose lease ran out:
-- its process died) with SKIP LOCKED, runs the stage as the builder, stores the stage's artifact
-- and queues the next stage in the same transaction that marks the job done. A finished stage is
-- never run again on resume: its artifact is there.
create table public.pipeline_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  feature_id uuid not null,
  stage text not null check (stage in ('spec', 'planning', 'testing', 'implementing', 'reviewing')),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
  attempts integer not null default 0,
  lease_owner text,
  lease_until timestamptz,
  -- What the stage is sent back with: a rejection comment, failing contract cases.
  feedback text check (length(feedback) <= 20000),
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  foreign key (feature_id, user_id) references public.features (id, user_id) on delete cascade
);
create unique index pipeline_jobs_one_open on public.pipeline_jobs (feature_id)
  where status in ('queued', 'running');
create index pipeline_jobs_claim on public.pipeline_jobs (created_at)
  where status in ('queued', 'running');
create index pipeline_jobs_feature_idx on public.pipeline_jobs (feature_id, created_at);

alter table public.pipeline_jobs enable row level security;
alter table public.pipeline_jobs force row level security;
grant select, insert, update, delete on public.pipeline_jobs to authenticated;
create policy pipeline_jobs_owner on public.pipeline_jobs for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
grant select, insert, update, delete on public.pipeline_jobs to service_role;
