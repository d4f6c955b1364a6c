import type { Db } from '../store/db.ts';

/**
 * Supabase keeps secrets in Vault, an extension we cannot install here. This stand-in has the
 * same function signatures (vault.create_secret, vault.update_secret, vault.decrypted_secrets)
 * without Vault's encryption, so tests can check the platform's side: detection, the
 * security-definer functions of the migrations, and who may call which.
 */
export const STAND_IN_VAULT = `
  create schema vault;
  create table vault.secrets (
    id uuid primary key default gen_random_uuid(), name text unique, description text,
    secret text not null, updated_at timestamptz default now()
  );
  create function vault.create_secret(new_secret text, new_name text default null,
    new_description text default '', new_key_id uuid default null) returns uuid
  language sql as $$ insert into vault.secrets (secret, name, description)
    values (new_secret, new_name, new_description) returning id $$;
  create function vault.update_secret(secret_id uuid, new_secret text default null,
    new_name text default null, new_description text default null, new_key_id uuid default null)
  returns void language sql as $$ update vault.secrets set secret = coalesce(new_secret, secret),
    updated_at = now() where id = secret_id $$;
  create view vault.decrypted_secrets as
    select id, name, description, secret, secret as decrypted_secret from vault.secrets;
`;

/** Puts the stand-in into a test database; do it before the platform detects its secret store. */
export const installStandInVault = (db: Db) => db.asOwner((tx) => tx.exec(STAND_IN_VAULT));
