-- Builders, their plans, features and the pipeline's records.

-- Every limit of the platform reads from this one table (null = unlimited).
create table public.plans (
  id text primary key,
  active_features integer not null,
  artifact_bytes bigint not null,
  app_requests_per_minute integer not null,
  workflow_executions_per_hour integer not null,
  execution_timeout_seconds integer not null,
  rows_per_app integer not null,
  published_apps integer
);

insert into public.plans values
  ('free', 20, 500 * 1024 * 1024, 100, 100, 30, 10000, 3),
  ('paid', 20, 500 * 1024 * 1024, 1000, 1000, 120, 100000, null);

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text not null unique
    check (username ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' and length(username) between 3 and 32),
  plan text not null default 'free' references public.plans (id),
  created_at timestamptz not null default now()
);

-- A profile is made with the account, from the username given at sign-up, as Supabase projects do.
create function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, username)
  values (new.id, lower(new.raw_user_meta_data ->> 'username'));
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

create table public.features (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  mode text check (mode in ('components', 'workflows', 'code')),
  status text not null default 'drafting' check (status in (
    'drafting', 'spec', 'planning', 'testing', 'implementing', 'reviewing',
    'awaiting_approval', 'done', 'failed'
  )),
  failed_stage text,
  failure_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, user_id)
);
create index features_user_idx on public.features (user_id, created_at desc);

-- Raised by every plan-limit check; the API turns it into a 403 that names the limit.
-- SQLSTATE BPL01, message = limit name, detail = JSON {max, current, plan}.
create function public.enforce_active_feature_limit() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_max integer;
  v_plan text;
  v_current integer;
begin
  -- One builder's inserts queue here, so two concurrent creates cannot both take the last slot.
  perform pg_advisory_xact_lock(hashtextextended('features:' || new.user_id::text, 0));
  select p.active_features, p.id into v_max, v_plan
    from public.profiles pr join public.plans p on p.id = pr.plan
    where pr.id = new.user_id;
  select count(*) into v_current from public.features
    where user_id = new.user_id and status not in ('done', 'failed');
  if v_max is not null and v_current >= v_max then
    raise exception using
      errcode = 'BPL01',
      message = 'active_features',
      detail = json_build_object('max', v_max, 'current', v_current, 'plan', v_plan)::text;
  end if;
  return new;
end
$$;

create trigger features_active_limit
  before insert on public.features
  for each row execute function public.enforce_active_feature_limit();

create table public.chat_messages (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  feature_id uuid not null,
  role text not null check (role in ('user', 'assistant')),
  content text not null,
  created_at timestamptz not null default now(),
  foreign key (feature_id, user_id) references public.features (id, user_id) on delete cascade
);
create index chat_messages_feature_idx on public.chat_messages (feature_id, created_at);

create table public.artifacts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  feature_id uuid not null,
  kind text not null check (kind in ('spec', 'plan', 'tests', 'definition', 'code', 'review')),
  path text not null,
  blob_key text not null,
  size_bytes bigint not null check (size_bytes >= 0),
  sha256 text not null,
  created_at timestamptz not null default now(),
  foreign key (feature_id, user_id) references public.features (id, user_id) on delete cascade
);
create index artifacts_feature_idx on public.artifacts (feature_id);
create index artifacts_user_idx on public.artifacts (user_id);

create table public.agent_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  feature_id uuid not null,
  agent text not null,
  model text not null,
  input_tokens integer not null default 0,
  output_tokens integer not null default 0,
  cache_read_tokens integer not null default 0,
  cache_write_tokens integer not null default 0,
  cost_usd numeric(12, 6) not null default 0,
  duration_ms integer not null default 0,
  status text not null check (status in ('ok', 'error')),
  error text,
  created_at timestamptz not null default now(),
  foreign key (feature_id, user_id) references public.features (id, user_id) on delete cascade
);
create index agent_runs_feature_idx on public.agent_runs (feature_id, created_at);

-- Builders' secrets (their Anthropic key). Embedded: AES-256-GCM ciphertext made by the server.
-- Supabase: the secret lives in Vault and this row keeps only its id (see the vault migration).
create table public.builder_secrets (
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (name in ('anthropic_key')),
  ciphertext text,
  vault_secret_id uuid,
  last4 text not null check (length(last4) = 4),
  updated_at timestamptz not null default now(),
  primary key (user_id, name),
  check ((ciphertext is null) <> (vault_secret_id is null))
);
