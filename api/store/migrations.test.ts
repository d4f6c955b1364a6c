import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrationSets } from '../platform/node/migration-files.ts';
import { openTestDb } from '../testing/test-db.ts';
import type { Db } from './db.ts';
import { migrationFromFile, runMigrations } from './migrations.ts';

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

describe('migration runner', () => {
  it('has recorded every migration of both sets, and a second run applies nothing', async () => {
    const sets = await loadMigrationSets(true);
    const expected = sets.flatMap(({ set, migrations }) => migrations.map((m) => `${set}/${m.version}`));
    const recorded = await db.asOwner((tx) =>
      tx.query<{ id: string }>(
        `select migration_set || '/' || version as id from bp_internal.schema_migrations order by 1`,
      ),
    );
    expect(recorded.map((r) => r.id)).toEqual(expected.sort());
    expect(await runMigrations(db, sets)).toEqual([]);
  });

  it('applies a new migration once, in order, and records it', async () => {
    const set = {
      set: 'test',
      migrations: [
        migrationFromFile('20990101000001_second.sql', 'insert into bp_test_log values (2);'),
        migrationFromFile(
          '20990101000000_first.sql',
          'create table bp_test_log (n int); insert into bp_test_log values (1);',
        ),
      ],
    };
    expect(await runMigrations(db, [set])).toEqual([
      'test/20990101000000_first',
      'test/20990101000001_second',
    ]);
    expect(await runMigrations(db, [set])).toEqual([]);
    const rows = await db.asOwner((tx) => tx.query<{ n: number }>('select n from bp_test_log order by n'));
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rolls back a failing migration whole and names it', async () => {
    const set = {
      set: 'test-broken',
      migrations: [
        migrationFromFile(
          '20990102000000_broken.sql',
          'create table bp_half (n int); select no_such_function();',
        ),
      ],
    };
    await expect(runMigrations(db, [set])).rejects.toThrow(
      /test-broken\/20990102000000_broken failed: .*no_such_function/,
    );
    const table = await db.asOwner((tx) => tx.query(`select to_regclass('public.bp_half') as t`));
    expect(table).toEqual([{ t: null }]);
    const recorded = await db.asOwner((tx) =>
      tx.query(`select 1 from bp_internal.schema_migrations where migration_set = 'test-broken'`),
    );
    expect(recorded).toEqual([]);
  });

  it('refuses a file name without a timestamp', () => {
    expect(() => migrationFromFile('core.sql', '')).toThrow(
      /must be named \{14-digit timestamp\}_\{name\}\.sql/,
    );
  });
});
