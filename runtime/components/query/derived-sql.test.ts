import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { View } from '../../../schemas/definitions.ts';
import { allFieldsVisible } from './columns.ts';
import { compileDerivedValues } from './derived-sql.ts';
import { parseReadQuery } from './postgrest.ts';
import {
  APP_DATA_DDL,
  APP_ID,
  derivedApp,
  END_USER,
  jsonAnswers,
  OTHER_APP_ID,
  personId,
  type Query,
  type ReadOptions,
  read,
  type SeedRow,
  seedDatabase,
  seedRows,
  teamId,
  visitorVisibility,
} from './query.fixture.ts';
import { compileMatchingIds } from './sql.ts';
import { compileViewQuery, viewCursor } from './view-sql.ts';

// Lookups and rollups computed by the database, on PGlite: in reads (both answer paths — `read`
// checks compileSelectJson against projectRows on every call), embeds, filters, order and views.

let pg: PGlite;
const db: Query = async (text, params) => (await pg.query<Record<string, unknown>>(text, params)).rows;

// A person whose team is a row of another app, and one whose team id names a person: neither is a team.
const STRAY = personId(900);
const WRONG_TABLE = personId(901);
const FOREIGN_TEAM = '20000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  pg = await PGlite.create();
  await pg.exec(APP_DATA_DDL);
  await seedDatabase(db);
  const insert = `insert into public.app_data (id, app_id, table_id, data, created_at) values ($1, $2, $3, $4::jsonb, '2027-01-01')`;
  await db(insert, [FOREIGN_TEAM, OTHER_APP_ID, 'teams', JSON.stringify({ name: 'Not yours' })]);
  await db(insert, [STRAY, APP_ID, 'people', JSON.stringify({ name: 'Stray', team: FOREIGN_TEAM })]);
  await db(insert, [WRONG_TABLE, APP_ID, 'people', JSON.stringify({ name: 'Wrong', team: personId(1) })]);
});
afterAll(async () => {
  await pg.close();
});

const app = derivedApp();
const owner = allFieldsVisible(app);
const visitor = visitorVisibility(app);
const people = seedRows().filter((r) => r.tableId === 'people');
const teams = seedRows().filter((r) => r.tableId === 'teams');
const byId = new Map(seedRows().map((r) => [r.id, r]));

async function ok(search: string, options: ReadOptions = {}) {
  const result = await read(db, search, { app, visible: owner, ...options });
  if (result.error) throw new Error(`${search}: ${result.error.message}`);
  return result.rows;
}

const membersOf = (team: SeedRow) => people.filter((p) => p.data.team === team.id);
const values = (rows: SeedRow[], field: string) =>
  rows.map((r) => r.data[field]).filter((v) => v !== undefined && v !== null);
const sum = (numbers: unknown[]) => (numbers as number[]).reduce((a, b) => a + b, 0);

describe('lookups', () => {
  it('through many_to_one give the related row’s value, null without one (both answer paths)', async () => {
    const rows = await ok(`select=id,team_name,team_budget&order=created_at,id&id=neq.${WRONG_TABLE}`);
    const expected = [...people, { id: STRAY }].map((p) => {
      const team = 'data' in p ? byId.get(p.data.team as string) : undefined;
      return { id: p.id, team_name: team?.data.name ?? null, team_budget: team?.data.budget ?? null };
    });
    expect(rows).toEqual(expected);
    expect(jsonAnswers.compared).toBeGreaterThan(0);
  });

  it('read only the relation’s target table of the same app', async () => {
    const rows = await ok(`select=name,team_name&id=in.(${STRAY},${WRONG_TABLE})&order=name`);
    expect(rows).toEqual([
      { name: 'Stray', team_name: null },
      { name: 'Wrong', team_name: null },
    ]);
  });

  it('through to-many give the related rows’ values in the stored order', async () => {
    const rows = await ok(`select=id,friend_names&id=in.(${personId(0)},${personId(3)},${personId(1)})`);
    const names = (i: number) => people[i % people.length]!.data.name;
    expect(rows).toEqual([
      { id: personId(0), friend_names: [names(1), names(2)] },
      { id: personId(1), friend_names: [] },
      { id: personId(3), friend_names: [names(4), names(5)] },
    ]);
    const members = await ok('select=name,member_names&order=name', { tableId: 'teams' });
    expect(members).toEqual(
      [...teams]
        .sort((a, b) => String(a.data.name).localeCompare(String(b.data.name)))
        .map((t) => ({ name: t.data.name, member_names: membersOf(t).map((p) => p.data.name) })),
    );
  });

  it('of a rollup (two relations away) give the related row’s computed value', async () => {
    const rows = await ok(`select=team_size&id=eq.${personId(1)}`);
    expect(rows).toEqual([{ team_size: membersOf(byId.get(teamId(1))!).length }]);
  });
});

describe('rollups', () => {
  it('count, sum, avg, min and max over the related rows', async () => {
    const rows = await ok(
      'select=id,member_count,total_age,avg_score,youngest_birthday,last_seen_any,first_created&order=id',
      { tableId: 'teams' },
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const members = membersOf(byId.get(row.id as string)!);
      const scores = values(members, 'score');
      const seen = values(members, 'last_seen').map((v) => Date.parse(v as string));
      expect(row).toMatchObject({
        member_count: members.length,
        total_age: sum(values(members, 'age')),
        youngest_birthday: (values(members, 'birthday') as string[]).sort().at(-1),
        last_seen_any: new Date(Math.max(...seen)).toISOString(),
        first_created: members.map((m) => m.createdAt).sort()[0],
      });
      expect(row.avg_score as number).toBeCloseTo(sum(scores) / scores.length, 10);
    }
  });

  it('are null when no related row has a value, and count 0 rows', async () => {
    await db(
      `insert into public.app_data (id, app_id, table_id, data, created_at) values ($1, $2, 'teams', $3::jsonb, '2027-01-02')`,
      [teamId(50), APP_ID, JSON.stringify({ name: 'Empty', members: [] })],
    );
    try {
      const rows = await ok(
        `select=member_count,total_age,youngest_birthday,member_names&id=eq.${teamId(50)}`,
        {
          tableId: 'teams',
        },
      );
      expect(rows).toEqual([{ member_count: 0, total_age: null, youngest_birthday: null, member_names: [] }]);
    } finally {
      await db('delete from public.app_data where id = $1', [teamId(50)]);
    }
  });

  it('count only the related rows the row scope of their table lets the caller see', async () => {
    const rows = await ok(`select=member_count&id=eq.${teamId(0)}`, {
      tableId: 'teams',
      embedRowScopes: { people: { endUserId: END_USER } },
    });
    const own = membersOf(byId.get(teamId(0))!).filter((p) => p.endUserId === END_USER);
    expect(rows).toEqual([{ member_count: own.length }]);
  });
});

describe('what the caller may not see', () => {
  it('a lookup or rollup of a field hidden from the caller’s role reads as null', async () => {
    const asVisitor = await ok(`select=team_note,team_name&id=eq.${personId(1)}`, { visible: visitor });
    expect(asVisitor).toEqual([{ team_note: null, team_name: 'Blue' }]);
    const asOwner = await ok(`select=team_note&id=eq.${personId(1)}`);
    expect(asOwner).toEqual([{ team_note: 'secret Blue' }]);
    const salary = await ok(`select=total_salary&id=eq.${teamId(0)}`, { tableId: 'teams', visible: visitor });
    expect(salary).toEqual([{ total_salary: null }]);
  });

  it('filtering on such a lookup cannot probe the hidden value', async () => {
    const probe = await ok('select=name&team_note=eq.secret Red', { visible: visitor });
    expect(probe).toEqual([]);
    const asOwner = await ok('select=name&team_note=eq.secret Red');
    expect(asOwner.length).toBe(membersOf(byId.get(teamId(0))!).length);
  });

  it('a lookup of a table the caller may not read at all reads as null', async () => {
    const noTeams = new Map(visitor);
    noTeams.delete('teams');
    const rows = await ok(`select=team_name,team_size&id=eq.${personId(1)}`, { visible: noTeams });
    expect(rows).toEqual([{ team_name: null, team_size: null }]);
  });
});

describe('in embeds, filters and order', () => {
  it('embedded rows carry their own lookups and rollups', async () => {
    const rows = await ok(`select=name,team(name,member_count),friends(name,team_name)&id=eq.${personId(0)}`);
    const red = byId.get(teamId(0))!;
    const friend = (i: number) => {
      const p = people[i]!;
      return {
        name: p.data.name,
        team_name: p.data.team ? byId.get(p.data.team as string)!.data.name : null,
      };
    };
    expect(rows).toEqual([
      {
        name: people[0]!.data.name,
        team: { name: 'Red', member_count: membersOf(red).length },
        friends: [friend(1), friend(2)],
      },
    ]);
  });

  it('filters and sorts by a lookup or a rollup, and counts what the filter keeps', async () => {
    const red = await read(db, 'select=id&team_name=eq.Red&order=team_name.asc,id.asc', {
      app,
      visible: owner,
      count: true,
    });
    const expected = people
      .filter((p) => p.data.team === teamId(0))
      .map((p) => p.id)
      .sort();
    expect(red.rows.map((r) => r.id)).toEqual(expected);
    expect(red.count).toBe(expected.length);
    const bySize = await ok('select=name,member_count&order=member_count.desc,name.asc&member_count=gt.1', {
      tableId: 'teams',
    });
    const sizes = teams
      .map((t) => ({ name: t.data.name, member_count: membersOf(t).length }))
      .sort((a, b) => b.member_count - a.member_count || String(a.name).localeCompare(String(b.name)));
    expect(bySize).toEqual(sizes);
  });

  it('PATCH and DELETE find their rows by a rollup too', async () => {
    const parsed = parseReadQuery(new URLSearchParams(`member_count=eq.${membersOf(teams[1]!).length}`), {
      app,
      tableId: 'teams',
      visible: owner,
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const ids = compileMatchingIds(parsed.value.filter, { appId: APP_ID, tableId: 'teams' });
    expect((await db(ids.text, ids.params)).map((r) => r.id)).toContain(teamId(1));
  });

  it('refuses to order by a lookup that holds a list, naming it', async () => {
    const result = await read(db, 'select=id&order=friend_names.asc', { app, visible: owner });
    expect(result.error).toMatchObject({
      status: 400,
      message: 'cannot order by "friend_names": it holds a list',
    });
  });
});

describe('views', () => {
  const view = (id: string) => app.views.find((v) => v.id === id) as View;

  it('sort by a rollup and page by keyset through it, with the shown values in data', async () => {
    const seen: Record<string, unknown>[] = [];
    let after: ReturnType<typeof viewCursor> | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const compiled = compileViewQuery(view('team_board'), {
        app,
        appId: APP_ID,
        visible: visitor,
        ...(after ? { after } : {}),
      });
      if (!compiled.ok) throw new Error(compiled.error.message);
      const rows = await db(compiled.value.text, compiled.value.params);
      seen.push(...rows);
      if (rows.length < 2) break;
      after = viewCursor(rows.at(-1) as { id: string });
    }
    const expected = teams
      .map((t) => ({ id: t.id, count: membersOf(t).length }))
      .sort((a, b) => b.count - a.count || (a.id < b.id ? 1 : -1));
    expect(seen.map((r) => r.id)).toEqual(expected.map((t) => t.id));
    for (const row of seen) {
      const data = row.data as Record<string, unknown>;
      expect(data.member_count).toBe(membersOf(byId.get(row.id as string)!).length);
      expect(data).not.toHaveProperty('total_salary'); // hidden from the visitor: empty
    }
  });

  it('filter by a lookup and show lookups of the rows', async () => {
    const compiled = compileViewQuery(view('red_people'), { app, appId: APP_ID, limit: 100 });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const rows = await db(compiled.value.text, compiled.value.params);
    const red = membersOf(byId.get(teamId(0))!);
    expect(rows.map((r) => r.id).sort()).toEqual(red.map((p) => p.id).sort());
    for (const row of rows) expect(row.data).toMatchObject({ team_name: 'Red', team_size: red.length });
  });

  it('a view that neither filters nor sorts by them computes the shown ones for its rows', async () => {
    const list: View = {
      ...(view('team_board') as Extract<View, { kind: 'list' }>),
      id: 'plain',
      sort: [{ fieldId: 'name', direction: 'asc' }],
    };
    const compiled = compileViewQuery(list, { app, appId: APP_ID, limit: 10 });
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.value.text).toContain('from public.app_data r');
    const rows = await db(compiled.value.text, compiled.value.params);
    expect(rows.map((r) => (r.data as Record<string, unknown>).member_count)).toEqual(
      [...teams]
        .sort((a, b) => String(a.data.name).localeCompare(String(b.data.name)))
        .map((t) => membersOf(t).length),
    );
  });
});

describe('values of rows about to be written', () => {
  it('computes every lookup and rollup of rows given as JSON, in order', async () => {
    const query = compileDerivedValues(app, APP_ID, 'people', [
      { team: teamId(2), friends: [personId(7), personId(5)] },
      { team: null },
      { team: FOREIGN_TEAM },
    ]);
    if (!query) throw new Error('people have lookups');
    const rows = await db(query.text, query.params);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(rows[0]!.derived).toMatchObject({
      team_name: 'Green',
      team_note: 'secret Green',
      friend_names: [people[7]!.data.name, people[5]!.data.name],
    });
    expect(rows[1]!.derived).toMatchObject({ team_name: null, friend_names: [] });
    expect(rows[2]!.derived).toMatchObject({ team_name: null });
    expect(compileDerivedValues(app, APP_ID, 'nowhere', [{}])).toBeNull();
  });
});
