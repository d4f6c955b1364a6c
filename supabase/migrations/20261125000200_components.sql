-- Components mode: app definitions, their versions, their rows and who may use them.

create table public.app_definitions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' and length(slug) between 1 and 64),
  name text not null check (length(name) between 1 and 120),
  feature_id uuid,
  current_version integer not null default 1,
  published_version integer,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, slug),
  unique (id, user_id),
  foreign key (feature_id, user_id) references public.features (id, user_id) on delete set null (feature_id)
);

create table public.workflow_definitions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  feature_id uuid,
  status text not null default 'draft' check (status in ('draft', 'active', 'inactive')),
  current_version integer not null default 1,
  active_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, user_id),
  foreign key (feature_id, user_id) references public.features (id, user_id) on delete set null (feature_id)
);

-- Every saved version of an app or workflow definition, for history, diffs and re-runs.
create table public.definition_versions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  app_id uuid,
  workflow_id uuid,
  version integer not null check (version >= 1),
  definition jsonb not null,
  author text not null check (author in ('builder', 'agent')),
  created_at timestamptz not null default now(),
  check ((app_id is null) <> (workflow_id is null)),
  unique (app_id, version),
  unique (workflow_id, version),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade,
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade
);

-- Rows of builders' apps: one polymorphic table, always read by (app_id, table_id) first.
create table public.app_data (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  app_id uuid not null,
  table_id text not null,
  end_user_id uuid,
  data jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);
create index app_data_table_idx on public.app_data (app_id, table_id, created_at, id);

-- Who may reach a published app: its level, and for invite-only apps the invited end users.
create table public.app_access (
  app_id uuid primary key,
  user_id uuid not null default auth.uid(),
  level text not null default 'private' check (level in ('public', 'private', 'invite_only')),
  updated_at timestamptz not null default now(),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);

create table public.app_end_users (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  app_id uuid not null,
  email text not null check (email = lower(email) and length(email) between 3 and 254),
  role text not null default 'user',
  invited_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  unique (app_id, email),
  foreign key (app_id, user_id) references public.app_definitions (id, user_id) on delete cascade
);
