-- Workflow schedules (issue #7): one row per active cron or polling workflow, saying when it is
-- next due. The scheduler (service job 'workflow-scheduler', api/workflows/scheduler.ts) claims
-- due rows with a lease (`for update skip locked`), fires each due time through the runner (whose
-- idempotency key `cron:<due ISO time>` makes a re-fire after a crash start nothing new) and then
-- advances next_due_at. Two server processes on one Postgres therefore fire each due time once.

create table public.workflow_schedules (
  workflow_id uuid primary key,
  user_id uuid not null,
  kind text not null check (kind in ('cron', 'polling')),
  cron text check (length(cron) between 9 and 200),
  timezone text check (length(timezone) between 1 and 64),
  interval_minutes integer check (interval_minutes between 1 and 1440),
  -- The due time the scheduler fires next (an occurrence of the cron, or the last due + interval).
  next_due_at timestamptz not null,
  -- The lease of the process firing next_due_at; an expired lease (a crash) lets another claim it.
  claimed_until timestamptz,
  claimed_by text check (length(claimed_by) <= 200),
  -- The last due time fired, for the studio's "last run" and for the catch-up log.
  last_due_at timestamptz,
  -- Due times passed over without firing: those more than a day late after downtime.
  skipped_due_count integer not null default 0 check (skipped_due_count >= 0),
  updated_at timestamptz not null default now(),
  constraint workflow_schedules_kind_fields check (
    (kind = 'cron' and cron is not null and timezone is not null and interval_minutes is null)
    or (kind = 'polling' and interval_minutes is not null and cron is null and timezone is null)
  ),
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade
);
-- The claim's scan: due rows first, oldest due first.
create index workflow_schedules_due_idx on public.workflow_schedules (next_due_at);
create index workflow_schedules_user_idx on public.workflow_schedules (user_id);

-- A builder reads their own schedules (the studio's "next run at") and may delete theirs (a
-- deactivation only stops runs); writing a due time or a claim is not theirs to do (Supabase
-- exposes tables over REST), so inserts and updates go through set_workflow_schedule below, and
-- claims through the scheduler job only.
alter table public.workflow_schedules enable row level security;
alter table public.workflow_schedules force row level security;
revoke all on public.workflow_schedules from public, anon, authenticated;
grant select, delete on public.workflow_schedules to authenticated;
grant select, insert, update, delete on public.workflow_schedules to service_role;
create policy workflow_schedules_owner_read on public.workflow_schedules for select to authenticated
  using (user_id = (select auth.uid()));
create policy workflow_schedules_owner_delete on public.workflow_schedules for delete to authenticated
  using (user_id = (select auth.uid()));

-- Sets (or replaces) a workflow's schedule: what activation calls, as the builder, in the same
-- transaction as the activation itself. It runs as the definer so builders need no write grant
-- on the table, and it checks what such a grant's policy would: the workflow is the caller's (or
-- the caller is the service role). The due time is computed by the caller (cron occurrences need
-- time zones, which croner knows) from the clock the caller's tests control. A direct call with a
-- past due time gains nothing: catch-up fires at most a day of due times, each once per
-- idempotency key, within the builder's own execution limits. A replaced schedule drops any claim
-- on the old one: the scheduler's advance applies only to the due time it claimed.
create function public.set_workflow_schedule(
  p_workflow_id uuid,
  p_user_id uuid,
  p_kind text,
  p_cron text,
  p_timezone text,
  p_interval_minutes integer,
  p_next_due_at timestamptz
) returns timestamptz
language plpgsql security definer set search_path = ''
as $$
begin
  if not (
    p_user_id = (select auth.uid())
    or coalesce((select auth.jwt() ->> 'role'), '') = 'service_role'
  ) then
    raise exception 'workflow_schedules: the workflow is not yours' using errcode = '42501';
  end if;
  if not exists (
    select 1 from public.workflow_definitions d where d.id = p_workflow_id and d.user_id = p_user_id
  ) then
    raise exception 'workflow_schedules: no such workflow' using errcode = '42501';
  end if;
  insert into public.workflow_schedules as s
    (workflow_id, user_id, kind, cron, timezone, interval_minutes, next_due_at)
  values (p_workflow_id, p_user_id, p_kind, p_cron, p_timezone, p_interval_minutes, p_next_due_at)
  on conflict (workflow_id) do update set
    kind = excluded.kind,
    cron = excluded.cron,
    timezone = excluded.timezone,
    interval_minutes = excluded.interval_minutes,
    next_due_at = excluded.next_due_at,
    claimed_until = null,
    claimed_by = null,
    updated_at = now()
  where s.user_id = p_user_id;
  return p_next_due_at;
end
$$;
revoke all on function public.set_workflow_schedule(uuid, uuid, text, text, text, integer, timestamptz)
  from public, anon;
grant execute on function public.set_workflow_schedule(uuid, uuid, text, text, text, integer, timestamptz)
  to authenticated, service_role;
