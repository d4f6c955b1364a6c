import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv, Platform } from '../kernel/context.ts';
import { handleError, platformContext, requireBuilder } from '../kernel/middleware.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import { insertConnection } from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { boundConnection, openWorkflowSecret } from '../store/workflow-secrets.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { type ConnectionDeps, connectionRoutes } from './connections.ts';
import { workflowBindingRoutes, workflowSecretRoutes } from './workflow-secrets.ts';

// The app's /api/* catch-all answers 404 before routes added later, so these routes are mounted
// on a small app with the kernel's own middleware over the test server's platform. Workflows are
// created through the real server.
function harness(platform: Platform, deps: ConnectionDeps) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use('*', platformContext(platform));
  app.use('/api/*', requireBuilder());
  app.route('/api/connections', connectionRoutes(deps));
  app.route('/api/workflows/:id', workflowSecretRoutes);
  app.route('/api/workflows/:id', workflowBindingRoutes);
  return app;
}

let db: Db;
let server: TestServer;
let box: SecretBox;
let app: Hono<AppEnv>;
let alice: Builder;
let bob: Builder;
let responder: string; // email-auto-responder: gmail + slack (OAuth), secret inbound_mail_secret
let reminder: string; // slack-reminder-agent: todoist (API key) + slack (OAuth)
let bobsReminder: string;

const canary = 'whsec-canary-5e8d1c7a2b9f';

async function createWorkflow(builder: Builder, example: string) {
  const definition = JSON.parse(await readFile(`schemas/examples/${example}.workflow.json`, 'utf8'));
  const response = await api(server.url, builder, 'POST', '/api/workflows', { definition });
  if (response.status !== 201)
    throw new Error(`create ${example}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  box = server.platform.secretBox;
  app = harness(server.platform, {
    env: {},
    fetch: () => Promise.reject(new Error('no outbound calls')),
  });
  alice = await signUpBuilder(server.url, 'wfsec-alice');
  bob = await signUpBuilder(server.url, 'wfsec-bob');
  responder = await createWorkflow(alice, 'email-auto-responder');
  reminder = await createWorkflow(alice, 'slack-reminder-agent');
  bobsReminder = await createWorkflow(bob, 'slack-reminder-agent');
});
afterAll(async () => {
  await server.stop();
  await server.close();
  await db.close();
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

const openSecret = (workflowId: string, secretId: string) =>
  db.asService('workflow-trigger', (tx) => openWorkflowSecret(tx, box, workflowId, secretId));

describe('workflow secret values', () => {
  it('sets, lists and deletes a declared secret without ever answering or logging its value', async () => {
    const path = `/api/workflows/${responder}/secrets/inbound_mail_secret`;
    const put = await call(alice, 'PUT', path, { value: canary });
    const putText = await put.text();
    expect(put.status).toBe(200);
    expect(JSON.parse(putText)).toEqual({ configured: true, last4: canary.slice(-4) });
    expect(putText).not.toContain(canary);

    const listed = await call(alice, 'GET', `/api/workflows/${responder}/secrets`);
    const listedText = await listed.text();
    expect(JSON.parse(listedText)).toMatchObject({
      secrets: [{ id: 'inbound_mail_secret', configured: true, last4: canary.slice(-4) }],
    });
    expect(listedText).not.toContain(canary);
    expect(server.logLines.join('\n')).not.toContain(canary);
    expect(await openSecret(responder, 'inbound_mail_secret')).toBe(canary);

    expect((await call(alice, 'DELETE', path)).status).toBe(204);
    const after = (await (await call(alice, 'GET', `/api/workflows/${responder}/secrets`)).json()) as {
      secrets: { configured: boolean }[];
    };
    expect(after.secrets[0]!.configured).toBe(false);
    expect(await openSecret(responder, 'inbound_mail_secret')).toBeNull();
  });

  it('refuses a secret the workflow does not declare, and the builder cannot read values in SQL', async () => {
    const undeclared = await call(alice, 'PUT', `/api/workflows/${responder}/secrets/other_secret`, {
      value: canary,
    });
    expect(undeclared.status).toBe(404);
    expect(await undeclared.text()).toContain('other_secret');
    await expect(
      db.withUser({ sub: alice.id, role: 'authenticated' }, (tx) =>
        tx.query('select ciphertext from workflow_secrets'),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it("lets no other builder set, list or delete a workflow's secrets", async () => {
    await call(alice, 'PUT', `/api/workflows/${responder}/secrets/inbound_mail_secret`, { value: canary });
    const path = `/api/workflows/${responder}/secrets/inbound_mail_secret`;
    expect((await call(bob, 'PUT', path, { value: 'bobs-overwrite-value' })).status).toBe(404);
    expect((await call(bob, 'GET', `/api/workflows/${responder}/secrets`)).status).toBe(404);
    expect((await call(bob, 'DELETE', path)).status).toBe(404);
    expect(await openSecret(responder, 'inbound_mail_secret')).toBe(canary);
  });
});

describe('binding declared connections', () => {
  const apiKeyConnection = async (builder: Builder, name: string, provider: string) => {
    const response = await call(builder, 'POST', '/api/connections', {
      name,
      provider,
      allowedHosts: ['api.example.com'],
      apiKey: 'some-api-key-value-123',
    });
    return ((await response.json()) as { id: string }).id;
  };

  it('binds a matching connection and refuses another provider or another kind', async () => {
    const todoist = await apiKeyConnection(alice, 'Todoist key', 'todoist');
    const slackKey = await apiKeyConnection(alice, 'Slack key', 'slack');
    const bind = (decl: string, connectionId: string) =>
      call(alice, 'PUT', `/api/workflows/${reminder}/connections/${decl}`, { connectionId });

    expect((await bind('todoist', todoist)).status).toBe(200);
    const wrongProvider = await bind('slack', todoist);
    expect(wrongProvider.status).toBe(400);
    expect(await wrongProvider.text()).toContain('todoist connection');
    const wrongKind = await bind('slack', slackKey);
    expect(wrongKind.status).toBe(400);
    expect(await wrongKind.text()).toContain('OAuth');
    expect((await bind('calendar', todoist)).status).toBe(404);

    const listed = (await (await call(alice, 'GET', `/api/workflows/${reminder}/connections`)).json()) as {
      connections: { id: string; status: string; connection: { id: string } | null }[];
    };
    expect(listed.connections).toEqual([
      expect.objectContaining({
        id: 'todoist',
        status: 'bound',
        connection: expect.objectContaining({ id: todoist }),
      }),
      expect.objectContaining({ id: 'slack', status: 'unbound', connection: null }),
    ]);
    const claims = { sub: alice.id, role: 'authenticated' };
    expect(await db.withUser(claims, (tx) => boundConnection(tx, reminder, 'todoist'))).toBe(todoist);
    expect(await db.withUser(claims, (tx) => boundConnection(tx, reminder, 'slack'))).toBeNull();
  });

  it('binds a Google OAuth connection to a Gmail declaration', async () => {
    const google = await db.withUser({ sub: alice.id, role: 'authenticated' }, (tx) =>
      insertConnection(tx, box, alice.id, {
        name: 'Shop Google',
        provider: 'google',
        authKind: 'oauth2',
        allowedHosts: ['gmail.googleapis.com'],
        scopes: [],
        credential: { kind: 'oauth2', accessToken: 'token-for-test-only' },
        expiresAt: null,
        last4: null,
      }),
    );
    const bound = await call(alice, 'PUT', `/api/workflows/${responder}/connections/gmail`, {
      connectionId: google.id,
    });
    expect(bound.status).toBe(200);
  });

  it("keeps builders from binding another's connection or another's workflow", async () => {
    const alicesKey = await apiKeyConnection(alice, 'Alice todoist', 'todoist');
    const bobsKey = await apiKeyConnection(bob, 'Bob todoist', 'todoist');
    const onBobs = await call(bob, 'PUT', `/api/workflows/${bobsReminder}/connections/todoist`, {
      connectionId: alicesKey,
    });
    expect(onBobs.status).toBe(404);
    const onAlices = await call(bob, 'PUT', `/api/workflows/${reminder}/connections/todoist`, {
      connectionId: bobsKey,
    });
    expect(onAlices.status).toBe(404);
    expect((await call(bob, 'GET', `/api/workflows/${reminder}/connections`)).status).toBe(404);
    // Past the route, the database itself refuses a binding to someone else's connection.
    await expect(
      db.withUser({ sub: bob.id, role: 'authenticated' }, (tx) =>
        tx.query(
          'insert into workflow_connection_bindings (workflow_id, connection_decl_id, connection_id) values ($1, $2, $3)',
          [bobsReminder, 'todoist', alicesKey],
        ),
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
