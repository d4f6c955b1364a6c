import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_DATA_DDL,
  personId,
  type Query,
  read,
  type SeedRow,
  seedDatabase,
  seedRows,
  TRICKY_NAMES,
  teamId,
} from './query.fixture.ts';

// Every operator, run for real on PGlite over the seeded people, checked against the same
// predicate evaluated in JavaScript over the seed.

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

/** The ids a filter returns, in the natural order (created_at, id). */
async function ids(search: string): Promise<string[]> {
  const { rows, error } = await read(db, `select=id&${search}`);
  if (error) throw new Error(`${search}: ${error.message}`);
  return rows.map((r) => r.id as string);
}

/** The seeded people for which `predicate` holds, in the same order. */
function expected(predicate: (data: Record<string, unknown>, row: SeedRow) => boolean): string[] {
  return people.filter((row) => predicate(row.data, row)).map((row) => row.id);
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);

type Predicate = (data: Record<string, unknown>, row: SeedRow) => boolean;

describe('comparison operators, type-aware', () => {
  it.each<readonly [string, string, Predicate]>([
    ['eq on text', 'name=eq.Person 12', (d) => d.name === 'Person 12'],
    ['eq on a number', 'age=eq.27', (d) => d.age === 27],
    ['eq on a boolean', 'active=eq.true', (d) => d.active === true],
    ['eq on a date', 'birthday=eq.1973-04-04', (d) => d.birthday === '1973-04-04'],
    ['eq on a single select', 'level=eq.mid', (d) => d.level === 'mid'],
    ['eq on a many_to_one relation', `team=eq.${teamId(1)}`, (d) => d.team === teamId(1)],
    ['eq on the row id', `id=eq.${personId(3)}`, (_d, r) => r.id === personId(3)],
    [
      'neq skips empty values, as in PostgREST',
      'level=neq.mid',
      (d) => d.level !== undefined && d.level !== 'mid',
    ],
    ['gt compares numbers as numbers (10.25 > 9)', 'score=gt.9', (d) => (num(d.score) ?? -1) > 9],
    ['gte with a decimal', 'score=gte.12.25', (d) => (num(d.score) ?? -1) >= 12.25],
    ['lt', 'age=lt.30', (d) => d.age !== undefined && (num(d.age) ?? 99) < 30],
    ['lte', 'age=lte.30', (d) => d.age !== undefined && (num(d.age) ?? 99) <= 30],
    [
      'dates compare by day',
      'birthday=lt.1975-01-01',
      (d) => typeof d.birthday === 'string' && d.birthday < '1975',
    ],
    [
      'date-times compare as instants across offsets',
      'last_seen=lt.2026-01-05T00:00:00Z',
      (d) => typeof d.last_seen === 'string' && Date.parse(d.last_seen) < Date.parse('2026-01-05T00:00:00Z'),
    ],
    [
      'created_at fields are the row timestamp',
      'created=lt.2026-01-01T00:02:00Z',
      (_d, r) => r.createdAt < '2026-01-01T00:02',
    ],
    ['isdistinct includes empty values', 'active=isdistinct.true', (d) => d.active !== true],
  ])('%s', async (_name, search, predicate) => {
    const want = expected(predicate);
    expect(want.length).toBeGreaterThan(0);
    expect(await ids(search)).toEqual(want);
  });

  it('an instant written with another offset matches the same stored instant', async () => {
    // Row 2 was stored as 2026-01-03T02:30:00+02:00.
    expect(await ids('last_seen=eq.2026-01-03T00:30:00Z')).toEqual([personId(2)]);
    expect(await ids('last_seen=eq.2026-01-03T01:30:00%2B01:00')).toEqual([personId(2)]);
  });
});

describe('like / ilike', () => {
  it('* is the wildcard', async () => {
    expect(await ids('name=like.Person 1*')).toEqual(expected((d) => String(d.name).startsWith('Person 1')));
    expect(await ids(`name=ilike.*o'BRIEN*`)).toEqual([personId(0)]);
    expect(await ids('email=like.*@example.com')).toHaveLength(50);
  });

  it('% and _ are LIKE wildcards as in PostgREST; a backslash makes them literal', async () => {
    // "under_score" and "'; drop table app_data; --" hold a literal underscore.
    expect(await ids('name=like.*\\_*')).toEqual([personId(2), personId(4)]);
    expect(await ids('name=like.under_score')).toEqual([personId(2)]);
    expect(await ids('name=like.*\\%*')).toEqual([personId(1)]);
    expect(await ids('name=like.*\\\\*')).toEqual([personId(3)]);
    expect(await ids('name=like.50%25 off')).toEqual([personId(1)]);
    expect(await ids('name=like.Star*Name')).toEqual([personId(9)]);
  });

  it('not.like', async () => {
    expect(await ids('name=not.like.Person*')).toEqual(expected((d) => !String(d.name).startsWith('Person')));
  });
});

describe('in, is, list operators', () => {
  it('in: quoted items with commas, parentheses and escaped quotes', async () => {
    const search = `name=in.(${encodeURIComponent('"a,b","(paren)","say \\"hi\\"",O\'Brien')})`;
    expect(await ids(search)).toEqual([personId(0), personId(5), personId(6), personId(7)]);
    expect(await ids('age=in.(27,34)')).toEqual(expected((d) => d.age === 27 || d.age === 34));
    expect(await ids(`id=in.(${personId(4)},${personId(40)})`)).toEqual([personId(4), personId(40)]);
    expect(await ids('age=in.()')).toEqual([]);
    expect(await ids('level=not.in.(mid,senior)')).toEqual(expected((d) => d.level === 'junior'));
  });

  it('is null / not null / true / false / unknown', async () => {
    expect(await ids('age=is.null')).toEqual(expected((d) => d.age === undefined));
    expect(await ids('age=not.is.null')).toEqual(expected((d) => d.age !== undefined));
    expect(await ids('active=is.true')).toEqual(expected((d) => d.active === true));
    expect(await ids('active=is.false')).toEqual(expected((d) => d.active === false));
    expect(await ids('active=is.unknown')).toEqual(expected((d) => d.active === undefined));
    expect(await ids('team=is.null')).toEqual(expected((d) => d.team === null));
    expect(await ids('avatar=not.is.null')).toEqual(expected((d) => d.avatar !== undefined));
  });

  it('cs / cd / ov on multi-selects and to-many relations', async () => {
    const tags = (d: Record<string, unknown>) => d.tags as string[];
    expect(await ids('tags=cs.{a}')).toEqual(expected((d) => tags(d).includes('a')));
    expect(await ids('tags=cs.["a","b"]')).toEqual(
      expected((d) => tags(d).includes('a') && tags(d).includes('b')),
    );
    expect(await ids('tags=cd.{a}')).toEqual(expected((d) => tags(d).every((t) => t === 'a')));
    expect(await ids('tags=ov.{b,c}')).toEqual(expected((d) => tags(d).some((t) => t === 'b' || t === 'c')));
    expect(await ids('tags=ov.{}')).toEqual([]);
    const friendsOf2 = expected((d) => (d.friends as string[] | undefined)?.includes(personId(2)) ?? false);
    expect(friendsOf2).toEqual([personId(0)]);
    expect(await ids(`friends=cs.{${personId(2)}}`)).toEqual(friendsOf2);
  });
});

describe('or / and / not', () => {
  it('nested groups evaluate like the JavaScript predicate', async () => {
    expect(await ids('or=(age.lt.25,and(level.eq.senior,active.is.true))')).toEqual(
      expected(
        (d) => (typeof d.age === 'number' && d.age < 25) || (d.level === 'senior' && d.active === true),
      ),
    );
    expect(await ids('not.or=(level.eq.mid,level.is.null)')).toEqual(
      expected((d) => d.level === 'junior' || d.level === 'senior'),
    );
    expect(await ids('age=gt.30&or=(tags.cs.{a},score.is.null)&active=not.is.null')).toEqual(
      expected(
        (d) =>
          typeof d.age === 'number' &&
          d.age > 30 &&
          ((d.tags as string[]).includes('a') || d.score === undefined) &&
          d.active !== undefined,
      ),
    );
  });
});

describe('SQL metacharacters are data', () => {
  it.each(TRICKY_NAMES.map((name, i) => [name, i] as const))(
    '%s: eq, or=(…"…"), in.(…), ilike',
    async (name, i) => {
      const quoted = `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
      expect(await ids(`name=eq.${encodeURIComponent(name)}`)).toEqual([personId(i)]);
      expect(await ids(`or=(${encodeURIComponent(`name.eq.${quoted}`)})`)).toEqual([personId(i)]);
      expect(await ids(`name=in.(${encodeURIComponent(quoted)})`)).toEqual([personId(i)]);
      expect(await ids(`email=ilike.${encodeURIComponent(name)}`)).toEqual([]);
    },
  );

  it('metacharacters in every other parameter are refused or matched as data, and the table survives', async () => {
    const evil = encodeURIComponent("'; drop table app_data; --");
    for (const search of [
      `select=${evil}`,
      `order=${evil}`,
      `limit=${evil}`,
      `offset=${evil}`,
      `${evil}=eq.1`,
      `age=${evil}`,
      `age=eq.${evil}`,
      `id=eq.${evil}`,
      `active=is.${evil}`,
      `or=(${evil})`,
    ])
      expect((await read(db, search)).error?.status, search).toBe(400);
    expect(await ids(`tags=cs.{${evil}}`)).toEqual([]);
    expect(await ids(`tags=ov.${encodeURIComponent(`{"'; drop table app_data; --","a,b"}`)}`)).toEqual([]);
    expect(await ids(`name=like.${evil}`)).toEqual([personId(4)]);
    expect(await ids(`name=eq.${encodeURIComponent('(paren)')}`)).toEqual([personId(6)]);
    const [{ n }] = (await pg.query<{ n: number }>('select count(*)::int as n from app_data')).rows as [
      { n: number },
    ];
    expect(n).toBe(seedRows().length * 2);
  });
});
