import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, SqlParam, Tx } from './store/db.ts';
import { api, type Builder, signUpBuilder } from './testing/builders.ts';
import { openTestDb } from './testing/test-db.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

// Builder B must not read, change or delete builder A's rows, in any table, through the API or
// directly in SQL under B's claims; and nobody unauthenticated reaches anything under /api/*.

let db: Db;
let server: TestServer;
let a: Builder;
let b: Builder;
let clockOffset = 0;
const ids: Record<string, string> = {};

/** One row of A's in every table, made as the service role (the way jobs write). */
async function seedTenant(tx: Tx, owner: string, reviewer: string) {
  const one = async (sql: string, params: SqlParam[]) =>
    (await tx.query<{ id: string }>(`${sql} returning id`, params))[0]!.id;
  ids.feature = await one(`insert into features (user_id, title) values ($1, 'A secret plan')`, [owner]);
  ids.chat = await one(
    `insert into chat_messages (user_id, feature_id, role, content) values ($1, $2, 'user', 'hi')`,
    [owner, ids.feature],
  );
  ids.artifact = await one(
    `insert into artifacts (user_id, feature_id, kind, path, blob_key, size_bytes, sha256) values ($1, $2, 'spec', 'spec.md', 'k', 1, 'h')`,
    [owner, ids.feature],
  );
  ids.run = await one(
    `insert into agent_runs (user_id, feature_id, agent, model, status) values ($1, $2, 'ba', 'm', 'ok')`,
    [owner, ids.feature],
  );
  await tx.query(
    `insert into builder_secrets (user_id, name, ciphertext, last4) values ($1, 'anthropic_key', 'v1.x.y', 'abcd')`,
    [owner],
  );
  ids.app = await one(`insert into app_definitions (user_id, slug, name) values ($1, 'crm', 'CRM')`, [owner]);
  ids.workflow = await one(`insert into workflow_definitions (user_id, name) values ($1, 'Digest')`, [owner]);
  // C (not B) reviews A's app: B must not see it through C's grant either.
  ids.reviewer = await one(
    `insert into definition_reviewers (user_id, reviewer_id, app_id) values ($1, $2, $3)`,
    [owner, reviewer, ids.app],
  );
  ids.version = await one(
    `insert into definition_versions (user_id, app_id, version, definition, author) values ($1, $2, 1, '{}', 'builder')`,
    [owner, ids.app],
  );
  ids.row = await one(
    `insert into app_data (user_id, app_id, table_id, data) values ($1, $2, 't1', '{"name":"x"}')`,
    [owner, ids.app],
  );
  await tx.query(`insert into app_access (user_id, app_id, level) values ($1, $2, 'private')`, [
    owner,
    ids.app,
  ]);
  ids.endUser = await one(`insert into app_end_users (user_id, app_id, email) values ($1, $2, 'e@x.test')`, [
    owner,
    ids.app,
  ]);
  ids.connection = await one(
    `insert into connections (user_id, name, provider, ciphertext) values ($1, 'slack', 'slack', 'v1.x.y')`,
    [owner],
  );
  ids.workflowRun = await one(
    `insert into workflow_runs (user_id, workflow_id, version, trigger) values ($1, $2, 1, 'manual')`,
    [owner, ids.workflow],
  );
  await tx.query(
    `insert into workflow_state (user_id, workflow_id, key, value) values ($1, $2, 'cursor', '1')`,
    [owner, ids.workflow],
  );
  ids.mail = await one(
    `insert into mail_outbox (user_id, app_id, to_address, subject, body, source) values ($1, $2, 'e@x.test', 's', 'b', 'test')`,
    [owner, ids.app!],
  );
  await tx.query(
    `insert into app_files (key, user_id, app_id, table_id, field_id, name, content_type, size_bytes)
     values ($3, $1, $2, 't1', 'photo', 'a.png', 'image/png', 1)`,
    [owner, ids.app!, `${owner}/apps/${ids.app}/${'k'.repeat(24)}`],
  );
  await tx.query(
    `insert into app_magic_links (token_hash, app_id, user_id, end_user_id, expires_at)
     values (repeat('a', 64), $2, $1, $3, now() + interval '15 minutes')`,
    [owner, ids.app!, ids.endUser!],
  );
  await tx.query(
    `insert into app_session_revocations (session_id, app_id, user_id, expires_at)
     values ('a-signed-out-session', $2, $1, now() + interval '1 hour')`,
    [owner, ids.app!],
  );
  await tx.query(
    `insert into app_autonumbers (app_id, user_id, table_id, field_id, last_value) values ($2, $1, 't1', 'no', 1)`,
    [owner, ids.app!],
  );
  await tx.query(
    `insert into oauth_states (state_hash, user_id, sealed, expires_at) values (repeat('b', 64), $1, 'v1.x.y', now() + interval '10 minutes')`,
    [owner],
  );
  await tx.query(
    `insert into workflow_secrets (workflow_id, user_id, secret_id, ciphertext, last4) values ($2, $1, 'hook_secret', 'v1.x.y', 'wxyz')`,
    [owner, ids.workflow!],
  );
  await tx.query(
    `insert into workflow_connection_bindings (workflow_id, user_id, connection_decl_id, connection_id) values ($2, $1, 'slack', $3)`,
    [owner, ids.workflow!, ids.connection!],
  );
  await tx.query(
    `insert into workflow_schedules (workflow_id, user_id, kind, cron, timezone, next_due_at) values ($2, $1, 'cron', '0 8 * * 1-5', 'UTC', now() + interval '1 day')`,
    [owner, ids.workflow!],
  );
  await tx.query(`insert into pipeline_jobs (user_id, feature_id, stage) values ($1, $2, 'spec')`, [
    owner,
    ids.feature!,
  ]);
}

/** How each table names its owner; `plans` is shared and read-only. */
const OWNER_COLUMN: Record<string, string> = {
  profiles: 'id',
  features: 'user_id',
  chat_messages: 'user_id',
  artifacts: 'user_id',
  agent_runs: 'user_id',
  builder_secrets: 'user_id',
  app_definitions: 'user_id',
  workflow_definitions: 'user_id',
  definition_versions: 'user_id',
  definition_reviewers: 'user_id',
  app_data: 'user_id',
  app_access: 'user_id',
  app_end_users: 'user_id',
  connections: 'user_id',
  workflow_runs: 'user_id',
  workflow_state: 'user_id',
  mail_outbox: 'user_id',
  app_magic_links: 'user_id',
  app_files: 'user_id',
  app_session_revocations: 'user_id',
  app_autonumbers: 'user_id',
  oauth_states: 'user_id',
  workflow_secrets: 'user_id',
  workflow_connection_bindings: 'user_id',
  workflow_schedules: 'user_id',
  pipeline_jobs: 'user_id',
};

/** Tables no builder may even query: only a service job reaches them (42501 for B and anon). */
const SERVICE_ONLY = new Set(['app_magic_links', 'app_session_revocations']);

const countOwned = (tx: Tx, table: string, owner: string) =>
  tx.query<{ n: number }>(
    `select count(*)::int as n from public.${table} where ${OWNER_COLUMN[table]} = $1`,
    [owner],
  );

/** Runs a statement under B's claims, returning its rows or the error's SQLSTATE. */
async function asB(sql: string, params: SqlParam[] = []): Promise<{ rows: number } | { code: string }> {
  try {
    const rows = await db.withUser({ sub: b.id, role: 'authenticated', email: 'b@x' }, (tx) =>
      tx.query(sql, params),
    );
    return { rows: rows.length };
  } catch (error) {
    return { code: (error as { code: string }).code };
  }
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { now: () => Date.now() + clockOffset });
  a = await signUpBuilder(server.url, 'tenant-a');
  b = await signUpBuilder(server.url, 'tenant-b');
  const c = await signUpBuilder(server.url, 'tenant-c');
  await db.asService('test-fixtures', (tx) => seedTenant(tx, a.id, c.id));
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('row-level security in SQL', () => {
  it('covers every table in the public schema, enabled and forced', async () => {
    const tables = await db.asOwner((tx) =>
      tx.query<{ name: string; rls: boolean; forced: boolean }>(
        `select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' order by 1`,
      ),
    );
    expect(tables.map((t) => t.name).sort()).toEqual([...Object.keys(OWNER_COLUMN), 'plans'].sort());
    for (const table of tables) expect(table, table.name).toMatchObject({ rls: true, forced: true });
  });

  it.each(Object.keys(OWNER_COLUMN))('B cannot read, change or delete A’s %s', async (table) => {
    const column = OWNER_COLUMN[table]!;
    const before = await db.asService('test-fixtures', (tx) => countOwned(tx, table, a.id));
    expect(before[0]!.n, `fixture for ${table}`).toBeGreaterThan(0);

    expect(await asB(`select ${column} from public.${table} where ${column} = $1`, [a.id])).toEqual(
      SERVICE_ONLY.has(table) ? { code: '42501' } : { rows: 0 },
    );
    const update = await asB(
      `update public.${table} set ${column} = ${column} where ${column} = $1 returning 1`,
      [a.id],
    );
    expect(['{"rows":0}', '{"code":"42501"}']).toContain(JSON.stringify(update));
    const remove = await asB(`delete from public.${table} where ${column} = $1 returning 1`, [a.id]);
    expect(['{"rows":0}', '{"code":"42501"}']).toContain(JSON.stringify(remove));

    const after = await db.asService('test-fixtures', (tx) => countOwned(tx, table, a.id));
    expect(after).toEqual(before);
  });

  it('B cannot write rows in A’s name or hang rows under A’s feature, app or workflow', async () => {
    const attempts: [string, SqlParam[]][] = [
      [`insert into features (user_id, title) values ($1, 'planted')`, [a.id]],
      [
        `insert into chat_messages (feature_id, role, content) values ($1, 'user', 'planted')`,
        [ids.feature!],
      ],
      [
        `insert into agent_runs (feature_id, agent, model, status) values ($1, 'x', 'm', 'ok')`,
        [ids.feature!],
      ],
      [`insert into app_data (app_id, table_id, data) values ($1, 't1', '{}')`, [ids.app!]],
      [
        `insert into definition_versions (app_id, version, definition, author) values ($1, 2, '{}', 'builder')`,
        [ids.app!],
      ],
      [`insert into app_end_users (app_id, email) values ($1, 'spy@x.test')`, [ids.app!]],
      [`insert into definition_reviewers (app_id, reviewer_id) values ($1, $2)`, [ids.app!, a.id]],
      [
        `insert into definition_reviewers (user_id, app_id, reviewer_id) values ($1, $2, $3)`,
        [a.id, ids.app!, b.id],
      ],
      [
        `insert into app_magic_links (token_hash, app_id, user_id, end_user_id, expires_at) values (repeat('b', 64), $1, $2, $3, now())`,
        [ids.app!, b.id, ids.endUser!],
      ],
      [
        `insert into app_files (key, user_id, app_id, table_id, field_id, name, content_type, size_bytes)
         values ($3, $1, $2, 't1', 'photo', 'b.png', 'image/png', 1)`,
        [b.id, ids.app!, `${b.id}/apps/${ids.app}/${'b'.repeat(24)}`],
      ],
      [
        `insert into app_files (key, user_id, app_id, table_id, field_id, name, content_type, size_bytes)
         values ($3, $1, $2, 't1', 'photo', 'c.png', 'image/png', 1)`,
        [a.id, ids.app!, `${a.id}/apps/${ids.app}/${'c'.repeat(24)}`],
      ],
      [`insert into workflow_state (workflow_id, key, value) values ($1, 'k', '1')`, [ids.workflow!]],
      [`insert into workflow_runs (workflow_id, version, trigger) values ($1, 1, 'manual')`, [ids.workflow!]],
      [
        `insert into builder_secrets (user_id, name, ciphertext, last4) values ($1, 'anthropic_key', 'x', 'abcd')`,
        [a.id],
      ],
      [`update profiles set plan = 'paid' where id = $1`, [b.id]],
      [`update plans set rows_per_app = 1000000`, []],
      [
        `insert into plans (id, active_features, artifact_bytes, app_requests_per_minute, workflow_executions_per_hour, execution_timeout_seconds, rows_per_app) values ('free2', 1, 1, 1, 1, 1, 1)`,
        [],
      ],
    ];
    for (const [sql, params] of attempts) {
      const result = await asB(sql, params);
      // 42501: RLS or privilege refused it; 23503: the (id, user_id) foreign key refused it.
      expect(['42501', '23503'], sql).toContain((result as { code?: string }).code);
    }
  });

  it('the anon role reaches no builder row at all', async () => {
    for (const table of Object.keys(OWNER_COLUMN)) {
      const result = await db
        .asOwner(async (tx) => {
          await tx.query(`select set_config('role', 'anon', true)`);
          return { rows: (await tx.query(`select * from public.${table}`)).length };
        })
        .catch((error: { code: string }) => ({ code: error.code }));
      expect(['{"rows":0}', '{"code":"42501"}'], table).toContain(JSON.stringify(result));
    }
  });
});

describe('isolation through the HTTP API', () => {
  it('B gets 404 for A’s feature and cannot delete it; B’s list does not show it', async () => {
    expect((await api(server.url, b, 'GET', `/api/features/${ids.feature}`)).status).toBe(404);
    expect((await api(server.url, b, 'DELETE', `/api/features/${ids.feature}`)).status).toBe(404);
    const list = (await (await api(server.url, b, 'GET', '/api/features')).json()) as { features: unknown[] };
    expect(list.features).toEqual([]);
    expect((await api(server.url, a, 'GET', `/api/features/${ids.feature}`)).status).toBe(200);
  });

  it('B’s key settings are B’s own', async () => {
    const status = await (await api(server.url, b, 'GET', '/api/settings/anthropic-key')).json();
    expect(status).toEqual({ configured: false });
    await api(server.url, b, 'DELETE', '/api/settings/anthropic-key');
    const [stillThere] = await db.asService('test-fixtures', (tx) =>
      tx.query('select 1 from builder_secrets where user_id = $1', [a.id]),
    );
    expect(stillThere).toBeDefined();
  });

  const routes: [string, string][] = [
    ['GET', '/api/me'],
    ['GET', '/api/features'],
    ['POST', '/api/features'],
    ['GET', '/api/features/00000000-0000-0000-0000-000000000000'],
    ['DELETE', '/api/features/00000000-0000-0000-0000-000000000000'],
    ['GET', '/api/settings/anthropic-key'],
    ['PUT', '/api/settings/anthropic-key'],
    ['DELETE', '/api/settings/anthropic-key'],
    ['GET', '/api/outbox'],
    ['GET', '/api/apps/00000000-0000-0000-0000-000000000000/end-users'],
    ['POST', '/api/apps/00000000-0000-0000-0000-000000000000/end-users'],
    ['GET', '/api/anything-else'],
  ];

  async function forgedTokens() {
    const { privateKey } = await generateKeyPair('ES256');
    const realKid = (
      (await (await fetch(`${server.url}/auth/v1/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[];
      }
    ).keys[0]!.kid;
    const claims = { role: 'authenticated', email: 'a@x' };
    const sign = (key: CryptoKey, edit: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
      edit(
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256', kid: realKid })
          .setSubject(a.id)
          .setAudience('authenticated')
          .setIssuer(`${server.url}/auth/v1`)
          .setIssuedAt()
          .setExpirationTime('1h'),
      ).sign(key);
    clockOffset = -2 * 3600_000;
    const expired = (await signUpBuilder(server.url, 'tenant-late')).token;
    clockOffset = 0;
    const [, payload] = a.token.split('.');
    const unsignedPayload = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(unsignedPayload)).toString('base64url')}.`;
    return {
      'signed by another key': await sign(privateKey),
      expired,
      'alg none': none,
      'a tampered payload': `${a.token.split('.')[0]}.${Buffer.from(JSON.stringify({ ...unsignedPayload, sub: b.id })).toString('base64url')}.${a.token.split('.')[2]}`,
      garbage: 'not-a-token',
    };
  }

  it('answers 401 on every route without a token or with a bad one', async () => {
    const tokens = await forgedTokens();
    for (const [method, path] of routes) {
      const bare = await fetch(`${server.url}${path}`, { method });
      expect(bare.status, `${method} ${path} without a token`).toBe(401);
      for (const [kind, token] of Object.entries(tokens)) {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status, `${method} ${path} with ${kind}`).toBe(401);
      }
    }
    const expired = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${tokens.expired}` },
    });
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });
});
