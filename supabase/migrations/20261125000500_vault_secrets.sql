-- On Supabase, builders' secrets live in Vault. The builder never touches Vault directly: these
-- security-definer functions write, remove and (for the service role only) read a secret, keyed
-- by the caller's own auth.uid(). On a database without Vault they exist but are not called; the
-- embedded default seals secrets with AES-256-GCM instead (api/store/secrets.ts).

create function public.put_builder_secret(p_name text, p_secret text)
returns table (last4 text, updated_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_id uuid;
begin
  if v_uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  select s.vault_secret_id into v_id from public.builder_secrets s
    where s.user_id = v_uid and s.name = p_name;
  if v_id is null then
    v_id := vault.create_secret(p_secret, v_uid::text || ':' || p_name, 'Build Practical builder secret');
  else
    perform vault.update_secret(v_id, p_secret);
  end if;
  return query
    insert into public.builder_secrets as s (user_id, name, vault_secret_id, last4)
    values (v_uid, p_name, v_id, right(p_secret, 4))
    on conflict (user_id, name) do update
      set vault_secret_id = v_id, ciphertext = null, last4 = right(p_secret, 4), updated_at = now()
    returning s.last4, s.updated_at;
end
$$;

create function public.delete_builder_secret(p_name text) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_id uuid;
begin
  if v_uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  delete from public.builder_secrets s where s.user_id = v_uid and s.name = p_name
    returning s.vault_secret_id into v_id;
  if v_id is not null then
    delete from vault.secrets where id = v_id;
  end if;
  return found;
end
$$;

-- plpgsql, not sql: its body is bound when called, so this migration runs where Vault is absent.
create function public.read_builder_secret(p_user uuid, p_name text) returns text
language plpgsql security definer set search_path = ''
as $$
begin
  return (
    select d.decrypted_secret from public.builder_secrets s
      join vault.decrypted_secrets d on d.id = s.vault_secret_id
      where s.user_id = p_user and s.name = p_name
  );
end
$$;

revoke all on function public.put_builder_secret(text, text) from public;
revoke all on function public.delete_builder_secret(text) from public;
revoke all on function public.read_builder_secret(uuid, text) from public;
grant execute on function public.put_builder_secret(text, text) to authenticated;
grant execute on function public.delete_builder_secret(text) to authenticated;
grant execute on function public.read_builder_secret(uuid, text) to service_role;
