import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv, Platform } from '../kernel/context.ts';
import { handleError, platformContext, requireBuilder } from '../kernel/middleware.ts';
import { CredentialError, openCredential } from '../oauth/credentials.ts';
import { type ConnectionDeps, connectionRoutes, oauthCallbackRoutes } from '../routes/connections.ts';
import { workflowSecretRoutes } from '../routes/workflow-secrets.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { type FakeOAuthProvider, startFakeOAuthProvider } from '../testing/fake-oauth-provider.ts';
import { installStandInVault } from '../testing/stand-in-vault.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { Db, SqlParam } from './db.ts';
import { openWorkflowSecret } from './workflow-secrets.ts';

// On Supabase, connections' credentials and workflow secret values live in Vault. With the
// stand-in Vault installed before the platform starts, the platform detects it and every value
// must land in vault.secrets and nowhere in the tables' ciphertext.

let db: Db;
let server: TestServer;
let fake: FakeOAuthProvider;
let app: Hono<AppEnv>;
let deps: ConnectionDeps;
let clock = Date.parse('2026-11-26T09:00:00Z');
let alice: Builder;
let bob: Builder;
let responder: string; // email-auto-responder declares the secret inbound_mail_secret

function harness(platform: Platform) {
  const routes = new Hono<AppEnv>();
  routes.onError(handleError);
  routes.use('*', platformContext(platform));
  routes.use('/api/*', requireBuilder());
  routes.route('/api/connections', connectionRoutes(deps));
  routes.route('/oauth', oauthCallbackRoutes(deps));
  routes.route('/api/workflows/:id', workflowSecretRoutes);
  return routes;
}

beforeAll(async () => {
  db = await openTestDb();
  await installStandInVault(db);
  server = await startTestServer(db);
  fake = await startFakeOAuthProvider();
  deps = {
    env: {
      OAUTH_SLACK_CLIENT_ID: fake.clientId,
      OAUTH_SLACK_CLIENT_SECRET: fake.clientSecret,
      OAUTH_SLACK_BASE_URL: fake.url,
    },
    fetch: (url, init) => fetch(url, init),
    now: () => clock,
  };
  app = harness(server.platform);
  alice = await signUpBuilder(server.url, 'vault-conn-alice');
  bob = await signUpBuilder(server.url, 'vault-conn-bob');
  const definition = JSON.parse(
    await readFile('schemas/examples/email-auto-responder.workflow.json', 'utf8'),
  );
  const created = await api(server.url, alice, 'POST', '/api/workflows', { definition });
  responder = ((await created.json()) as { id: string }).id;
});
afterAll(async () => {
  await fake?.close();
  await server?.stop();
  await db?.close();
});

const call = (builder: Builder, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${builder.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

const claimsOf = (builder: Builder) => ({ sub: builder.id, role: 'authenticated' });

const open = (builder: Builder, id: string) =>
  openCredential(db, server.platform.secretBox, builder.id, id, {
    env: deps.env,
    fetch: deps.fetch,
    now: () => clock,
  });

const openSecret = (workflowId: string, secretId: string) =>
  db.asService('workflow-trigger', (tx) =>
    openWorkflowSecret(tx, server.platform.secretBox, workflowId, secretId),
  );

type VaultRow = { id: string; secret: string };
const vaultSecret = async (name: string): Promise<VaultRow | undefined> =>
  (
    await db.asOwner((tx) =>
      tx.query<VaultRow>('select id, secret from vault.secrets where name = $1', [name]),
    )
  )[0];

const rowOf = async (table: 'connections' | 'workflow_secrets', where: string, params: SqlParam[]) =>
  (
    await db.asOwner((tx) =>
      tx.query<{ ciphertext: string | null; vault_secret_id: string | null }>(
        `select ciphertext, vault_secret_id from ${table} where ${where}`,
        params,
      ),
    )
  )[0];

async function createApiKeyConnection(builder: Builder, name: string, apiKey: string) {
  const created = await call(builder, 'POST', '/api/connections', {
    name,
    provider: 'todoist',
    allowedHosts: ['api.todoist.com'],
    apiKey,
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function connectSlack(name: string, reconnect?: string) {
  const started = await call(alice, 'POST', '/api/connections/oauth/start', {
    name,
    provider: 'slack',
    scopes: ['chat:write'],
    allowedHosts: ['slack.com'],
    ...(reconnect ? { reconnect } : {}),
  });
  const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
  const atProvider = await fetch(authorizationUrl, { redirect: 'manual' });
  const back = await app.request(atProvider.headers.get('location')!);
  expect(back.status).toBe(302);
  return new URL(back.headers.get('location')!, 'http://x').searchParams.get('connected')!;
}

describe('connection credentials in Vault', () => {
  it('is used because the database has Vault', () => {
    expect(server.platform.secrets.kind).toBe('vault');
  });

  it('keeps an API key in Vault, opens it for a step, and removes it with the connection', async () => {
    const key = 'todoist-vault-canary-31f9a0';
    const id = await createApiKeyConnection(alice, 'Todoist', key);
    const row = await rowOf('connections', 'id = $1', [id]);
    const kept = await vaultSecret(`connection:${alice.id}:${id}`);
    expect(row?.ciphertext).toBeNull();
    expect(row?.vault_secret_id).toBe(kept?.id);
    expect(JSON.parse(kept!.secret)).toEqual({ kind: 'api_key', apiKey: key });
    expect(await open(alice, id)).toEqual({ kind: 'api_key', value: key });

    expect((await call(alice, 'DELETE', `/api/connections/${id}`)).status).toBe(204);
    expect(await vaultSecret(`connection:${alice.id}:${id}`)).toBeUndefined();
  });

  it('keeps OAuth tokens in Vault and replaces them in place when they are refreshed', async () => {
    const id = await connectSlack('Slack');
    const name = `connection:${alice.id}:${id}`;
    const before = await vaultSecret(name);
    expect((await rowOf('connections', 'id = $1', [id]))?.ciphertext).toBeNull();
    const first = await open(alice, id);
    expect(first.kind).toBe('bearer');
    expect(JSON.parse(before!.secret)).toMatchObject({
      kind: 'oauth2',
      accessToken: (first as { token: string }).token,
    });

    clock += 3600_000; // expired: the next step refreshes
    const refreshesBefore = fake.calls.refresh;
    const renewed = await open(alice, id);
    expect(fake.calls.refresh).toBe(refreshesBefore + 1);
    expect(renewed).not.toEqual(first);
    const after = await vaultSecret(name);
    expect(after?.id).toBe(before?.id);
    expect(JSON.parse(after!.secret)).toMatchObject({ accessToken: (renewed as { token: string }).token });
    expect((await rowOf('connections', 'id = $1', [id]))?.ciphertext).toBeNull();
    expect(await open(alice, id)).toEqual(renewed);

    // Reconnecting keeps the connection and its Vault secret, with the new tokens in it.
    expect(await connectSlack('Slack', id)).toBe(id);
    const reconnected = await open(alice, id);
    expect(reconnected).not.toEqual(renewed);
    const afterReconnect = await vaultSecret(name);
    expect(afterReconnect?.id).toBe(before?.id);
    expect(JSON.parse(afterReconnect!.secret)).toMatchObject({
      accessToken: (reconnected as { token: string }).token,
    });

    expect((await call(alice, 'DELETE', `/api/connections/${id}`)).status).toBe(204);
    expect(await vaultSecret(name)).toBeUndefined();
  });
});

describe('workflow secret values in Vault', () => {
  const path = () => `/api/workflows/${responder}/secrets/inbound_mail_secret`;
  const name = () => `workflow_secret:${alice.id}:${responder}:inbound_mail_secret`;

  it('keeps the value in Vault, replaces it in place, and removes it on delete', async () => {
    expect((await call(alice, 'PUT', path(), { value: 'whsec-vault-first-0001' })).status).toBe(200);
    const first = await vaultSecret(name());
    const row = await rowOf('workflow_secrets', 'workflow_id = $1', [responder]);
    expect(row).toEqual({ ciphertext: null, vault_secret_id: first?.id });
    expect(await openSecret(responder, 'inbound_mail_secret')).toBe('whsec-vault-first-0001');

    const put = await call(alice, 'PUT', path(), { value: 'whsec-vault-second-0002' });
    expect(await put.json()).toEqual({ configured: true, last4: '0002' });
    expect((await vaultSecret(name()))?.id).toBe(first?.id);
    expect(await openSecret(responder, 'inbound_mail_secret')).toBe('whsec-vault-second-0002');

    expect((await call(alice, 'DELETE', path())).status).toBe(204);
    expect(await vaultSecret(name())).toBeUndefined();
    expect(await openSecret(responder, 'inbound_mail_secret')).toBeNull();
  });
});

describe('who may use the Vault functions', () => {
  it("another builder can neither overwrite nor take over Alice's Vault entries", async () => {
    const key = 'alice-only-key-8c2d41';
    const aliceConnection = await createApiKeyConnection(alice, 'Alice key', key);
    expect(
      (
        await call(alice, 'PUT', `/api/workflows/${responder}/secrets/inbound_mail_secret`, {
          value: 'whsec-alice-kept-9999',
        })
      ).status,
    ).toBe(200);

    await expect(
      db.withUser(claimsOf(bob), (tx) =>
        tx.query('select put_connection_secret($1, $2)', [
          aliceConnection,
          '{"kind":"api_key","apiKey":"x"}',
        ]),
      ),
    ).rejects.toThrow(/connection not found/);
    await expect(
      db.withUser(claimsOf(bob), (tx) =>
        tx.query('select * from put_workflow_secret($1, $2, $3, $4)', [
          responder,
          'inbound_mail_secret',
          'x',
          'x',
        ]),
      ),
    ).rejects.toThrow(/workflow not found/);

    // Bob points his own row at Alice's Vault secret (he may write that column): it opens nothing,
    // and deleting his row leaves Alice's secret in place.
    const bobsConnection = await createApiKeyConnection(bob, 'Bob key', 'bob-key-000000');
    const alicesSecretId =
      (await rowOf('connections', 'id = $1', [aliceConnection]))?.vault_secret_id ?? null;
    await db.withUser(claimsOf(bob), (tx) =>
      tx.query('update connections set vault_secret_id = $2 where id = $1', [bobsConnection, alicesSecretId]),
    );
    const stolen = await open(bob, bobsConnection).catch((error: unknown) => error);
    expect(stolen).toBeInstanceOf(CredentialError);
    expect((await call(bob, 'DELETE', `/api/connections/${bobsConnection}`)).status).toBe(204);

    expect(await open(alice, aliceConnection)).toEqual({ kind: 'api_key', value: key });
    expect(await openSecret(responder, 'inbound_mail_secret')).toBe('whsec-alice-kept-9999');
  });

  it('builders and visitors cannot call the reading or refreshing functions, nor read Vault', async () => {
    const statements = [
      ['select read_connection_secret($1, $2)', [alice.id, crypto.randomUUID()]],
      ['select read_workflow_secret($1, $2)', [responder, 'inbound_mail_secret']],
      ['select refresh_connection_secret($1, $2, $3)', [alice.id, crypto.randomUUID(), 'x']],
      ['select * from vault.secrets', []],
    ] as const;
    for (const claims of [claimsOf(alice), { sub: '', role: 'anon' }]) {
      for (const [sql, params] of statements) {
        await expect(db.withUser(claims, (tx) => tx.query(sql, [...params]))).rejects.toThrow(
          /permission denied/,
        );
      }
    }
  });

  it('deleting the workflow removes its secrets from Vault', async () => {
    const definition = JSON.parse(
      await readFile('schemas/examples/email-auto-responder.workflow.json', 'utf8'),
    );
    const created = await api(server.url, alice, 'POST', '/api/workflows', { definition });
    const workflow = ((await created.json()) as { id: string }).id;
    await call(alice, 'PUT', `/api/workflows/${workflow}/secrets/inbound_mail_secret`, {
      value: 'whsec-cascade-1234',
    });
    const name = `workflow_secret:${alice.id}:${workflow}:inbound_mail_secret`;
    expect(await vaultSecret(name)).toBeDefined();
    expect((await api(server.url, alice, 'DELETE', `/api/workflows/${workflow}`)).status).toBe(204);
    expect(await vaultSecret(name)).toBeUndefined();
  });
});
