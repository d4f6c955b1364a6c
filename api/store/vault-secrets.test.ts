import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicKeyStatus } from '../../schemas/index.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { Db } from './db.ts';

// Supabase keeps secrets in Vault. Vault is an extension we cannot install here, so this suite
// puts a stand-in with the same function signatures (vault.create_secret, vault.update_secret,
// vault.decrypted_secrets) into the test database — without Vault's encryption — to check the
// platform's side: detection, the security-definer functions, and who may call which.
const STAND_IN_VAULT = `
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

const KEY = 'sk-ant-api03-vault-kept-secret-00000000000000wxyz';
let db: Db;
let server: TestServer;
let alice: Builder;

beforeAll(async () => {
  db = await openTestDb();
  await db.asOwner((tx) => tx.exec(STAND_IN_VAULT));
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'vaulted');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('BYOK key in Supabase Vault', () => {
  it('is used when the database has Vault', () => {
    expect(server.platform.secrets.kind).toBe('vault');
  });

  it('stores the key in Vault, keeps only last4 in builder_secrets, and replaces it in place', async () => {
    const put = await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: KEY });
    expect(AnthropicKeyStatus.parse(await put.json())).toMatchObject({ configured: true, last4: 'wxyz' });
    const rows = await db.asOwner((tx) =>
      tx.query<{ ciphertext: string | null; secret: string; name: string }>(
        `select b.ciphertext, v.secret, v.name from builder_secrets b join vault.secrets v on v.id = b.vault_secret_id`,
      ),
    );
    expect(rows).toEqual([{ ciphertext: null, secret: KEY, name: `${alice.id}:anthropic_key` }]);

    await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: `${KEY.slice(0, -4)}abcd` });
    const count = await db.asOwner((tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from vault.secrets'),
    );
    expect(count).toEqual([{ n: 1 }]);
    expect(
      await db.asService('test-fixtures', (tx) =>
        server.platform.secrets.open(tx, alice.id, 'anthropic_key'),
      ),
    ).toBe(`${KEY.slice(0, -4)}abcd`);
  });

  it('a builder cannot read Vault or call the reading function, even for their own key', async () => {
    const claims = { sub: alice.id, role: 'authenticated' };
    await expect(db.withUser(claims, (tx) => tx.query('select * from vault.secrets'))).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      db.withUser(claims, (tx) =>
        tx.query('select read_builder_secret($1, $2)', [alice.id, 'anthropic_key']),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('DELETE removes the Vault secret too', async () => {
    expect((await api(server.url, alice, 'DELETE', '/api/settings/anthropic-key')).status).toBe(204);
    const left = await db.asOwner((tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from vault.secrets'),
    );
    expect(left).toEqual([{ n: 0 }]);
    expect(await (await api(server.url, alice, 'GET', '/api/settings/anthropic-key')).json()).toEqual({
      configured: false,
    });
  });
});
