-- Builders' connections to outside services (API keys and OAuth 2.0), the one-use states of an
-- OAuth sign-in in progress, workflow secret values and the binding of a workflow's declared
-- connections to stored ones. Token and secret columns are written by builders but read only by
-- the server (sealed with the platform's master key; see api/store/connections.ts).

alter table public.connections
  add column auth_kind text not null default 'api_key' check (auth_kind in ('api_key', 'oauth2')),
  add column status text not null default 'connected' check (status in ('connected', 'needs_reconnect')),
  add column last4 text,
  add column scopes text[] not null default '{}',
  add column token_expires_at timestamptz,
  add column updated_at timestamptz not null default now(),
  -- Lets bindings reference (connection, owner), so a binding can never cross tenants.
  add constraint connections_id_user_key unique (id, user_id);

grant select (auth_kind, status, last4, scopes, token_expires_at, updated_at)
  on public.connections to authenticated;

-- An OAuth sign-in started by a builder: the hash of its state (the state itself travels only
-- through the browser), who started it and, sealed, its PKCE verifier and connection settings.
create table public.oauth_states (
  state_hash text primary key,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  sealed text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index oauth_states_user_idx on public.oauth_states (user_id, expires_at);

create table public.workflow_secrets (
  workflow_id uuid not null,
  user_id uuid not null default auth.uid(),
  secret_id text not null check (secret_id ~ '^[A-Za-z][A-Za-z0-9_]{0,63}$'),
  ciphertext text,
  vault_secret_id uuid,
  last4 text not null,
  updated_at timestamptz not null default now(),
  primary key (workflow_id, secret_id),
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade
);

create table public.workflow_connection_bindings (
  workflow_id uuid not null,
  user_id uuid not null default auth.uid(),
  connection_decl_id text not null check (connection_decl_id ~ '^[A-Za-z][A-Za-z0-9_]{0,63}$'),
  connection_id uuid not null,
  updated_at timestamptz not null default now(),
  primary key (workflow_id, connection_decl_id),
  foreign key (workflow_id, user_id) references public.workflow_definitions (id, user_id) on delete cascade,
  foreign key (connection_id, user_id) references public.connections (id, user_id) on delete cascade
);
create index workflow_connection_bindings_connection_idx
  on public.workflow_connection_bindings (connection_id);

do $$
declare
  t text;
begin
  foreach t in array array['oauth_states', 'workflow_secrets', 'workflow_connection_bindings'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format(
      'create policy %I on public.%I for all to authenticated '
      'using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()))',
      t || '_owner', t
    );
  end loop;
end
$$;

grant select, insert, update, delete on public.oauth_states, public.workflow_secrets,
  public.workflow_connection_bindings to service_role;

-- A state is started by its builder and never read back by them (the sealed verifier stays with
-- the server); it is claimed by the public callback through claim_oauth_state below.
grant select (state_hash, user_id, expires_at, created_at), insert, delete on public.oauth_states to authenticated;
-- Secret values likewise: written by the builder, seen only as "configured" and the last four.
grant select (workflow_id, user_id, secret_id, last4, updated_at) on public.workflow_secrets to authenticated;
grant insert, update, delete on public.workflow_secrets to authenticated;
grant select, insert, update, delete on public.workflow_connection_bindings to authenticated;

-- The OAuth callback arrives from the provider without our bearer token: the state is what
-- proves who started the sign-in. Claiming removes it, so a state works once; the caller checks
-- expires_at against its own clock.
create function public.claim_oauth_state(p_state_hash text)
returns table (user_id uuid, sealed text, expires_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
begin
  return query
    delete from public.oauth_states s where s.state_hash = p_state_hash
    returning s.user_id, s.sealed, s.expires_at;
end
$$;

revoke all on function public.claim_oauth_state(text) from public;
grant execute on function public.claim_oauth_state(text) to anon, authenticated;
