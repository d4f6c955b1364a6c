import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskBoard } from '../routes/data-api/data-api.fixture.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb, usingPostgres } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { insertAppRows } from './app-rows.ts';
import type { Db, JwtClaims } from './db.ts';
import { limitFromDbError } from './limits.ts';

// The rows-per-app counter (migration 20261125011000): kept per statement from transition
// tables, exact across apps, bulk statements and concurrent inserts, and still the plan's limit.

let db: Db;
let server: TestServer;
let builder: Builder;
let claims: JwtClaims;
const apps: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'erin');
  claims = { sub: builder.id, role: 'authenticated' };
  for (const slug of ['first', 'second']) {
    const created = await api(server.url, builder, 'POST', '/api/apps', { definition: taskBoard(slug) });
    expect(created.status).toBe(201);
    apps.push(((await created.json()) as { id: string }).id);
  }
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const rows = (n: number, label: string) =>
  Array.from({ length: n }, (_, i) => ({ id: crypto.randomUUID(), data: { title: `${label} ${i}` } }));

/** Each app's counter beside its real number of rows. */
const counters = () =>
  db.asService('test-fixtures', (tx) =>
    tx.query<{ counter: number; stored: number }>(
      `select a.row_count as counter, (select count(*)::int from app_data d where d.app_id = a.id) as stored
       from app_definitions a where a.id = any($1::uuid[]) order by a.id = $2 desc`,
      [`{${apps.join(',')}}`, apps[0]!],
    ),
  );
const setLimit = (max: number) =>
  db.asService('test-fixtures', (tx) =>
    tx.query("update plans set rows_per_app = $1 where id = 'free'", [max]),
  );

describe('the rows-per-app counter', () => {
  it('runs once per statement, from transition tables', async () => {
    const triggers = await db.asOwner((tx) =>
      tx.query<{ name: string; per_row: boolean; new_table: string | null; old_table: string | null }>(
        `select tgname as name, (tgtype & 1) = 1 as per_row, tgnewtable as new_table, tgoldtable as old_table
         from pg_trigger where tgrelid = 'public.app_data'::regclass and tgname like 'app_data_count%'
         order by tgname`,
      ),
    );
    expect(triggers).toEqual([
      { name: 'app_data_count_deleted_rows', per_row: false, new_table: null, old_table: 'old_rows' },
      { name: 'app_data_count_rows', per_row: false, new_table: 'new_rows', old_table: null },
    ]);
  });

  it('stays exact for statements over several apps, inserting and deleting', async () => {
    await db.withUser(claims, async (tx) => {
      await insertAppRows(tx, apps[0]!, 'tasks', rows(1200, 'bulk'));
      await insertAppRows(tx, apps[1]!, 'tasks', rows(7, 'small'));
      // One statement deleting rows of both apps.
      await tx.query(
        `delete from app_data where id in (
           (select id from app_data where app_id = $1 order by created_at limit 200)
           union all (select id from app_data where app_id = $2 order by id limit 3))`,
        [apps[0]!, apps[1]!],
      );
    });
    expect(await counters()).toEqual([
      { counter: 1000, stored: 1000 },
      { counter: 4, stored: 4 },
    ]);
  });

  it('refuses a bulk insert that crosses the limit whole, naming the limit and the count before it', async () => {
    const before = (await counters())[0]!.counter;
    await setLimit(before + 5);
    try {
      const over = db.withUser(claims, (tx) => insertAppRows(tx, apps[0]!, 'tasks', rows(6, 'over')));
      const error = await over.catch((e: unknown) => e);
      expect(limitFromDbError(error)).toEqual({
        name: 'rows_per_app',
        max: before + 5,
        current: before,
        plan: 'free',
      });
      await db.withUser(claims, (tx) => insertAppRows(tx, apps[0]!, 'tasks', rows(5, 'fits')));
      expect((await counters())[0]).toEqual({ counter: before + 5, stored: before + 5 });
    } finally {
      await setLimit(10_000);
    }
  });

  it.runIf(usingPostgres())('lets only one of two concurrent inserts take the last free rows', async () => {
    const before = (await counters())[0]!.counter;
    await setLimit(before + 30);
    try {
      const results = await Promise.allSettled(
        ['left', 'right'].map((label) =>
          db.withUser(claims, (tx) => insertAppRows(tx, apps[0]!, 'tasks', rows(20, label))),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(limitFromDbError(failed.reason)).toMatchObject({ name: 'rows_per_app', current: before + 20 });
      expect((await counters())[0]).toEqual({ counter: before + 20, stored: before + 20 });
    } finally {
      await setLimit(10_000);
    }
  });
});
