import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReadQuery } from './postgrest.ts';
import {
  APP_DATA_DDL,
  APP_ID,
  END_USER,
  jsonAnswers,
  PEOPLE,
  peopleApp,
  personId,
  type Query,
  read,
  seedDatabase,
  seedRows,
  teamId,
  visitorVisibility,
} from './query.fixture.ts';
import { compileSelect, compileSelectJson } from './sql.ts';

// Ordering, paging, counts, embeds and scoping, run for real on PGlite.

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

const people = seedRows().filter((r) => r.tableId === 'people');

async function ok(search: string, options: Parameters<typeof read>[2] = {}) {
  const result = await read(db, search, options);
  if (result.error) throw new Error(`${search}: ${result.error.message}`);
  return result;
}

type Value = number | string | boolean | undefined;

/**
 * The seeded ids sorted by one field as the compiler orders them: empty values where asked, ties
 * broken by id in the same direction (one direction throughout keeps the keyset a row comparison).
 */
function sortedBy(
  field: string,
  direction: 'asc' | 'desc',
  nulls: 'first' | 'last',
  compare: (a: Value, b: Value) => number = (a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0),
) {
  const sign = direction === 'asc' ? 1 : -1;
  return [...people]
    .sort((x, y) => {
      const a = x.data[field] as Value;
      const b = y.data[field] as Value;
      const byId = sign * (x.id < y.id ? -1 : 1);
      if (a === undefined || b === undefined) {
        if (a === b) return byId;
        return (a === undefined) === (nulls === 'first') ? -1 : 1;
      }
      return sign * compare(a, b) || byId;
    })
    .map((r) => r.id);
}

describe('order', () => {
  it.each([
    ['age.asc', 'age', 'asc', 'last'],
    ['age.desc', 'age', 'desc', 'first'],
    ['age.desc.nullslast', 'age', 'desc', 'last'],
    ['age.asc.nullsfirst', 'age', 'asc', 'first'],
    ['score.desc.nullslast', 'score', 'desc', 'last'],
    ['birthday.asc', 'birthday', 'asc', 'last'],
    ['active.desc.nullslast', 'active', 'desc', 'last'],
  ] as const)(
    'order=%s puts empty values where asked and breaks ties by id the same way',
    async (order, field, direction, nulls) => {
      const { rows } = await ok(`select=id&order=${order}`);
      expect(rows.map((r) => r.id)).toEqual(sortedBy(field, direction, nulls));
    },
  );

  it('date-times order as instants, not as text', async () => {
    const { rows } = await ok('select=id&order=last_seen.asc');
    const instant = (v: Value) => Date.parse(String(v));
    expect(rows.map((r) => r.id)).toEqual(
      sortedBy('last_seen', 'asc', 'last', (a, b) => instant(a) - instant(b)),
    );
  });

  it('several terms: the second breaks ties of the first', async () => {
    const { rows } = await ok('select=level,age&level=not.is.null&order=level.asc,age.desc.nullslast');
    const pairs = rows.map((r) => [r.level, r.age] as [string, number | null]);
    const sorted = [...pairs].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : (b[1] ?? -1) - (a[1] ?? -1),
    );
    expect(pairs).toEqual(sorted);
  });

  it('without an order, rows come in the natural order: created_at, then id', async () => {
    const { rows } = await ok('select=id');
    expect(rows.map((r) => r.id)).toEqual(people.map((r) => r.id));
  });
});

describe('limit, offset, count', () => {
  it('pages with limit and offset over a stable order', async () => {
    const all = (await ok('select=id&order=age.desc')).rows.map((r) => r.id);
    const pages: unknown[] = [];
    for (let offset = 0; offset < PEOPLE; offset += 7)
      pages.push(...(await ok(`select=id&order=age.desc&limit=7&offset=${offset}`)).rows.map((r) => r.id));
    expect(pages).toEqual(all);
    expect((await ok('select=id&limit=0')).rows).toEqual([]);
    expect((await ok('select=id&offset=1000')).rows).toEqual([]);
  });

  it('count=exact counts what the filter matches, ignoring limit and offset', async () => {
    const { rows, count } = await ok('select=id&level=eq.mid&limit=2&offset=1', { count: true });
    expect(rows).toHaveLength(2);
    expect(count).toBe(people.filter((r) => r.data.level === 'mid').length);
    expect((await ok('select=id', { count: true })).count).toBe(PEOPLE);
    expect((await ok('select=id&age=in.()', { count: true })).count).toBe(0);
  });
});

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

describe('projection and embeds', () => {
  it('answers with exactly the selected keys, in order, with aliases; timestamps as ISO strings', async () => {
    const { rows } = await ok(`select=years:age,name,id,created,created_at&id=eq.${personId(3)}`);
    expect(rows).toEqual([
      {
        years: 41,
        name: 'back\\slash',
        id: personId(3),
        created: '2026-01-01T00:01:00.000Z',
        created_at: '2026-01-01T00:01:00.000Z',
      },
    ]);
    const [missing] = (await ok(`select=age,active&id=eq.${personId(0)}`)).rows;
    expect(missing).toEqual({ age: null, active: null });
  });

  it('select=* never returns a hidden field, also through embeds', async () => {
    const { rows } = await ok(`select=*,team(*),friends(*)&id=eq.${personId(0)}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveProperty('team.name', 'Red');
    expect(rows[0]).toHaveProperty('friends.1.name', 'under_score');
    expect(keysOf(rows)).not.toContain('salary');
    expect(keysOf(rows)).not.toContain('note');
    const teams = (await ok('select=*,members(*)', { tableId: 'teams' })).rows;
    expect(keysOf(teams)).toContain('members');
    expect(keysOf(teams)).not.toContain('salary');
    expect(keysOf(teams)).not.toContain('note');
    expect(JSON.stringify(teams)).not.toContain('secret');
  });

  it('many_to_one embeds an object or null', async () => {
    const { rows } = await ok(`select=name,team(name,budget)&id=in.(${personId(1)},${personId(4)})`);
    expect(rows).toEqual([
      { name: '50% off', team: { name: 'Blue', budget: 2000 } },
      { name: "'; drop table app_data; --", team: null },
    ]);
    const byTable = (await ok(`select=teams(id)&id=eq.${personId(2)}`)).rows;
    expect(byTable).toEqual([{ teams: { id: teamId(2) } }]);
  });

  it('to-many embeds a list in the stored order; an empty or missing list is []', async () => {
    const { rows } = await ok(`select=id,pals:friends(id,name)&id=in.(${personId(48)},${personId(1)})`);
    expect(rows).toEqual([
      { id: personId(1), pals: [] },
      {
        id: personId(48),
        pals: [
          { id: personId(49), name: 'Person 49' },
          { id: personId(0), name: "O'Brien" },
        ],
      },
    ]);
    const teams = (await ok('select=name,members(id)&order=name', { tableId: 'teams' })).rows;
    const red = people.filter((r) => r.data.team === teamId(0)).map((r) => ({ id: r.id }));
    expect(teams.find((t) => t.name === 'Red')).toEqual({ name: 'Red', members: red });
  });

  it('an embed never reaches another app or a malformed reference', async () => {
    await pg.query(
      `insert into app_data (app_id, table_id, data) values ($1, 'people', '{"name":"broken","team":"not-a-uuid","friends":"x"}')`,
      [APP_ID],
    );
    const { rows } = await ok('select=name,team(*),friends(*)&name=eq.broken');
    expect(rows).toEqual([{ name: 'broken', team: null, friends: [] }]);
    await pg.query(`delete from app_data where data->>'name' = 'broken'`);
  });
});

describe('scoping', () => {
  it("reads only this app's rows of this table", async () => {
    expect((await ok('select=id', { count: true })).count).toBe(PEOPLE);
    expect((await ok('select=id', { tableId: 'teams', count: true })).count).toBe(3);
  });

  it('rowScope keeps an end user to their own rows', async () => {
    const { rows, count } = await ok('select=id', { rowScope: { endUserId: END_USER }, count: true });
    expect(count).toBe(10);
    expect(rows.map((r) => r.id)).toEqual(people.filter((r) => r.endUserId === END_USER).map((r) => r.id));
  });

  it('the statement carries every value from the request as a parameter, and its scope as checked literals', () => {
    const parsed = parseReadQuery(
      new URLSearchParams("select=name,team(*)&name=eq.x'y&or=(age.gt.3,tags.cs.{a})&limit=5"),
      {
        app: peopleApp(),
        tableId: 'people',
        visible: visitorVisibility(),
      },
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    const { text, params } = compileSelect(parsed.value, { appId: APP_ID, tableId: 'people' });
    expect(text).not.toContain("x'y");
    expect(params).toEqual(["x'y", '3', '["a"]', '5']);
    // The app and tables are literals so the partial indexes of published views serve generic plans.
    expect(text).toContain(`r.app_id = '${APP_ID}'::uuid and r.table_id = 'people'::text`);
    expect(text).toContain(`t.app_id = '${APP_ID}'::uuid and t.table_id = 'teams'::text`);
    expect(() => compileSelect(parsed.value, { appId: 'nope', tableId: 'people' })).toThrow(/UUID/);
    expect(() => compileSelect(parsed.value, { appId: APP_ID, tableId: 'teams' })).toThrow(/compiled for/);
  });
});

describe('answers written by Postgres (compileSelectJson)', () => {
  it('agree with projectRows on every read above that has no embed (the fixture compares each one)', () => {
    expect(jsonAnswers.compared).toBeGreaterThan(15);
  });

  it('keep odd aliases as keys and every timestamp in JavaScript ISO form', async () => {
    const { rows } = await ok(`select=a-b:name,__proto__:age,created_at,id&id=eq.${personId(3)}`);
    expect(Object.keys(rows[0]!)).toEqual(['a-b', '__proto__', 'created_at', 'id']);
    expect(rows[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('are not used for embeds, nor above 50 columns', () => {
    const parse = (search: string) => {
      const parsed = parseReadQuery(new URLSearchParams(search), {
        app: peopleApp(),
        tableId: 'people',
        visible: visitorVisibility(),
      });
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value;
    };
    const options = { appId: APP_ID, tableId: 'people' };
    expect(compileSelectJson(parse('select=name,team(*)'), options)).toBeNull();
    const many = Array.from({ length: 51 }, (_, i) => `c${i}:name`).join(',');
    expect(compileSelectJson(parse(`select=${many}`), options)).toBeNull();
    expect(compileSelectJson(parse('select=name'), options)?.text).toContain('json_build_object');
  });
});
