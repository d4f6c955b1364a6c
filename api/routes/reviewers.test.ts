import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionDiff } from '../../runtime/definitions/diff-change.ts';
import type { AppDefinition, WorkflowDefinition } from '../../schemas/definitions.ts';
import {
  ApiErrorBody,
  AppDetail,
  AppList,
  AppVersionList,
  Reviewer,
  ReviewerList,
  SavedVersion,
  SharedAppList,
  SharedWorkflowList,
  WorkflowDetail,
  WorkflowList,
  WorkflowVersionList,
} from '../../schemas/index.ts';
import type { Db, SqlParam } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Issue #5: "Reviewers can read a diff without editing rights." An owner adds another builder
// as a reviewer of one app or workflow; the reviewer reads its summary, versions and diffs, and
// every other route and every write in SQL refuses them.

const examples = new URL('../../schemas/examples/', import.meta.url);
const appExample = () =>
  JSON.parse(readFileSync(new URL('habit-tracker.app.json', examples), 'utf8')) as AppDefinition;
const workflowExample = () =>
  JSON.parse(readFileSync(new URL('daily-digest-bot.workflow.json', examples), 'utf8')) as WorkflowDefinition;

let db: Db;
let server: TestServer;
/** Owns the app and the workflow. */
let olivia: Builder;
/** Olivia's reviewer. */
let rita: Builder;
/** Another builder, never added. */
let mallory: Builder;
let appId: string;
let otherAppId: string;
let workflowId: string;

const call = (who: Builder, method: string, path: string, body?: unknown) =>
  api(server.url, who, method, path, body);
const errorOf = async (response: Response) => ApiErrorBody.parse(await response.json()).error;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  olivia = await signUpBuilder(server.url, 'olivia');
  rita = await signUpBuilder(server.url, 'rita');
  mallory = await signUpBuilder(server.url, 'mallory');

  const app = AppDetail.parse(
    await (await call(olivia, 'POST', '/api/apps', { definition: appExample() })).json(),
  );
  appId = app.id;
  const changed = appExample();
  changed.tables[0]!.label = 'Daily habits';
  const saved = await call(olivia, 'PUT', `/api/apps/${appId}`, { definition: changed, baseVersion: 1 });
  expect(saved.status).toBe(200);
  expect((await call(olivia, 'POST', `/api/apps/${appId}/publish`, {})).status).toBe(200);
  await db.asService('test-fixtures', (tx) =>
    tx.query(`insert into app_data (user_id, app_id, table_id, data) values ($1, $2, 'habits', $3::jsonb)`, [
      olivia.id,
      appId,
      JSON.stringify({ name: 'Secret habit' }),
    ]),
  );
  const other = appExample();
  other.slug = 'private-plans';
  other.name = 'Private plans';
  otherAppId = AppDetail.parse(
    await (await call(olivia, 'POST', '/api/apps', { definition: other })).json(),
  ).id;

  const workflow = WorkflowDetail.parse(
    await (await call(olivia, 'POST', '/api/workflows', { definition: workflowExample() })).json(),
  );
  workflowId = workflow.id;
  const renamed = { ...workflowExample(), name: 'Daily digest, renamed' };
  const savedWorkflow = await call(olivia, 'PUT', `/api/workflows/${workflowId}`, {
    definition: renamed,
    baseVersion: 1,
  });
  expect(savedWorkflow.status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('the owner manages an app’s reviewers', () => {
  it('adds a builder by username and lists them', async () => {
    const added = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, { username: ' Rita ' });
    expect(added.status).toBe(201);
    expect(Reviewer.parse(await added.json()).username).toBe('rita');
    const list = ReviewerList.parse(await (await call(olivia, 'GET', `/api/apps/${appId}/reviewers`)).json());
    expect(list.reviewers.map((r) => r.username)).toEqual(['rita']);
  });

  it('refuses the same reviewer twice (409), the owner (400) and an unknown username (404)', async () => {
    const twice = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, { username: 'rita' });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).message).toMatch(/rita already reviews this app/);

    const self = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, { username: 'olivia' });
    expect(self.status).toBe(400);
    expect((await errorOf(self)).issues).toEqual([
      { path: 'username', message: 'that is you: you own this app' },
    ]);

    const nobody = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, { username: 'nobody-here' });
    expect(nobody.status).toBe(404);
    const error = await errorOf(nobody);
    expect(error.code).toBe('unknown_username');
    expect(error.message).toBe('username: no builder is called "nobody-here"');
  });

  it('names the field when the body is wrong', async () => {
    const missing = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, {});
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).issues).toEqual([{ path: 'username', message: 'is required' }]);
    const bad = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, { username: 'no spaces!' });
    expect((await errorOf(bad)).issues?.[0]?.path).toBe('username');
    const extra = await call(olivia, 'POST', `/api/apps/${appId}/reviewers`, { username: 'rita', role: 'x' });
    expect(extra.status).toBe(400);
    expect((await errorOf(extra)).message).toMatch(/unknown field\(s\): role/);
  });

  it('does not let a builder add, list or remove reviewers of someone else’s app', async () => {
    const add = await call(mallory, 'POST', `/api/apps/${appId}/reviewers`, { username: 'mallory' });
    expect(add.status).toBe(404);
    expect((await call(mallory, 'GET', `/api/apps/${appId}/reviewers`)).status).toBe(404);
    expect((await call(mallory, 'DELETE', `/api/apps/${appId}/reviewers/rita`)).status).toBe(404);
    const list = ReviewerList.parse(await (await call(olivia, 'GET', `/api/apps/${appId}/reviewers`)).json());
    expect(list.reviewers.map((r) => r.username)).toEqual(['rita']);
  });
});

describe('a reviewer reads an app’s versions and diffs', () => {
  it('finds it under “shared with you”, not among their own apps', async () => {
    const shared = SharedAppList.parse(await (await call(rita, 'GET', '/api/shared-with-me/apps')).json());
    expect(shared.apps).toEqual([
      expect.objectContaining({ id: appId, access: 'reviewer', owner: 'olivia', name: 'Habit Tracker' }),
    ]);
    expect(shared.apps[0]!.url).toMatch(/\/u\/olivia\/habit-tracker$/);
    const own = AppList.parse(await (await call(rita, 'GET', '/api/apps')).json());
    expect(own.apps).toEqual([]);
    const owners = AppList.parse(await (await call(olivia, 'GET', '/api/apps')).json());
    expect(owners.apps.map((a) => a.id).sort()).toEqual([appId, otherAppId].sort());
  });

  it('reads the summary (saying reviewer), the versions, one version and a diff', async () => {
    const detail = AppDetail.parse(await (await call(rita, 'GET', `/api/apps/${appId}`)).json());
    expect(detail).toMatchObject({ access: 'reviewer', owner: 'olivia', currentVersion: 2 });
    const mine = AppDetail.parse(await (await call(olivia, 'GET', `/api/apps/${appId}`)).json());
    expect(mine).toMatchObject({ access: 'owner', owner: 'olivia' });

    const versions = AppVersionList.parse(
      await (await call(rita, 'GET', `/api/apps/${appId}/versions`)).json(),
    ).versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const one = SavedVersion.parse(await (await call(rita, 'GET', `/api/apps/${appId}/versions/1`)).json());
    expect((one.definition as AppDefinition).tables[0]!.label).toBe('Habits');
    const diff = DefinitionDiff.parse(
      await (await call(rita, 'GET', `/api/apps/${appId}/versions/1/diff/2`)).json(),
    );
    expect(diff.changes.map((c) => c.summary).join('\n')).toMatch(/Daily habits/);
  });

  it('is refused (403, saying reviewers only read) every change: draft, publish, delete, reviewers', async () => {
    const attempts: [string, string, unknown?][] = [
      ['PUT', `/api/apps/${appId}`, { definition: appExample(), baseVersion: 2 }],
      ['POST', `/api/apps/${appId}/publish`, {}],
      ['DELETE', `/api/apps/${appId}`],
      ['GET', `/api/apps/${appId}/reviewers`],
      ['POST', `/api/apps/${appId}/reviewers`, { username: 'mallory' }],
      ['DELETE', `/api/apps/${appId}/reviewers/rita`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(rita, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      const error = await errorOf(response);
      expect(error.code).toBe('reviewer_read_only');
      expect(error.message).toMatch(/reviewers can only read its versions and diffs/);
    }
    const after = AppDetail.parse(await (await call(olivia, 'GET', `/api/apps/${appId}`)).json());
    expect(after.currentVersion).toBe(2);
  });

  it('reaches none of the app’s data: rows, CSV, end users, the published app', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/apps/${appId}/tables/habits/export.csv`],
      ['POST', `/api/apps/${appId}/tables/habits/import`, { csv: 'name\nplanted' }],
      ['GET', `/api/apps/${appId}/end-users`],
      ['POST', `/api/apps/${appId}/end-users`, { email: 'spy@example.test' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(rita, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(response)).code).toBe('reviewer_read_only');
    }
    // The published app is invite-only: a reviewer's builder session is not the owner's.
    const data = await fetch(`${server.url}/u/olivia/habit-tracker/rest/v1/habits`, {
      headers: { authorization: `Bearer ${rita.token}` },
    });
    expect(data.status).toBe(401);
  });

  it('sees no other app of the same owner', async () => {
    for (const path of ['', '/versions', '/versions/1', '/versions/1/diff/1', '/reviewers']) {
      const response = await call(rita, 'GET', `/api/apps/${otherAppId}${path}`);
      expect(response.status, path).toBe(404);
    }
    expect(
      (await call(rita, 'PUT', `/api/apps/${otherAppId}`, { definition: appExample(), baseVersion: 1 }))
        .status,
    ).toBe(404);
  });
});

describe('a reviewer in SQL (under their own claims)', () => {
  const asRita = async (sql: string, params: SqlParam[] = []) => {
    try {
      const rows = await db.withUser({ sub: rita.id, role: 'authenticated' }, (tx) => tx.query(sql, params));
      return { rows: rows.length };
    } catch (error) {
      return { code: (error as { code: string }).code };
    }
  };

  it('reads the definition and its versions, and nothing else of the app or its owner', async () => {
    expect(await asRita('select 1 from app_definitions where id = $1', [appId])).toEqual({ rows: 1 });
    expect(await asRita('select 1 from definition_versions where app_id = $1', [appId])).toEqual({ rows: 2 });
    expect(await asRita('select 1 from app_definitions where id = $1', [otherAppId])).toEqual({ rows: 0 });
    expect(await asRita('select 1 from definition_versions where app_id = $1', [otherAppId])).toEqual({
      rows: 0,
    });
    for (const table of ['app_data', 'app_access', 'app_end_users', 'app_files', 'mail_outbox'])
      expect(await asRita(`select 1 from ${table} where app_id = $1`, [appId]), table).toEqual({ rows: 0 });
    expect(await asRita('select 1 from profiles where id = $1', [olivia.id])).toEqual({ rows: 0 });
    expect(await asRita('select 1 from definition_reviewers where app_id = $1', [appId])).toEqual({
      rows: 1,
    });
  });

  it('cannot change the definition, add versions or change who reviews it', async () => {
    const refused: [string, SqlParam[]][] = [
      ['update app_definitions set name = $2 where id = $1 returning 1', [appId, 'Hijacked']],
      ['update app_definitions set current_version = 9 where id = $1 returning 1', [appId]],
      ['delete from app_definitions where id = $1 returning 1', [appId]],
      ['select 1 from app_definitions where id = $1 for update', [appId]],
      ['delete from definition_versions where app_id = $1 returning 1', [appId]],
      ['delete from definition_reviewers where app_id = $1 returning 1', [appId]],
    ];
    for (const [sql, params] of refused) {
      const result = await asRita(sql, params);
      expect(['{"rows":0}', '{"code":"42501"}'], sql).toContain(JSON.stringify(result));
    }
    const inserts: [string, SqlParam[]][] = [
      [
        `insert into definition_versions (app_id, version, definition, author) values ($1, 3, '{}', 'builder')`,
        [appId],
      ],
      [
        `insert into definition_versions (user_id, app_id, version, definition, author) values ($2, $1, 3, '{}', 'builder')`,
        [appId, olivia.id],
      ],
      [`insert into definition_reviewers (app_id, reviewer_id) values ($1, $2)`, [appId, mallory.id]],
      [`insert into app_data (app_id, table_id, data) values ($1, 'habits', '{}')`, [appId]],
      [`update definition_reviewers set reviewer_id = $2 where app_id = $1`, [appId, mallory.id]],
    ];
    for (const [sql, params] of inserts) {
      const result = await asRita(sql, params);
      expect(['42501', '23503'], sql).toContain((result as { code?: string }).code);
    }
    const [app] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ name: string; current_version: number }>(
        'select name, current_version from app_definitions where id = $1',
        [appId],
      ),
    );
    expect(app).toEqual({ name: 'Habit Tracker', current_version: 2 });
  });
});

describe('removing a reviewer', () => {
  it('ends their access at once', async () => {
    expect((await call(rita, 'GET', `/api/apps/${appId}/versions/1/diff/2`)).status).toBe(200);
    expect((await call(olivia, 'DELETE', `/api/apps/${appId}/reviewers/rita`)).status).toBe(204);
    for (const path of ['', '/versions', '/versions/1', '/versions/1/diff/2'])
      expect((await call(rita, 'GET', `/api/apps/${appId}${path}`)).status, path).toBe(404);
    const shared = SharedAppList.parse(await (await call(rita, 'GET', '/api/shared-with-me/apps')).json());
    expect(shared.apps).toEqual([]);
    expect((await call(olivia, 'DELETE', `/api/apps/${appId}/reviewers/rita`)).status).toBe(404);
  });
});

describe('workflow reviewers', () => {
  it('the owner adds one; they read the workflow, its versions and a diff', async () => {
    const added = await call(olivia, 'POST', `/api/workflows/${workflowId}/reviewers`, { username: 'rita' });
    expect(added.status).toBe(201);
    const shared = SharedWorkflowList.parse(
      await (await call(rita, 'GET', '/api/shared-with-me/workflows')).json(),
    );
    expect(shared.workflows).toEqual([
      expect.objectContaining({ id: workflowId, access: 'reviewer', owner: 'olivia' }),
    ]);
    expect(WorkflowList.parse(await (await call(rita, 'GET', '/api/workflows')).json()).workflows).toEqual(
      [],
    );

    const detail = WorkflowDetail.parse(
      await (await call(rita, 'GET', `/api/workflows/${workflowId}`)).json(),
    );
    expect(detail).toMatchObject({ access: 'reviewer', owner: 'olivia', name: 'Daily digest, renamed' });
    const versions = WorkflowVersionList.parse(
      await (await call(rita, 'GET', `/api/workflows/${workflowId}/versions`)).json(),
    );
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1]);
    const diff = await call(rita, 'GET', `/api/workflows/${workflowId}/versions/1/diff/2`);
    expect(diff.status).toBe(200);
    expect(DefinitionDiff.parse(await diff.json()).changes.length).toBeGreaterThan(0);
  });

  it('refuses the reviewer every change, and the owner’s adding themselves or someone unknown', async () => {
    const attempts: [string, string, unknown?][] = [
      ['PUT', `/api/workflows/${workflowId}`, { definition: workflowExample(), baseVersion: 2 }],
      ['DELETE', `/api/workflows/${workflowId}`],
      ['POST', `/api/workflows/${workflowId}/activate`, {}],
      ['GET', `/api/workflows/${workflowId}/reviewers`],
      ['POST', `/api/workflows/${workflowId}/reviewers`, { username: 'mallory' }],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(rita, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(response)).message).toMatch(/You review this workflow: reviewers can only read/);
    }
    expect(
      (await call(olivia, 'POST', `/api/workflows/${workflowId}/reviewers`, { username: 'olivia' })).status,
    ).toBe(400);
    expect(
      (await call(olivia, 'POST', `/api/workflows/${workflowId}/reviewers`, { username: 'ghost-user' }))
        .status,
    ).toBe(404);
    expect(
      (await call(olivia, 'POST', `/api/workflows/${workflowId}/reviewers`, { username: 'rita' })).status,
    ).toBe(409);
    expect(
      (await call(mallory, 'POST', `/api/workflows/${workflowId}/reviewers`, { username: 'mallory' })).status,
    ).toBe(404);
  });

  it('in SQL the reviewer cannot update the workflow or add a version', async () => {
    const asRita = (sql: string, params: SqlParam[]) =>
      db
        .withUser({ sub: rita.id, role: 'authenticated' }, (tx) => tx.query(sql, params))
        .then((rows) => ({ rows: rows.length }))
        .catch((error: { code: string }) => ({ code: error.code }));
    expect(
      await asRita('update workflow_definitions set name = $2 where id = $1 returning 1', [workflowId, 'x']),
    ).toEqual({
      rows: 0,
    });
    const insert = await asRita(
      `insert into definition_versions (workflow_id, version, definition, author) values ($1, 3, '{}', 'builder')`,
      [workflowId],
    );
    expect(['42501', '23503']).toContain((insert as { code?: string }).code);
    for (const table of ['workflow_runs', 'workflow_state'])
      expect(await asRita(`select 1 from ${table} where workflow_id = $1`, [workflowId]), table).toEqual({
        rows: 0,
      });
  });

  it('the owner lists and removes the reviewer, who then finds nothing', async () => {
    const list = ReviewerList.parse(
      await (await call(olivia, 'GET', `/api/workflows/${workflowId}/reviewers`)).json(),
    );
    expect(list.reviewers.map((r) => r.username)).toEqual(['rita']);
    expect((await call(olivia, 'DELETE', `/api/workflows/${workflowId}/reviewers/rita`)).status).toBe(204);
    expect((await call(rita, 'GET', `/api/workflows/${workflowId}`)).status).toBe(404);
    expect((await call(rita, 'GET', `/api/workflows/${workflowId}/versions/1/diff/2`)).status).toBe(404);
  });
});
