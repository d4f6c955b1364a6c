import { PGlite } from '@electric-sql/pglite';
import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReadQuery } from './postgrest.ts';
import { projectRows } from './project.ts';
import {
  APP_DATA_DDL,
  APP_ID,
  PEOPLE,
  peopleApp,
  personId,
  type Query,
  seedDatabase,
  seedRows,
  visitorVisibility,
} from './query.fixture.ts';
import { compileCount, compileSelect, type RawRow } from './sql.ts';

// The real @supabase/postgrest-js client, unmodified, against the parser and compiler: its fetch
// is answered by parse → compile → PGlite → project, the way the data API route will.

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

async function answer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const tableId = url.pathname.split('/').pop() ?? '';
  const parsed = parseReadQuery(url.searchParams, {
    app: peopleApp(),
    tableId,
    visible: visitorVisibility(),
  });
  if (!parsed.ok) return Response.json(parsed.error, { status: parsed.error.status });
  const options = { appId: APP_ID, tableId };
  const select = compileSelect(parsed.value, options);
  const rows = projectRows(parsed.value, (await db(select.text, select.params)) as RawRow[]);
  const headers = new Headers({ 'content-type': 'application/json' });
  let total = '*';
  if (/count=exact/.test(request.headers.get('prefer') ?? '')) {
    const count = compileCount(parsed.value, options);
    total = String((await db(count.text, count.params))[0]?.count);
  }
  const from = parsed.value.offset;
  headers.set('content-range', rows.length ? `${from}-${from + rows.length - 1}/${total}` : `*/${total}`);
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  if (request.headers.get('accept') === 'application/vnd.pgrst.object+json') {
    if (rows.length !== 1)
      return Response.json(
        { code: 'PGRST116', message: 'JSON object requested, multiple (or no) rows returned' },
        { status: 406 },
      );
    return Response.json(rows[0], { headers });
  }
  return Response.json(rows, { headers });
}

const client = new PostgrestClient('http://app.test/u/ada/people/rest/v1', {
  fetch: (input, init) => answer(new Request(input, init)),
});
const people = seedRows().filter((r) => r.tableId === 'people');
const idsWhere = (predicate: (d: Record<string, unknown>) => boolean) =>
  people.filter((r) => predicate(r.data)).map((r) => r.id);

async function ids(builder: PromiseLike<{ data: unknown; error: unknown }>) {
  const { data, error } = await builder;
  expect(error).toBeNull();
  return (data as { id: string }[]).map((row) => row.id);
}

describe('@supabase/postgrest-js against the query runtime', () => {
  it('select with columns, aliases and embeds', async () => {
    const { data, error } = await client
      .from('people')
      .select('name, years:age, team ( name ), friends(name)')
      .eq('name', "O'Brien");
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        name: "O'Brien",
        years: null,
        team: { name: 'Red' },
        friends: [{ name: '50% off' }, { name: 'under_score' }],
      },
    ]);
  });

  it('every filter method', async () => {
    const q = () => client.from('people').select('id');
    const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
    expect(await ids(q().eq('level', 'mid'))).toEqual(idsWhere((d) => d.level === 'mid'));
    expect(await ids(q().neq('level', 'mid'))).toEqual(
      idsWhere((d) => d.level !== undefined && d.level !== 'mid'),
    );
    expect(await ids(q().gt('score', 9))).toEqual(idsWhere((d) => num(d.score) > 9));
    expect(await ids(q().gte('age', 40))).toEqual(idsWhere((d) => num(d.age) >= 40));
    expect(await ids(q().lt('age', 25))).toEqual(idsWhere((d) => num(d.age) < 25));
    expect(await ids(q().lte('birthday', '1972-03-03'))).toEqual(
      idsWhere((d) => typeof d.birthday === 'string' && d.birthday <= '1972-03-03'),
    );
    expect(await ids(q().like('name', 'Person 1%'))).toEqual(
      idsWhere((d) => String(d.name).startsWith('Person 1')),
    );
    expect(await ids(q().ilike('name', "%o'brien%"))).toEqual([personId(0)]);
    expect(await ids(q().in('name', ['a,b', '(paren)', 'say "hi"', 'nobody']))).toEqual([
      personId(5),
      personId(6),
      personId(7),
    ]);
    expect(await ids(q().is('age', null))).toEqual(idsWhere((d) => d.age === undefined));
    expect(await ids(q().is('active', true))).toEqual(idsWhere((d) => d.active === true));
    expect(await ids(q().not('age', 'is', null))).toEqual(idsWhere((d) => d.age !== undefined));
    expect(await ids(q().not('level', 'in', '(mid,senior)'))).toEqual(idsWhere((d) => d.level === 'junior'));
    expect(await ids(q().contains('tags', ['a', 'b']))).toEqual(
      idsWhere((d) => (d.tags as string[]).length === 2),
    );
    expect(await ids(q().containedBy('tags', ['a']))).toEqual(
      idsWhere((d) => (d.tags as string[]).every((t) => t === 'a')),
    );
    expect(await ids(q().overlaps('tags', ['b', 'c']))).toEqual(
      idsWhere((d) => (d.tags as string[]).some((t) => t !== 'a')),
    );
    expect(await ids(q().filter('age', 'in', '(27,34)'))).toEqual(
      idsWhere((d) => d.age === 27 || d.age === 34),
    );
    expect(await ids(q().match({ level: 'senior', active: true }))).toEqual(
      idsWhere((d) => d.level === 'senior' && d.active === true),
    );
    expect(await ids(q().eq('last_seen', '2026-01-03T02:30:00+02:00'))).toEqual([personId(2)]);
    expect(await ids(q().or('age.lt.25,and(level.eq.senior,active.is.true)'))).toEqual(
      idsWhere((d) => num(d.age) < 25 || (d.level === 'senior' && d.active === true)),
    );
  });

  it('order, limit and range', async () => {
    const all = await ids(
      client.from('people').select('id').order('age', { ascending: false, nullsFirst: false }).order('name'),
    );
    expect(all).toHaveLength(PEOPLE);
    expect(
      await ids(
        client
          .from('people')
          .select('id')
          .order('age', { ascending: false, nullsFirst: false })
          .order('name')
          .range(5, 9),
      ),
    ).toEqual(all.slice(5, 10));
    expect(await ids(client.from('people').select('id').limit(3))).toEqual(
      people.slice(0, 3).map((r) => r.id),
    );
  });

  it('count=exact, with and without rows', async () => {
    const counted = await client.from('people').select('id', { count: 'exact' }).eq('level', 'mid').limit(2);
    expect(counted.data).toHaveLength(2);
    expect(counted.count).toBe(idsWhere((d) => d.level === 'mid').length);
    const head = await client.from('people').select('*', { count: 'exact', head: true });
    expect(head).toMatchObject({ error: null, data: null, count: PEOPLE });
  });

  it('single and maybeSingle', async () => {
    const one = await client.from('people').select('name').eq('id', personId(7)).single();
    expect(one.data).toEqual({ name: 'say "hi"' });
    const none = await client.from('people').select('name').eq('name', 'nobody').maybeSingle();
    expect(none).toMatchObject({ data: null, error: null });
  });

  it('errors name the unknown table, column or operator', async () => {
    const hidden = await client.from('people').select('id').gt('salary', 0);
    expect(hidden.status).toBe(400);
    expect(hidden.error).toMatchObject({
      code: '42703',
      message: 'unknown column "salary" in table "people"',
    });
    expect((await client.from('people').select('*, team(note)')).error?.message).toBe(
      'unknown column "note" in table "teams"',
    );
    expect((await client.from('nope').select()).error).toMatchObject({
      code: 'PGRST205',
      message: 'unknown table "nope"',
    });
    expect((await client.from('people').select().filter('age', 'between', '1,2')).error?.message).toContain(
      'unknown operator "between"',
    );
    expect((await client.from('people').select().textSearch('name', 'x')).error?.message).toContain(
      'unknown operator "fts"',
    );
  });
});
