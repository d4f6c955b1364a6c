-- Workflows mode: runs, persistent state and connections to outside services.

create table public.connections (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  provider text not null,
  allowed_hosts text[] not null default '{}',
  -- The token itself: ciphertext (embedded) or a Vault secret id (Supabase); never returned.
  ciphertext text,
  vault_secret_id uuid,
  created_at timestamptz not null default now(),
  unique (user_id, name)
);

create table public.workflow_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  workflow_id uuid not null,
  version integer not null,
  trigger text not null check (trigger in ('cron', 'webhook', 'message', 'polling', 'manual', 'rerun')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'timed_out')),
  idempotency_key text,
  steps jsonb not null default '[]',
  error text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (workflow_id, idempotency_key),
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade
);
create index workflow_runs_workflow_idx on public.workflow_runs (workflow_id, started_at desc);

create table public.workflow_state (
  workflow_id uuid not null,
  user_id uuid not null default auth.uid(),
  key text not null check (length(key) between 1 and 200),
  value jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (workflow_id, key),
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade
);
