-- The workflow runtime: what a run records, who may write it, and activation.

-- A run keeps what started it, its answer (sync webhooks), its tokens, where a re-run started,
-- and a lease: the process running it renews it, so after a crash an expired lease tells a
-- restarted server that nobody is running it any more.
alter table public.workflow_runs
  add column trigger_input jsonb not null default 'null',
  add column response jsonb,
  add column input_tokens integer not null default 0,
  add column output_tokens integer not null default 0,
  add column rerun_of uuid,
  add column from_step text,
  add column lease_until timestamptz,
  add column duration_ms integer;
create index workflow_runs_user_started_idx on public.workflow_runs (user_id, started_at desc);
create index workflow_runs_unfinished_idx on public.workflow_runs (lease_until)
  where status in ('queued', 'running');

-- The runner writes runs, state and records as the workflow's builder (their claims, their
-- row-level security), never as the service role: a workflow of builder A cannot reach builder
-- B's rows even through a bug in a step. So a builder may write their own run rows directly too
-- (as with every table of theirs that Supabase exposes); nothing of anyone else's depends on them.

-- Workflow state values are the builder's; a value is bounded so a loop cannot fill the disk.
alter table public.workflow_state
  add constraint workflow_state_value_size check (pg_column_size(value) <= 65536);
