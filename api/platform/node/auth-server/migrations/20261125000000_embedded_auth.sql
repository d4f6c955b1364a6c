-- Tables of the embedded Supabase-Auth subset (embedded mode only; Supabase Auth has its own).

create schema if not exists embedded_auth;

create unique index if not exists users_email_lower_key on auth.users (lower(email));

create table embedded_auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz
);
create index sessions_user_idx on embedded_auth.sessions (user_id);

-- Only a hash of each refresh token is kept; a used token is revoked, never deleted, so that a
-- replayed one is recognised and ends its whole session.
create table embedded_auth.refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references embedded_auth.sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  revoked boolean not null default false,
  created_at timestamptz not null default now()
);

grant usage on schema embedded_auth to service_role;
grant select, insert, update, delete on all tables in schema embedded_auth to service_role;
grant select, insert, update, delete on auth.users to service_role;
