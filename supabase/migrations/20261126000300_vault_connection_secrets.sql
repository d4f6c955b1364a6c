-- On Supabase, connections' credentials and workflow secret values live in Vault, as builders'
-- keys do (20261125000500_vault_secrets.sql). The builder writes through the security-definer
-- functions below, keyed by their own auth.uid(); only the service role reads, inside the job
-- that uses the value; a service-role refresh of OAuth tokens replaces the Vault secret in place.
-- Without Vault these functions exist but are never called: the values are sealed with the
-- platform's master key into `ciphertext` instead (api/store/secret-vault.ts).
--
-- A Vault secret is found by its name, which carries the owner and the row, and never by the
-- row's vault_secret_id alone: builders may write that column, so a row pointed at someone else's
-- secret id opens nothing and removes nothing. All bodies are plpgsql, bound when called, so this
-- migration applies on a database without the vault schema.

create function public.connection_vault_name(p_user uuid, p_connection uuid) returns text
language sql immutable set search_path = ''
as $$ select 'connection:' || p_user::text || ':' || p_connection::text $$;

create function public.workflow_secret_vault_name(p_user uuid, p_workflow uuid, p_secret_id text)
returns text
language sql immutable set search_path = ''
as $$ select 'workflow_secret:' || p_user::text || ':' || p_workflow::text || ':' || p_secret_id $$;

-- Creates or replaces a Vault secret by name; returns its id.
create function public.keep_vault_secret(p_name text, p_secret text, p_description text) returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  select s.id into v_id from vault.secrets s where s.name = p_name;
  if v_id is null then
    v_id := vault.create_secret(p_secret, p_name, p_description);
  else
    perform vault.update_secret(v_id, p_secret);
  end if;
  return v_id;
end
$$;

-- Shared by the builder's write and the service's refresh: the connection must be p_user's.
create function public.keep_connection_secret(p_user uuid, p_connection uuid, p_secret text)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform 1 from public.connections c where c.id = p_connection and c.user_id = p_user for update;
  if not found then
    raise exception 'connection not found' using errcode = 'P0002';
  end if;
  v_id := public.keep_vault_secret(
    public.connection_vault_name(p_user, p_connection), p_secret, 'Build Practical connection credential');
  update public.connections c set vault_secret_id = v_id, ciphertext = null
    where c.id = p_connection and c.user_id = p_user;
end
$$;

create function public.put_connection_secret(p_connection uuid, p_secret text) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
begin
  if v_uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  perform public.keep_connection_secret(v_uid, p_connection, p_secret);
end
$$;

create function public.refresh_connection_secret(p_user uuid, p_connection uuid, p_secret text)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform public.keep_connection_secret(p_user, p_connection, p_secret);
end
$$;

create function public.read_connection_secret(p_user uuid, p_connection uuid) returns text
language plpgsql security definer set search_path = ''
as $$
begin
  return (
    select d.decrypted_secret from public.connections c
      join vault.decrypted_secrets d
        on d.id = c.vault_secret_id and d.name = public.connection_vault_name(c.user_id, c.id)
      where c.id = p_connection and c.user_id = p_user
  );
end
$$;

create function public.put_workflow_secret(p_workflow uuid, p_secret_id text, p_secret text, p_last4 text)
returns table (secret_id text, last4 text, updated_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_id uuid;
begin
  if v_uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  perform 1 from public.workflow_definitions w where w.id = p_workflow and w.user_id = v_uid;
  if not found then
    raise exception 'workflow not found' using errcode = 'P0002';
  end if;
  v_id := public.keep_vault_secret(
    public.workflow_secret_vault_name(v_uid, p_workflow, p_secret_id), p_secret,
    'Build Practical workflow secret');
  return query
    insert into public.workflow_secrets as s (workflow_id, user_id, secret_id, vault_secret_id, last4)
    values (p_workflow, v_uid, p_secret_id, v_id, p_last4)
    on conflict on constraint workflow_secrets_pkey do update
      set vault_secret_id = v_id, ciphertext = null, last4 = p_last4, updated_at = now()
    returning s.secret_id, s.last4, s.updated_at;
end
$$;

create function public.read_workflow_secret(p_workflow uuid, p_secret_id text) returns text
language plpgsql security definer set search_path = ''
as $$
begin
  return (
    select d.decrypted_secret from public.workflow_secrets s
      join vault.decrypted_secrets d
        on d.id = s.vault_secret_id
        and d.name = public.workflow_secret_vault_name(s.user_id, s.workflow_id, s.secret_id)
      where s.workflow_id = p_workflow and s.secret_id = p_secret_id
  );
end
$$;

-- A row that leaves Vault (deleted, directly or by a cascade from its workflow or builder, or
-- sealed again) takes its Vault secret along, so nothing is left behind in Vault.
create function public.forget_connection_vault_secret() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.vault_secret_id is not null
    and (tg_op = 'DELETE' or new.vault_secret_id is distinct from old.vault_secret_id) then
    delete from vault.secrets v
      where v.id = old.vault_secret_id and v.name = public.connection_vault_name(old.user_id, old.id);
  end if;
  return null;
end
$$;

create function public.forget_workflow_secret_vault_secret() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.vault_secret_id is not null
    and (tg_op = 'DELETE' or new.vault_secret_id is distinct from old.vault_secret_id) then
    delete from vault.secrets v
      where v.id = old.vault_secret_id
        and v.name = public.workflow_secret_vault_name(old.user_id, old.workflow_id, old.secret_id);
  end if;
  return null;
end
$$;

create trigger connections_forget_vault_secret
  after update of vault_secret_id or delete on public.connections
  for each row execute function public.forget_connection_vault_secret();
create trigger workflow_secrets_forget_vault_secret
  after update of vault_secret_id or delete on public.workflow_secrets
  for each row execute function public.forget_workflow_secret_vault_secret();

revoke all on function public.keep_vault_secret(text, text, text) from public;
revoke all on function public.keep_connection_secret(uuid, uuid, text) from public;
revoke all on function public.put_connection_secret(uuid, text) from public;
revoke all on function public.refresh_connection_secret(uuid, uuid, text) from public;
revoke all on function public.read_connection_secret(uuid, uuid) from public;
revoke all on function public.put_workflow_secret(uuid, text, text, text) from public;
revoke all on function public.read_workflow_secret(uuid, text) from public;
revoke all on function public.forget_connection_vault_secret() from public;
revoke all on function public.forget_workflow_secret_vault_secret() from public;
grant execute on function public.put_connection_secret(uuid, text) to authenticated;
grant execute on function public.put_workflow_secret(uuid, text, text, text) to authenticated;
grant execute on function public.refresh_connection_secret(uuid, uuid, text) to service_role;
grant execute on function public.read_connection_secret(uuid, uuid) to service_role;
grant execute on function public.read_workflow_secret(uuid, text) to service_role;
