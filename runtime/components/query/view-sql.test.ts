import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilterCondition, FilterGroup, View } from '../../../schemas/definitions.ts';
import { indexesForViews, indexPrefix } from './indexes.ts';
import { parseReadQuery } from './postgrest.ts';
import {
  APP_DATA_DDL,
  APP_ID,
  END_USER,
  PEOPLE,
  peopleApp,
  personId,
  type Query,
  type SeedRow,
  seedDatabase,
  seedRows,
  visitorVisibility,
} from './query.fixture.ts';
import { compileSelect } from './sql.ts';
import { type Cursor, compileViewQuery, type ViewQueryOptions, viewCursor } from './view-sql.ts';

// Views page by keyset on PGlite: walking every page must give exactly the full ordering, and the
// derived indexes must be the ones the planner picks.

let pg: PGlite;
const db: Query = async (text, params) => (await pg.query<Record<string, unknown>>(text, params)).rows;

beforeAll(async () => {
  pg = await PGlite.create();
  await pg.exec(APP_DATA_DDL);
  await seedDatabase(db);
});
afterAll(async () => {
  await pg.close();
});

const app = peopleApp();
const people = seedRows().filter((r) => r.tableId === 'people');
const view = (id: string) => app.views.find((v) => v.id === id) as View;

async function page(v: View, options: Partial<ViewQueryOptions> = {}) {
  const compiled = compileViewQuery(v, { app, appId: APP_ID, ...options });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return db(compiled.value.text, compiled.value.params);
}

/** Every row of the view, one keyset page after another. */
async function walk(v: View, limit: number, options: Partial<ViewQueryOptions> = {}) {
  const seen: string[] = [];
  let after: Cursor | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const rows = await page(v, { ...options, after, limit });
    seen.push(...rows.map((r) => r.id as string));
    if (rows.length < limit) return seen;
    after = viewCursor(rows.at(-1) as { id: string });
  }
  throw new Error('did not finish');
}

type Key = { field: string; direction: 'asc' | 'desc'; value?: (row: SeedRow) => unknown };

/** The view's order computed in JavaScript: empty values last both ways, then id. */
function oracle(rows: SeedRow[], keys: Key[], idDirection: 'asc' | 'desc') {
  const keyValue = (row: SeedRow, key: Key) => (key.value ? key.value(row) : row.data[key.field]);
  return [...rows]
    .sort((x, y) => {
      for (const key of keys) {
        const a = keyValue(x, key) as string | number | undefined;
        const b = keyValue(y, key) as string | number | undefined;
        if (a === b) continue;
        if (a === undefined || b === undefined) return a === undefined ? 1 : -1;
        return (a < b ? -1 : 1) * (key.direction === 'asc' ? 1 : -1);
      }
      return (x.id < y.id ? -1 : 1) * (idDirection === 'asc' ? 1 : -1);
    })
    .map((r) => r.id);
}

describe('keyset pagination walks every row exactly once, in order', () => {
  it('list, one key descending, with a filter (row comparison)', async () => {
    const want = oracle(
      people.filter((r) => r.data.level === 'senior'),
      [{ field: 'age', direction: 'desc' }],
      'desc',
    );
    expect(await walk(view('seniors'), 7)).toEqual(want);
    expect(await walk(view('seniors'), 1)).toEqual(want);
  });

  it('list, two keys ascending with empty values', async () => {
    const keys: Key[] = [
      { field: 'birthday', direction: 'asc' },
      { field: 'name', direction: 'asc' },
    ];
    expect(await walk(view('roster'), 5)).toEqual(oracle(people, keys, 'asc'));
  });

  it('card grid, mixed directions (the OR form)', async () => {
    const keys: Key[] = [
      { field: 'score', direction: 'desc' },
      { field: 'name', direction: 'asc' },
    ];
    expect(await walk(view('cards'), 4)).toEqual(oracle(people, keys, 'asc'));
  });

  it('kanban: the natural order, created_at ties broken by id', async () => {
    expect(await walk(view('board'), 3)).toEqual(people.map((r) => r.id));
  });

  it('calendars: by a date, and by a date-time as instants', async () => {
    expect(await walk(view('birthdays'), 6)).toEqual(
      oracle(people, [{ field: 'birthday', direction: 'asc' }], 'asc'),
    );
    const instant = (r: SeedRow) =>
      typeof r.data.last_seen === 'string' ? Date.parse(r.data.last_seen) : undefined;
    expect(await walk(view('seen'), 6)).toEqual(
      oracle(people, [{ field: 'last_seen', direction: 'asc', value: instant }], 'asc'),
    );
  });

  it('the page size defaults to the list view’s pageSize, and a row scope applies', async () => {
    expect(await page(view('roster'))).toHaveLength(5);
    const own = await walk(view('board'), 4, { rowScope: { endUserId: END_USER } });
    expect(own).toEqual(people.filter((r) => r.endUserId === END_USER).map((r) => r.id));
  });

  it('refuses bad cursors and views without rows, without throwing', () => {
    const seniors = view('seniors');
    const bad = (after: Cursor) => compileViewQuery(seniors, { app, appId: APP_ID, after });
    expect(bad({ sortValues: [], id: personId(1) })).toMatchObject({ ok: false, error: { status: 400 } });
    expect(bad({ sortValues: ['30'], id: "'; drop table app_data; --" })).toMatchObject({
      ok: false,
      error: { code: '22P02' },
    });
    expect(bad({ sortValues: ['1; drop table app_data'], id: personId(1) })).toMatchObject({
      ok: false,
      error: { code: '22P02' },
    });
    expect(
      compileViewQuery(view('board'), { app, appId: APP_ID, after: { sortValues: [null], id: personId(1) } }),
    ).toMatchObject({ ok: false });
    expect(compileViewQuery(view('person'), { app, appId: APP_ID })).toMatchObject({
      ok: false,
      error: { code: 'PGRST100' },
    });
  });
});

describe('view filters', () => {
  const natural = (predicate: (d: Record<string, unknown>) => boolean) =>
    people.filter((r) => predicate(r.data)).map((r) => r.id);
  const filtered = async (conditions: FilterGroup['conditions'], combinator: 'and' | 'or' = 'and') =>
    (await page(view('board'), { limit: 100, extraFilter: { combinator, conditions } })).map((r) => r.id);
  const text = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

  type Case = readonly [string, FilterCondition, (d: Record<string, unknown>) => boolean];
  it.each<Case>([
    ['eq', { fieldId: 'level', op: 'eq', value: 'mid' }, (d) => d.level === 'mid'],
    [
      'neq also matches empty values',
      { fieldId: 'level', op: 'neq', value: 'mid' },
      (d) => d.level !== 'mid',
    ],
    [
      'lt on a number',
      { fieldId: 'score', op: 'lt', value: 10 },
      (d) => typeof d.score === 'number' && d.score < 10,
    ],
    [
      'gte on a date',
      { fieldId: 'birthday', op: 'gte', value: '1990-01-01' },
      (d) => String(d.birthday ?? '') >= '1990',
    ],
    ['eq on a boolean', { fieldId: 'active', op: 'eq', value: false }, (d) => d.active === false],
    [
      'contains ignores case',
      { fieldId: 'name', op: 'contains', value: 'PERSON 1' },
      (d) => text(d.name).includes('person 1'),
    ],
    [
      'contains treats % literally',
      { fieldId: 'name', op: 'contains', value: '%' },
      (d) => text(d.name).includes('%'),
    ],
    [
      'contains treats _ literally',
      { fieldId: 'name', op: 'contains', value: '_' },
      (d) => text(d.name).includes('_'),
    ],
    [
      'contains with a quote',
      { fieldId: 'name', op: 'contains', value: "'; drop table" },
      (d) => text(d.name).includes("'; drop"),
    ],
    [
      'not_contains also matches empty values',
      { fieldId: 'email', op: 'not_contains', value: 'p1' },
      (d) => !text(d.email).includes('p1'),
    ],
    [
      'starts_with',
      { fieldId: 'name', op: 'starts_with', value: 'person 2' },
      (d) => text(d.name).startsWith('person 2'),
    ],
    ['in', { fieldId: 'age', op: 'in', value: [27, 34] }, (d) => d.age === 27 || d.age === 34],
    [
      'not_in also matches empty values',
      { fieldId: 'level', op: 'not_in', value: ['mid', 'senior'] },
      (d) => d.level !== 'mid' && d.level !== 'senior',
    ],
    ['is_empty', { fieldId: 'tags', op: 'is_empty' }, (d) => (d.tags as string[]).length === 0],
    ['is_not_empty', { fieldId: 'age', op: 'is_not_empty' }, (d) => d.age !== undefined],
    [
      'multi-select eq: has the option',
      { fieldId: 'tags', op: 'eq', value: 'b' },
      (d) => (d.tags as string[]).includes('b'),
    ],
    [
      'multi-select in: has any',
      { fieldId: 'tags', op: 'in', value: ['b', 'c'] },
      (d) => (d.tags as string[]).some((t) => t !== 'a'),
    ],
    [
      'multi-select not_contains',
      { fieldId: 'tags', op: 'not_contains', value: 'a' },
      (d) => !(d.tags as string[]).includes('a'),
    ],
  ])('%s', async (_name, condition, predicate) => {
    const want = natural(predicate);
    expect(want.length).toBeGreaterThan(0);
    expect(await filtered([condition])).toEqual(want);
  });

  it('nested groups, and the view’s own filter with the page’s', async () => {
    const got = await filtered(
      [
        { fieldId: 'active', op: 'eq', value: true },
        { combinator: 'and', conditions: [{ fieldId: 'age', op: 'lt', value: 30 }] },
      ],
      'or',
    );
    expect(got).toEqual(natural((d) => d.active === true || (typeof d.age === 'number' && d.age < 30)));
    const seniorsUnder40 = await page(view('seniors'), {
      limit: 100,
      extraFilter: { combinator: 'and', conditions: [{ fieldId: 'age', op: 'lt', value: 40 }] },
    });
    expect(seniorsUnder40.map((r) => r.id).sort()).toEqual(
      natural((d) => d.level === 'senior' && typeof d.age === 'number' && d.age < 40).sort(),
    );
  });
});

describe('indexesForViews', () => {
  it('derives deterministic, short, partial expression indexes that match the queries', () => {
    const indexes = indexesForViews(app, APP_ID);
    expect(indexesForViews(app, APP_ID)).toEqual(indexes);
    for (const index of indexes) {
      expect(index.name.length).toBeLessThanOrEqual(63);
      expect(index.name.startsWith(indexPrefix(APP_ID))).toBe(true);
      expect(index.sql).toContain(`where app_id = '${APP_ID}'::uuid and table_id = 'people'::text`);
    }
    const seniors = indexes.find((i) => i.sql.includes("'level'"));
    expect(seniors?.sql).toContain(
      "((data->>'level'), (((data->>'age')::numeric) is not null) desc, ((data->>'age')::numeric) desc, id desc",
    );
    // seniors (led by its equality, and again led by its sort for reads under RLS), roster, cards,
    // birthdays; views sorting descending also get the data API's null placement (nulls first).
    // board: natural order (the base index); seen: a date-time in data cannot be indexed.
    expect(indexes).toHaveLength(7);
    expect(indexes.filter((i) => / desc nulls first|is null\) desc/.test(i.sql)).length).toBeGreaterThan(0);
    expect(indexes.filter((i) => i.sql.includes("(data->>'age')::numeric) is not null) desc"))).toHaveLength(
      2,
    );
    expect(() => indexesForViews(app, "x' or 1=1")).toThrow(/UUID/);
  });

  it('makes no index for a view sorted by a rollup, which no index on data can serve', async () => {
    const { readFile } = await import('node:fs/promises');
    const habits = JSON.parse(
      await readFile(new URL('../../../schemas/examples/habit-tracker.app.json', import.meta.url), 'utf8'),
    ) as typeof app;
    const cards = habits.views.find((v) => v.id === 'habit_cards');
    expect(cards && 'sort' in cards ? cards.sort?.[0]?.fieldId : null).toBe('total_check_ins');
    const only = { ...habits, views: habits.views.filter((v) => v.id === 'habit_cards') };
    for (const index of indexesForViews(only, APP_ID)) expect(index.sql).not.toContain('total_check_ins');
  });

  it('creates them, twice without error, and the planner uses them for the first and later pages', async () => {
    for (const index of [...indexesForViews(app, APP_ID), ...indexesForViews(app, APP_ID)])
      await pg.exec(index.sql);
    const names = (
      await db(`select indexname from pg_indexes where indexname like $1`, [`${indexPrefix(APP_ID)}%`])
    ).map((r) => r.indexname);
    expect(names.sort()).toEqual(
      indexesForViews(app, APP_ID)
        .map((i) => i.name)
        .sort(),
    );
    await pg.exec('set enable_seqscan = off; set enable_bitmapscan = off; analyze app_data;');
    for (const id of ['seniors', 'roster', 'cards', 'birthdays']) {
      const first = await page(view(id), { limit: 3 });
      for (const after of [undefined, viewCursor(first.at(-1) as { id: string })]) {
        const compiled = compileViewQuery(view(id), { app, appId: APP_ID, limit: 3, after });
        if (!compiled.ok) throw new Error(compiled.error.message);
        const plan = (await db(`explain ${compiled.value.text}`, compiled.value.params))
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan, `${id}\n${plan}`).toContain(indexPrefix(APP_ID));
        expect(plan, `${id}\n${plan}`).not.toMatch(/\bSort\b/);
      }
    }
    // The data API's PostgREST reads sort the same way, so the same indexes serve them.
    for (const search of ['level=eq.senior&order=age.desc.nullslast', 'order=birthday,name']) {
      const parsed = parseReadQuery(new URLSearchParams(`select=name&limit=3&${search}`), {
        app,
        tableId: 'people',
        visible: visitorVisibility(),
      });
      if (!parsed.ok) throw new Error(parsed.error.message);
      const { text, params } = compileSelect(parsed.value, { appId: APP_ID, tableId: 'people' });
      const plan = (await db(`explain ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, `${search}\n${plan}`).toContain(indexPrefix(APP_ID));
      expect(plan, `${search}\n${plan}`).not.toMatch(/\bSort\b/);
    }
    await pg.exec('reset enable_seqscan; reset enable_bitmapscan;');
    expect((await db('select count(*)::int as n from app_data', []))[0]?.n).toBe(seedRows().length * 2);
    expect(PEOPLE).toBe(50);
  });
});
