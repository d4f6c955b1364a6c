import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminBuilder, AdminBuilderList, ApiErrorBody, Me } from '../../schemas/index.ts';
import type { Db, JwtClaims, Tx } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { isPlatformOwner } from './admin.ts';

// The platform owner (ADMIN_EMAILS) sees every builder's usage against their plan and sets plans;
// nobody else can, neither through /api/admin nor directly in SQL under their own claims.

let db: Db;
let server: TestServer;
let owner: Builder;
let alice: Builder;
let bob: Builder;
let adminApi: (who: Builder | null, method: string, path: string, body?: unknown) => Promise<Response>;

/** `/api/admin` through the real app. */
const reachAdminRoutes = async () => (who: Builder | null, method: string, path: string, body?: unknown) =>
  api(server.url, who, method, path, body);

const claimsOf = (who: Builder): JwtClaims => ({
  sub: who.id,
  role: 'authenticated',
  email: `${who.username}@example.test`,
});

/** Alice's usage, made as the service role the way the pipeline and runtimes write it. */
async function seedAliceUsage(tx: Tx) {
  const one = async (sql: string, params: (string | number)[]) =>
    (await tx.query<{ id: string }>(`${sql} returning id`, params))[0]!.id;
  const feature = await one(`insert into features (user_id, title) values ($1, 'CRM')`, [alice.id]);
  await one(`insert into features (user_id, title) values ($1, 'Habits')`, [alice.id]);
  await one(`insert into features (user_id, title, status) values ($1, 'Old', 'done')`, [alice.id]);
  await one(`insert into features (user_id, title, status) values ($1, 'Broken', 'failed')`, [alice.id]);
  for (const size of [1000, 2345]) {
    await one(
      `insert into artifacts (user_id, feature_id, kind, path, blob_key, size_bytes, sha256)
       values ($1, $2, 'spec', 'spec.md', 'k', $3, 'h')`,
      [alice.id, feature, size],
    );
  }
  const published = await one(
    `insert into app_definitions (user_id, slug, name, published_version) values ($1, 'crm', 'CRM', 1)`,
    [alice.id],
  );
  const draft = await one(`insert into app_definitions (user_id, slug, name) values ($1, 'habits', 'H')`, [
    alice.id,
  ]);
  // Rows go in through app_data so the counter the limit triggers keep is what gets reported.
  for (const [app, rows] of [
    [published, 4],
    [draft, 2],
  ] as const) {
    for (let i = 0; i < rows; i++) {
      await one(`insert into app_data (user_id, app_id, table_id, data) values ($1, $2, 't', '{}')`, [
        alice.id,
        app,
      ]);
    }
  }
  const workflow = await one(`insert into workflow_definitions (user_id, name) values ($1, 'Digest')`, [
    alice.id,
  ]);
  for (const minutesAgo of [5, 59, 61, 180]) {
    await one(
      `insert into workflow_runs (user_id, workflow_id, version, trigger, started_at)
       values ($1, $2, 1, 'cron', now() - make_interval(mins => $3::int))`,
      [alice.id, workflow, minutesAgo],
    );
  }
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  server.platform.adminEmails = ['owner@example.test'];
  owner = await signUpBuilder(server.url, 'owner');
  alice = await signUpBuilder(server.url, 'alice');
  bob = await signUpBuilder(server.url, 'bob');
  await db.asService('test-fixtures', seedAliceUsage);
  adminApi = await reachAdminRoutes();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const listAs = async (who: Builder) => adminApi(who, 'GET', '/api/admin/builders');
const planOf = async (who: Builder) =>
  Me.parse(await (await api(server.url, who, 'GET', '/api/me')).json()).plan;

describe('admin API: the platform owner sees every builder and their usage', () => {
  it('lists every builder with e-mail, plan, sign-up date and usage counted like the limits', async () => {
    const response = await listAs(owner);
    expect(response.status).toBe(200);
    const { builders, plans } = AdminBuilderList.parse(await response.json());
    expect(builders.map((b) => b.username)).toEqual(['owner', 'alice', 'bob']);
    const a = builders.find((b) => b.id === alice.id)!;
    expect(a).toMatchObject({ username: 'alice', email: 'alice@example.test', plan: 'free' });
    expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
    expect(a.usage).toEqual({
      activeFeatures: 2,
      publishedApps: 1,
      largestAppRows: 4,
      totalRows: 6,
      artifactBytes: 3345,
      workflowExecutionsLastHour: 2,
    });
    expect(builders.find((b) => b.id === bob.id)!.usage).toEqual({
      activeFeatures: 0,
      publishedApps: 0,
      largestAppRows: 0,
      totalRows: 0,
      artifactBytes: 0,
      workflowExecutionsLastHour: 0,
    });
    expect(plans).toEqual([
      expect.objectContaining({ id: 'free', rowsPerApp: 10_000, publishedApps: 3 }),
      expect.objectContaining({ id: 'paid', rowsPerApp: 100_000, publishedApps: null }),
    ]);
    expect(plans[0]!.artifactBytes).toBe(500 * 1024 * 1024);
  });

  it('tells the studio who the owner is through GET /api/me', async () => {
    const me = async (who: Builder) => Me.parse(await (await api(server.url, who, 'GET', '/api/me')).json());
    expect((await me(owner)).isAdmin).toBe(true);
    expect((await me(alice)).isAdmin).toBe(false);
  });

  it('sets a plan, which the builder sees at once, and logs who changed it', async () => {
    const response = await adminApi(owner, 'PUT', `/api/admin/builders/${alice.id}/plan`, { plan: 'paid' });
    expect(response.status).toBe(200);
    const builder = AdminBuilder.parse(await response.json());
    expect(builder).toMatchObject({ id: alice.id, plan: 'paid', usage: { activeFeatures: 2 } });
    expect(await planOf(alice)).toBe('paid');
    const logged = server.logLines
      .map((line) => JSON.parse(line))
      .find((l) => l.event === 'builder_plan_changed');
    expect(logged).toMatchObject({ by: owner.id, builderId: alice.id, from: 'free', to: 'paid' });

    await adminApi(owner, 'PUT', `/api/admin/builders/${alice.id}/plan`, { plan: 'free' });
    expect(await planOf(alice)).toBe('free');
  });

  it('refuses an unknown plan, a malformed id and a builder who does not exist', async () => {
    const badPlan = await adminApi(owner, 'PUT', `/api/admin/builders/${alice.id}/plan`, { plan: 'gold' });
    expect(badPlan.status).toBe(400);
    expect(ApiErrorBody.parse(await badPlan.json()).error.issues?.[0]?.path).toBe('plan');
    const badId = await adminApi(owner, 'PUT', '/api/admin/builders/nope/plan', { plan: 'paid' });
    expect(badId.status).toBe(400);
    const missing = await adminApi(owner, 'PUT', `/api/admin/builders/${crypto.randomUUID()}/plan`, {
      plan: 'paid',
    });
    expect(missing.status).toBe(404);
  });
});

describe('admin API: nobody else gets in', () => {
  const expectForbidden = async (response: Response) => {
    expect(response.status).toBe(403);
    expect(ApiErrorBody.parse(await response.json()).error.message).toMatch(
      /only the platform owner can open this/i,
    );
  };

  it('answers 401 without a session and 403 to a builder, for reading and for changing plans', async () => {
    expect((await adminApi(null, 'GET', '/api/admin/builders')).status).toBe(401);
    await expectForbidden(await listAs(bob));
    await expectForbidden(await adminApi(bob, 'PUT', `/api/admin/builders/${bob.id}/plan`, { plan: 'paid' }));
    await expectForbidden(
      await adminApi(bob, 'PUT', `/api/admin/builders/${alice.id}/plan`, { plan: 'paid' }),
    );
    expect(await planOf(bob)).toBe('free');
    expect(await planOf(alice)).toBe('free');
  });

  it('does not let a builder read others or set a plan directly in SQL under their own claims', async () => {
    const asBob = <T>(fn: (tx: Tx) => Promise<T>) => db.withUser(claimsOf(bob), fn);
    expect(await asBob((tx) => tx.query('select id from profiles'))).toEqual([{ id: bob.id }]);
    expect(await asBob((tx) => tx.query('select id from app_definitions'))).toEqual([]);
    for (const sql of [
      `update profiles set plan = 'paid' where id = '${bob.id}'`,
      `update profiles set plan = 'paid' where id = '${alice.id}'`,
      `update plans set published_apps = null, rows_per_app = 1000000 where id = 'free'`,
      `insert into plans values ('mine', 99, 1, 1, 1, 1, 1, null)`,
      'select email from auth.users',
    ]) {
      await expect(
        asBob((tx) => tx.query(sql)),
        sql,
      ).rejects.toMatchObject({ code: '42501' });
    }
    const [free] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ published_apps: number }>(`select published_apps from plans where id = 'free'`),
    );
    expect(free!.published_apps).toBe(3);
    expect(await planOf(bob)).toBe('free');
  });

  it('trusts only a builder session whose e-mail is listed, compared case-insensitively', () => {
    const list = ['owner@example.test'];
    expect(isPlatformOwner({ sub: owner.id, role: 'authenticated', email: 'Owner@Example.test' }, list)).toBe(
      true,
    );
    expect(isPlatformOwner({ sub: bob.id, role: 'authenticated', email: 'bob@example.test' }, list)).toBe(
      false,
    );
    expect(isPlatformOwner({ sub: bob.id, role: 'authenticated' }, list)).toBe(false);
    const endUser = { sub: bob.id, role: 'authenticated', email: 'owner@example.test', app_id: 'x' };
    expect(isPlatformOwner(endUser, list)).toBe(false);
    expect(isPlatformOwner(claimsOf(owner), [])).toBe(false);
  });
});

describe('admin API: where the database keeps auth.users to itself', () => {
  it('still lists builders and their usage, without e-mails', async () => {
    await db.asOwner((tx) => tx.query('revoke select on auth.users from service_role'));
    try {
      const { builders } = AdminBuilderList.parse(await (await listAs(owner)).json());
      expect(builders).toHaveLength(3);
      expect(builders.every((b) => b.email === null)).toBe(true);
      expect(builders.find((b) => b.id === alice.id)!.usage.artifactBytes).toBe(3345);
    } finally {
      await db.asOwner((tx) => tx.query('grant select on auth.users to service_role'));
    }
  });
});
