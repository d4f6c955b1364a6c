import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv, Platform } from '../kernel/context.ts';
import { handleError, platformContext, requireBuilder } from '../kernel/middleware.ts';
import { CredentialError, openCredential } from '../oauth/credentials.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Db } from '../store/db.ts';
import { type Builder, signUpBuilder } from '../testing/builders.ts';
import { type FakeOAuthProvider, startFakeOAuthProvider } from '../testing/fake-oauth-provider.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { type ConnectionDeps, connectionRoutes, oauthCallbackRoutes } from './connections.ts';

// The app's /api/* catch-all answers 404 before routes added later, so these routes are mounted
// on a small app with the kernel's own middleware over the test server's platform; sign-up goes
// through the real server.
function harness(platform: Platform, deps: ConnectionDeps) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use('*', platformContext(platform));
  app.use('/api/*', requireBuilder());
  app.route('/api/connections', connectionRoutes(deps));
  app.route('/oauth', oauthCallbackRoutes(deps));
  return app;
}

const GENERIC_ORIGIN = 'https://id.example-provider.com';

let db: Db;
let server: TestServer;
let fake: FakeOAuthProvider;
let box: SecretBox;
let app: Hono<AppEnv>;
let clock = Date.parse('2026-11-26T09:00:00Z');
let alice: Builder;
let bob: Builder;
let deps: ConnectionDeps;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  fake = await startFakeOAuthProvider();
  box = server.platform.secretBox;
  deps = {
    env: {
      OAUTH_SLACK_CLIENT_ID: fake.clientId,
      OAUTH_SLACK_CLIENT_SECRET: fake.clientSecret,
      OAUTH_SLACK_BASE_URL: fake.url,
    },
    // Stands in for the platform's guarded fetch: the generic provider's https host is the fake.
    fetch: (url, init) => fetch(url.replace(GENERIC_ORIGIN, fake.url), init),
    now: () => clock,
  };
  app = harness(server.platform, deps);
  alice = await signUpBuilder(server.url, 'conn-alice');
  bob = await signUpBuilder(server.url, 'conn-bob');
});
afterAll(async () => {
  await fake.close();
  await server.stop();
  await server.close();
  await db.close();
});

const call = (builder: Builder | null, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: {
      ...(builder ? { authorization: `Bearer ${builder.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

const list = async (builder: Builder) =>
  (await (await call(builder, 'GET', '/api/connections')).json()) as {
    connections: { id: string; name: string; status: string; authKind: string; expiresAt: string | null }[];
  };

const open = (builder: Builder, id: string) =>
  openCredential(db, box, builder.id, id, { env: deps.env, fetch: deps.fetch, now: () => clock });

/** Starts a Slack sign-in and follows the provider's redirect: the callback URL it leads to. */
async function signInAtProvider(name: string, body: Record<string, unknown> = {}) {
  const started = await call(alice, 'POST', '/api/connections/oauth/start', {
    name,
    provider: 'slack',
    scopes: ['chat:write'],
    allowedHosts: ['slack.com'],
    ...body,
  });
  expect(started.status).toBe(200);
  const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
  const atProvider = await deps.fetch(authorizationUrl, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  return { authorizationUrl, callbackUrl: atProvider.headers.get('location')! };
}

async function connectSlack(name: string) {
  const { callbackUrl } = await signInAtProvider(name);
  const back = await app.request(callbackUrl);
  expect(back.status).toBe(302);
  const id = new URL(back.headers.get('location')!, 'http://x').searchParams.get('connected')!;
  return id;
}

describe('API-key connections', () => {
  const canary = 'canary-key-7f3a9c2e1b5d';

  it('stores the key sealed and never answers or logs it, only its last four', async () => {
    const created = await call(alice, 'POST', '/api/connections', {
      name: 'Todoist',
      provider: 'todoist',
      allowedHosts: ['api.todoist.com'],
      apiKey: canary,
    });
    const text = await created.text();
    expect(created.status).toBe(201);
    expect(JSON.parse(text)).toMatchObject({ authKind: 'api_key', last4: '1b5d', status: 'connected' });
    expect(text).not.toContain(canary);
    const listed = await call(alice, 'GET', '/api/connections');
    expect(await listed.text()).not.toContain(canary);
    expect(server.logLines.join('\n')).not.toContain(canary);
    const [row] = await db.asOwner((tx) =>
      tx.query<{ ciphertext: string }>("select ciphertext from connections where name = 'Todoist'"),
    );
    expect(row!.ciphertext).not.toContain(canary);
    const { id } = JSON.parse(text) as { id: string };
    expect(await open(alice, id)).toEqual({ kind: 'api_key', value: canary });
  });

  it('keeps the sealed key from the builder even in SQL, and a bad body names the field', async () => {
    const claims = { sub: alice.id, role: 'authenticated' };
    await expect(db.withUser(claims, (tx) => tx.query('select ciphertext from connections'))).rejects.toThrow(
      /permission denied/,
    );
    const bad = await call(alice, 'POST', '/api/connections', {
      name: 'Internal',
      provider: 'todoist',
      allowedHosts: ['localhost'],
      apiKey: canary,
    });
    const text = await bad.text();
    expect(bad.status).toBe(400);
    expect(text).toContain('allowedHosts.0');
    expect(text).not.toContain(canary);
    const duplicate = await call(alice, 'POST', '/api/connections', {
      name: 'Todoist',
      provider: 'todoist',
      allowedHosts: ['api.todoist.com'],
      apiKey: canary,
    });
    expect(duplicate.status).toBe(409);
  });
});

describe('OAuth sign-in against the fake provider', () => {
  it('connects end to end with PKCE and lists the connection without tokens', async () => {
    const { authorizationUrl, callbackUrl } = await signInAtProvider('Team Slack');
    const asked = new URL(authorizationUrl);
    expect(asked.origin).toBe(fake.url);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked.searchParams.get('redirect_uri')).toBe(`${server.platform.publicUrl}/oauth/callback`);
    expect(asked.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const back = await app.request(callbackUrl);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(/^\/app\/connections\?connected=[0-9a-f-]{36}$/);
    const id = new URL(back.headers.get('location')!, 'http://x').searchParams.get('connected')!;

    const listedText = await (await call(alice, 'GET', '/api/connections')).text();
    const slack = (JSON.parse(listedText) as Awaited<ReturnType<typeof list>>).connections.find(
      (c) => c.id === id,
    );
    expect(slack).toMatchObject({ name: 'Team Slack', authKind: 'oauth2', status: 'connected' });
    expect(Date.parse(slack!.expiresAt!)).toBe(clock + 3600_000);
    const credential = await open(alice, id);
    expect(credential.kind).toBe('bearer');
    const token = (credential as { token: string }).token;
    expect(token).toMatch(/^access_/);
    expect(listedText).not.toContain(token);
    expect(server.logLines.join('\n')).not.toContain(token);
  });

  it('refuses a replayed, unknown or expired state, and shows a declined sign-in', async () => {
    const { callbackUrl } = await signInAtProvider('Replay');
    expect((await app.request(callbackUrl)).status).toBe(302);
    const replayed = await app.request(callbackUrl);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('no longer valid');

    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'made-up-state');
    expect((await app.request(forged.toString())).status).toBe(400);

    const late = await signInAtProvider('Too late');
    clock += 11 * 60_000;
    const expired = await app.request(late.callbackUrl);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('within 10 minutes');

    fake.denyNext();
    const declined = await app.request((await signInAtProvider('Declined')).callbackUrl);
    expect(declined.status).toBe(400);
    expect(await declined.text()).toContain('Slack access was declined');
    const names = (await list(alice)).connections.map((c) => c.name);
    expect(names).not.toContain('Too late');
    expect(names).not.toContain('Declined');
  });

  it('fails with a clear page when the PKCE challenge was tampered with', async () => {
    const started = await call(alice, 'POST', '/api/connections/oauth/start', {
      name: 'Tampered',
      provider: 'slack',
      allowedHosts: ['slack.com'],
    });
    const url = new URL(((await started.json()) as { authorizationUrl: string }).authorizationUrl);
    url.searchParams.set('code_challenge', 'A'.repeat(43));
    const atProvider = await fetch(url, { redirect: 'manual' });
    const back = await app.request(atProvider.headers.get('location')!);
    expect(back.status).toBe(502);
    expect(await back.text()).toContain('Slack refused the grant');
    expect((await list(alice)).connections.map((c) => c.name)).not.toContain('Tampered');
  });

  it('gives the tokens back when the name was taken while the builder signed in', async () => {
    const { callbackUrl } = await signInAtProvider('Taken meanwhile');
    await call(alice, 'POST', '/api/connections', {
      name: 'Taken meanwhile',
      provider: 'slack',
      allowedHosts: ['slack.com'],
      apiKey: 'xoxb-some-bot-token-value',
    });
    const revocations = fake.calls.revoke;
    const back = await app.request(callbackUrl);
    expect(back.status).toBe(409);
    expect(await back.text()).toContain('already have a connection called');
    expect(fake.calls.revoke).toBe(revocations + 1);
  });

  it('connects a generic provider over https through the injected fetch, and refuses http', async () => {
    const generic = {
      authorizationUrl: `${GENERIC_ORIGIN}/authorize`,
      tokenUrl: `${GENERIC_ORIGIN}/token`,
      revocationUrl: `${GENERIC_ORIGIN}/revoke`,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
    };
    const { callbackUrl } = await signInAtProvider('Custom CRM', { provider: 'generic', generic });
    expect((await app.request(callbackUrl)).status).toBe(302);
    const insecure = await call(alice, 'POST', '/api/connections/oauth/start', {
      name: 'Plain',
      provider: 'generic',
      allowedHosts: ['crm.example.com'],
      generic: { ...generic, tokenUrl: 'http://crm.example.com/token' },
    });
    expect(insecure.status).toBe(400);
    expect(await insecure.text()).toContain('generic.tokenUrl');
    const github = await call(alice, 'POST', '/api/connections/oauth/start', {
      name: 'Code',
      provider: 'github',
      allowedHosts: ['api.github.com'],
    });
    expect(github.status).toBe(503);
    expect(await github.text()).toContain('OAUTH_GITHUB_CLIENT_ID');
  });
});

describe('credentials for steps', () => {
  it('refreshes a token about to expire, once even when two steps ask at the same moment', async () => {
    const id = await connectSlack('Refreshing');
    const first = await open(alice, id);
    const refreshesBefore = fake.calls.refresh;
    expect(await open(alice, id)).toEqual(first);
    expect(fake.calls.refresh).toBe(refreshesBefore);

    clock += 3600_000 - 30_000; // 30 s left: inside the 60 s margin
    fake.setRefreshDelay(300); // the second step asks while the first refresh is under way
    const [a, b] = await Promise.all([open(alice, id), open(alice, id)]).finally(() =>
      fake.setRefreshDelay(0),
    );
    expect(fake.calls.refresh).toBe(refreshesBefore + 1);
    expect(a).toEqual(b);
    expect(a).not.toEqual(first);
  });

  it('reports a revoked refresh token as "reconnect Slack" and marks the connection', async () => {
    const id = await connectSlack('Revoked at Slack');
    fake.rejectRefreshes();
    clock += 3600_000;
    try {
      const failure = await open(alice, id).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CredentialError);
      expect((failure as Error).message).toMatch(/reconnect Slack/);
      expect((failure as Error).message).not.toMatch(/refresh_|access_/);
    } finally {
      fake.rejectRefreshes(false);
    }
    const listed = (await list(alice)).connections.find((c) => c.id === id);
    expect(listed?.status).toBe('needs_reconnect');

    // Reconnecting keeps the connection's id (and so its workflow bindings).
    const { callbackUrl } = await signInAtProvider('Revoked at Slack', { reconnect: id });
    const back = await app.request(callbackUrl);
    expect(back.headers.get('location')).toBe(`/app/connections?connected=${id}`);
    expect((await list(alice)).connections.find((c) => c.id === id)?.status).toBe('connected');
    expect((await open(alice, id)).kind).toBe('bearer');
    const todoist = (await list(alice)).connections.find((c) => c.authKind === 'api_key')!;
    const wrongKind = await call(alice, 'POST', '/api/connections/oauth/start', {
      name: 'x',
      provider: 'slack',
      allowedHosts: ['slack.com'],
      reconnect: todoist.id,
    });
    expect(wrongKind.status).toBe(400);
  });

  it('revokes the tokens at the provider when the connection is deleted', async () => {
    const id = await connectSlack('To delete');
    const { token } = (await open(alice, id)) as { token: string };
    const revocations = fake.calls.revoke;
    expect((await call(alice, 'DELETE', `/api/connections/${id}`)).status).toBe(204);
    expect(fake.calls.revoke).toBe(revocations + 2);
    expect(fake.revoked).toContain(token);
    expect((await list(alice)).connections.map((c) => c.id)).not.toContain(id);
    await expect(open(alice, id)).rejects.toThrow(/not found/);
  });
});

describe("another builder's connections", () => {
  it('are invisible to them: not listed, not deleted, not opened', async () => {
    const id = await connectSlack('Private');
    expect((await list(bob)).connections).toEqual([]);
    const deleted = await call(bob, 'DELETE', `/api/connections/${id}`);
    expect(deleted.status).toBe(404);
    await expect(open(bob, id)).rejects.toThrow(/not found/);
    expect((await list(alice)).connections.map((c) => c.id)).toContain(id);
    expect((await call(null, 'GET', '/api/connections')).status).toBe(401);
  });
});
