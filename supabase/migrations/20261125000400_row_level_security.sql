-- Row-level security on every table, enabled and forced. A builder reaches only rows whose
-- user_id is theirs; the composite foreign keys above make a child row's user_id equal its
-- parent's, so nobody can hang a row of theirs under another builder's feature or app.

grant usage on schema public to anon, authenticated, service_role;
grant select, insert, update, delete on all tables in schema public to service_role;

do $$
declare
  t text;
begin
  foreach t in array array[
    'plans', 'profiles', 'features', 'chat_messages', 'artifacts', 'agent_runs', 'builder_secrets',
    'app_definitions', 'workflow_definitions', 'definition_versions', 'app_data', 'app_access',
    'app_end_users', 'connections', 'workflow_runs', 'workflow_state'
  ] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
  end loop;
  foreach t in array array[
    'features', 'chat_messages', 'artifacts', 'agent_runs', 'app_definitions',
    'workflow_definitions', 'definition_versions', 'app_data', 'app_access', 'app_end_users',
    'workflow_runs', 'workflow_state'
  ] loop
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format(
      'create policy %I on public.%I for all to authenticated '
      'using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()))',
      t || '_owner', t
    );
  end loop;
end
$$;

-- Plans are the same for everyone and read-only.
grant select on public.plans to authenticated;
create policy plans_read on public.plans for select to authenticated using (true);

-- A builder reads their own profile; the plan is changed only by the platform owner's job.
grant select on public.profiles to authenticated;
create policy profiles_owner_read on public.profiles for select to authenticated
  using (id = (select auth.uid()));

-- Secrets: a builder may write and remove theirs and see that one is set, never read it back.
grant select (user_id, name, last4, updated_at) on public.builder_secrets to authenticated;
grant insert, update, delete on public.builder_secrets to authenticated;
create policy builder_secrets_owner on public.builder_secrets for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- Connections likewise: the token columns stay with the service role.
grant select (id, user_id, name, provider, allowed_hosts, created_at) on public.connections to authenticated;
grant insert, update, delete on public.connections to authenticated;
create policy connections_owner on public.connections for all to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
