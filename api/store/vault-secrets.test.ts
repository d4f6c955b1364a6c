import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicKeyStatus } from '../../schemas/index.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { installStandInVault } from '../testing/stand-in-vault.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { Db } from './db.ts';

// The stand-in Vault (api/testing/stand-in-vault.ts) replaces Vault's encryption, not its API.

const KEY = 'sk-ant-api03-vault-kept-secret-00000000000000wxyz';
let db: Db;
let server: TestServer;
let alice: Builder;

beforeAll(async () => {
  db = await openTestDb();
  await installStandInVault(db);
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
