import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../schemas/definitions.ts';
import { ApiErrorBody, AppDetail, AppVersionList, PublishResult, SavedVersion } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const example = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../schemas/examples/${name}.app.json`, import.meta.url), 'utf8'),
  ) as AppDefinition;

let db: Db;
let server: TestServer;
let alice: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const create = async (who: Builder, definition: unknown) =>
  api(server.url, who, 'POST', '/api/apps', { definition });

describe('apps API: drafts, versions, diffs', () => {
  let appId: string;

  it('creates an app from a valid definition', async () => {
    const response = await create(alice, example('habit-tracker'));
    expect(response.status).toBe(201);
    const detail = AppDetail.parse(await response.json());
    expect(detail).toMatchObject({
      slug: 'habit-tracker',
      currentVersion: 1,
      publishedVersion: null,
      problems: [],
      // The caller's access to it (issue #5: reviewers read others' apps).
      access: 'owner',
      owner: 'alice',
    });
    appId = detail.id;
  });

  it('refuses an invalid definition with every problem and its path', async () => {
    const broken = example('habit-tracker');
    broken.slug = 'habits-2';
    broken.views[0]!.tableId = 'nowhere';
    broken.access.defaultRoleId = 'ghost';
    const response = await create(alice, broken);
    expect(response.status).toBe(400);
    const error = ApiErrorBody.parse(await response.json()).error;
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'definition.views[0].tableId', message: 'there is no table "nowhere"' },
        { path: 'definition.access.defaultRoleId', message: 'there is no role "ghost"' },
      ]),
    );
  });

  it('refuses a second app with the same slug', async () => {
    const response = await create(alice, example('habit-tracker'));
    expect(response.status).toBe(409);
    expect(ApiErrorBody.parse(await response.json()).error.message).toMatch(
      /already have an app at "habit-tracker"/,
    );
  });

  it('saves drafts as versions, even invalid ones, and refuses a stale base version', async () => {
    const draft = example('habit-tracker');
    draft.name = 'Habits';
    const saved = await api(server.url, alice, 'PUT', `/api/apps/${appId}`, {
      definition: draft,
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    expect(AppDetail.parse(await saved.json())).toMatchObject({
      currentVersion: 2,
      name: 'Habits',
      problems: [],
    });

    const stale = await api(server.url, alice, 'PUT', `/api/apps/${appId}`, {
      definition: draft,
      baseVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(ApiErrorBody.parse(await stale.json()).error.message).toMatch(/now at version 2/);

    const invalid = structuredClone(draft);
    invalid.views[0]!.tableId = 'nowhere';
    const savedInvalid = await api(server.url, alice, 'PUT', `/api/apps/${appId}`, {
      definition: invalid,
      baseVersion: 2,
    });
    expect(savedInvalid.status).toBe(200);
    const detail = AppDetail.parse(await savedInvalid.json());
    expect(detail.currentVersion).toBe(3);
    expect(detail.problems).toContainEqual({
      path: 'views[0].tableId',
      message: 'there is no table "nowhere"',
    });
  });

  it('lists versions with who saved them and what changed, and diffs two of them', async () => {
    const versions = AppVersionList.parse(
      await (await api(server.url, alice, 'GET', `/api/apps/${appId}/versions`)).json(),
    );
    expect(versions.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions.versions.map((v) => [v.author, v.summary])).toEqual([
      ['builder', expect.stringMatching(/^View .*table/i)],
      ['builder', 'App "Habit Tracker" renamed to "Habits"'],
      ['builder', 'Created'],
    ]);
    const one = await api(server.url, alice, 'GET', `/api/apps/${appId}/versions/2`);
    expect(SavedVersion.parse(await one.json())).toMatchObject({
      version: 2,
      definition: { name: 'Habits' },
    });
    expect((await api(server.url, alice, 'GET', `/api/apps/${appId}/versions/9`)).status).toBe(404);
    const diff = (await (
      await api(server.url, alice, 'GET', `/api/apps/${appId}/versions/1/diff/2`)
    ).json()) as { changes: { summary: string }[] };
    expect(diff.changes.map((c) => c.summary)).toContain('app "Habit Tracker" renamed to "Habits"');
    expect((await api(server.url, alice, 'GET', `/api/apps/${appId}/versions/1/diff/9`)).status).toBe(404);
  });

  it('will not publish an invalid draft', async () => {
    const response = await api(server.url, alice, 'POST', `/api/apps/${appId}/publish`, {});
    expect(response.status).toBe(400);
    expect(ApiErrorBody.parse(await response.json()).error.issues?.[0]?.path).toBe(
      'definition.views[0].tableId',
    );
  });

  it('publishes a valid version and answers with its URL', async () => {
    const response = await api(server.url, alice, 'POST', `/api/apps/${appId}/publish`, { version: 2 });
    expect(response.status).toBe(200);
    const result = PublishResult.parse(await response.json());
    expect(result).toMatchObject({
      published: true,
      version: 2,
      url: `${server.url}/u/alice/habit-tracker`,
      dataImpact: [],
    });
    // The views' filters and sorts got their expression indexes.
    expect(result.indexes!.length).toBeGreaterThan(0);
    const made = await db.asOwner((tx) =>
      tx.query<{ indexname: string }>(
        `select indexname from pg_indexes where tablename = 'app_data' and indexname = any($1::text[])`,
        [`{${result.indexes!.join(',')}}`],
      ),
    );
    expect(made.map((i) => i.indexname).sort()).toEqual([...result.indexes!].sort());
    const detail = AppDetail.parse(await (await api(server.url, alice, 'GET', `/api/apps/${appId}`)).json());
    expect(detail.publishedVersion).toBe(2);
  });

  it('reports what a publish does to stored values of removed and retyped fields, deleting none', async () => {
    const first = example('habit-tracker');
    first.slug = 'impact';
    const table = first.tables[0]!;
    table.fields.push(
      { id: 'old_note', label: 'Old note', type: 'text' },
      { id: 'score', label: 'Score', type: 'text' },
    );
    const created = AppDetail.parse(await (await create(alice, first)).json());
    expect((await api(server.url, alice, 'POST', `/api/apps/${created.id}/publish`, {})).status).toBe(200);
    await db.asService('test-fixtures', async (tx) => {
      for (let i = 0; i < 3; i++) {
        const data = { old_note: `note ${i}`, ...(i < 2 ? { score: String(i * 10) } : {}) };
        await tx.query(
          'insert into app_data (user_id, app_id, table_id, data) values ($1, $2, $3, $4::jsonb)',
          [alice.id, created.id, table.id, JSON.stringify(data)],
        );
      }
    });
    const next = structuredClone(first);
    next.tables[0]!.fields = next.tables[0]!.fields.filter((f) => f.id !== 'old_note');
    Object.assign(next.tables[0]!.fields.find((f) => f.id === 'score')!, { type: 'number' });
    const saved = AppDetail.parse(
      await (
        await api(server.url, alice, 'PUT', `/api/apps/${created.id}`, { definition: next, baseVersion: 1 })
      ).json(),
    );
    expect(saved.problems).toEqual([]);
    const result = PublishResult.parse(
      await (await api(server.url, alice, 'POST', `/api/apps/${created.id}/publish`, {})).json(),
    );
    expect(result.published).toBe(true);
    expect(result.dataImpact).toEqual([
      expect.objectContaining({ tableId: table.id, fieldId: 'old_note', change: 'field_removed', rows: 3 }),
      expect.objectContaining({ tableId: table.id, fieldId: 'score', change: 'field_retyped', rows: 2 }),
    ]);
    expect(result.dataImpact[1]!.message).toMatch(
      /changed from text to number; its 2 stored value\(s\) are kept unchanged/,
    );
    const stored = await db.asService('test-fixtures', (tx) =>
      tx.query<{ n: number }>(
        `select count(*)::int as n from app_data where app_id = $1 and data ? 'old_note'`,
        [created.id],
      ),
    );
    expect(stored).toEqual([{ n: 3 }]);
  });

  it('a builder cannot publish by writing the column directly, or rewrite a saved version', async () => {
    const claims = { sub: alice.id, role: 'authenticated' };
    await expect(
      db.withUser(claims, (tx) =>
        tx.query('update app_definitions set published_version = 3 where id = $1', [appId]),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      db.withUser(claims, (tx) =>
        tx.query(`update definition_versions set definition = '{}' where app_id = $1`, [appId]),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      db.withUser(claims, (tx) =>
        tx.query('update app_definitions set row_count = 0 where id = $1', [appId]),
      ),
    ).rejects.toThrow(/permission denied/);
    // Nor by creating an app that starts out published, public, or with a negative row count.
    for (const [column, value] of [
      ['published_version', '1'],
      ['row_count', '-100000'],
      ['published_at', 'now()'],
    ] as const)
      await expect(
        db.withUser(claims, (tx) =>
          tx.query(
            `insert into app_definitions (name, slug, ${column}) values ('Sneaky', 'sneaky-${column.replace('_', '-')}', ${value})`,
          ),
        ),
        column,
      ).rejects.toThrow(/permission denied/);
    // Nor make a reviewed app public behind the review's back.
    await expect(
      db.withUser(claims, (tx) =>
        tx.query("update app_access set level = 'public' where app_id = $1", [appId]),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      db.withUser(claims, (tx) => tx.query('delete from app_access where app_id = $1', [appId])),
    ).rejects.toThrow(/permission denied/);
    const plain = await db.withUser(claims, (tx) =>
      tx.query<{ published_version: number | null }>(
        "insert into app_definitions (name, slug) values ('Plain', 'plain-insert') returning published_version",
      ),
    );
    expect(plain).toEqual([{ published_version: null }]);
  });

  it('another builder sees none of it', async () => {
    const bob = await signUpBuilder(server.url, 'bob');
    expect((await api(server.url, bob, 'GET', `/api/apps/${appId}`)).status).toBe(404);
    expect((await api(server.url, bob, 'POST', `/api/apps/${appId}/publish`, {})).status).toBe(404);
    expect((await api(server.url, bob, 'GET', `/api/apps/${appId}/versions/1/diff/2`)).status).toBe(404);
    expect((await api(server.url, bob, 'GET', `/api/apps/${appId}/versions/1`)).status).toBe(404);
    expect((await api(server.url, bob, 'DELETE', `/api/apps/${appId}`)).status).toBe(404);
    expect(await (await api(server.url, bob, 'GET', '/api/apps')).json()).toEqual({ apps: [] });
  });
});

describe('publishing: review and limits', () => {
  it('blocks a public app that lets anyone delete every row, and says why', async () => {
    const carol = await signUpBuilder(server.url, 'carol');
    const risky = example('habit-tracker');
    risky.slug = 'risky';
    risky.access.level = 'public';
    const visitor = risky.access.roles.find((r) => r.id === risky.access.defaultRoleId)!;
    for (const permission of visitor.tables)
      Object.assign(permission, { update: true, delete: true, rowScope: 'all' });
    const created = AppDetail.parse(await (await create(carol, risky)).json());
    const response = await api(server.url, carol, 'POST', `/api/apps/${created.id}/publish`, {});
    expect(response.status).toBe(422);
    const result = PublishResult.parse(await response.json());
    expect(result.published).toBe(false);
    expect(result.findings.some((f) => f.severity === 'blocker')).toBe(true);
    const detail = AppDetail.parse(
      await (await api(server.url, carol, 'GET', `/api/apps/${created.id}`)).json(),
    );
    expect(detail.publishedVersion).toBeNull();
  });

  it('stops at 3 published apps on the free plan with a 403 naming the limit', async () => {
    const dave = await signUpBuilder(server.url, 'dave');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const definition = example('habit-tracker');
      definition.slug = `habits-${i}`;
      const created = AppDetail.parse(await (await create(dave, definition)).json());
      const response = await api(server.url, dave, 'POST', `/api/apps/${created.id}/publish`, {});
      statuses.push(response.status);
      if (i === 3) {
        const error = ApiErrorBody.parse(await response.json()).error;
        expect(error.limit).toMatchObject({ name: 'published_apps', max: 3, plan: 'free' });
        expect(error.message).toMatch(/at most 3 published apps on the free plan/);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 403]);
  });
});
