import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartData } from '../../../schemas/api/viewer.ts';
import type { FilterGroup } from '../../../schemas/definitions.ts';
import {
  type ChartRow,
  type ChartView,
  chartData,
  compileChartQuery,
  MAX_CHART_POINTS,
} from './aggregate-sql.ts';
import {
  APP_DATA_DDL,
  APP_ID,
  derivedApp,
  END_USER,
  OTHER_APP_ID,
  peopleApp,
  type Query,
  type SeedRow,
  seedDatabase,
  seedRows,
  TRICKY_NAMES,
  visitorVisibility,
} from './query.fixture.ts';

// Charts are computed by the database: every number here is checked against the same sums done
// by hand in JavaScript over the seeded rows (with empty values, odd time zones and names that
// try to break out of SQL), on PGlite.

let pg: PGlite;
const db: Query = async (text, params) => (await pg.query<Record<string, unknown>>(text, params)).rows;
const app = peopleApp();
const people = seedRows().filter((row) => row.tableId === 'people');
const MANY_APP = '8a1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
const ZONES_APP = '9b1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

beforeAll(async () => {
  pg = await PGlite.create();
  await pg.exec(APP_DATA_DDL);
  await seedDatabase(db);
  // An app with more categories than a chart may show.
  await pg.query(
    `insert into public.app_data (app_id, table_id, data)
     select $1, 'people', jsonb_build_object('name', 'n' || lpad(i::text, 4, '0')) from generate_series(1, 600) i`,
    [MANY_APP],
  );
  // Date-times whose day in UTC is not the day written.
  for (const lastSeen of ['2026-03-01T00:30:00+02:00', '2026-03-01T23:30:00-05:00', '2026-03-01T12:00:00Z'])
    await pg.query(`insert into public.app_data (app_id, table_id, data) values ($1, 'people', $2)`, [
      ZONES_APP,
      JSON.stringify({ name: lastSeen, last_seen: lastSeen }),
    ]);
});
afterAll(async () => {
  await pg.close();
});

function chart(extra: Partial<ChartView>): ChartView {
  return {
    id: 'c',
    label: 'C',
    kind: 'chart',
    tableId: 'people',
    chartType: 'bar',
    aggregate: 'count',
    ...extra,
  };
}

async function run(view: ChartView, options: { rowScope?: { endUserId: string }; appId?: string } = {}) {
  const compiled = compileChartQuery(view, {
    app,
    appId: options.appId ?? APP_ID,
    rowScope: options.rowScope,
  });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return chartData(view, (await db(compiled.value.text, compiled.value.params)) as unknown as ChartRow[]);
}

type Key = string | number | boolean | null;
const compareKeys = (a: Key, b: Key) => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
};

/** The chart worked out by hand: group the rows, aggregate the numbers, order by x then group. */
function byHand(
  rows: SeedRow[],
  xOf: (row: SeedRow) => Key[],
  aggregate: ChartView['aggregate'],
  y?: string,
  groupOf: (row: SeedRow) => Key[] = () => [null],
): ChartData['points'] {
  const groups = new Map<string, { x: Key; group: Key; values: number[]; count: number }>();
  for (const row of rows)
    for (const x of xOf(row))
      for (const group of groupOf(row)) {
        const key = JSON.stringify([x, group]);
        const entry = groups.get(key) ?? { x, group, values: [], count: 0 };
        entry.count++;
        const value = y ? row.data[y] : undefined;
        if (typeof value === 'number') entry.values.push(value);
        groups.set(key, entry);
      }
  const value = ({ values, count }: { values: number[]; count: number }) => {
    if (aggregate === 'count') return count;
    if (!values.length) return null;
    const sum = values.reduce((a, b) => a + b, 0);
    return { sum, avg: sum / values.length, min: Math.min(...values), max: Math.max(...values) }[aggregate];
  };
  return [...groups.values()]
    .sort((a, b) => compareKeys(a.x, b.x) || compareKeys(a.group, b.group))
    .map((entry) => ({ x: entry.x, group: entry.group, value: value(entry) }));
}

const field = (name: string) => (row: SeedRow) => [(row.data[name] as Key | undefined) ?? null];
const close = (points: ChartData['points']) =>
  points.map((p) => ({ ...p, value: p.value === null ? null : Math.round(p.value * 1e9) / 1e9 }));

describe('compileChartQuery: numbers equal the sums done by hand', () => {
  it('counts rows per select option, empty values last, and reports the rows matched', async () => {
    const data = await run(chart({ xFieldId: 'level' }));
    expect(data.points).toEqual(byHand(people, field('level'), 'count'));
    expect(data.points.at(-1)).toEqual({ x: null, group: null, value: 5 });
    expect(data).toMatchObject({ viewId: 'c', chartType: 'bar', aggregate: 'count', rows: people.length });
  });

  it.each(['sum', 'avg', 'min', 'max'] as const)('%s skips rows without a number', async (aggregate) => {
    const data = await run(chart({ xFieldId: 'level', aggregate, yFieldId: 'score' }));
    expect(close(data.points)).toEqual(close(byHand(people, field('level'), aggregate, 'score')));
  });

  it('groups by a second field into series, ordered by x then group', async () => {
    const data = await run(
      chart({ xFieldId: 'level', groupByFieldId: 'active', aggregate: 'sum', yFieldId: 'age' }),
    );
    expect(data.points).toEqual(byHand(people, field('level'), 'sum', 'age', field('active')));
    expect(data.points.map((p) => p.group).slice(0, 3)).toEqual([false, true, null]);
  });

  it('dates group by day; date-times by their day in UTC; created_at by the row’s timestamp', async () => {
    const birthdays = await run(chart({ chartType: 'line', xFieldId: 'birthday' }));
    expect(birthdays.points).toEqual(byHand(people, field('birthday'), 'count'));
    const utcDay = (row: SeedRow) => [
      typeof row.data.last_seen === 'string' ? new Date(row.data.last_seen).toISOString().slice(0, 10) : null,
    ];
    const seen = await run(chart({ chartType: 'line', xFieldId: 'last_seen' }));
    expect(seen.points).toEqual(byHand(people, utcDay, 'count'));
    const zones = await run(chart({ chartType: 'line', xFieldId: 'last_seen' }), { appId: ZONES_APP });
    expect(zones.points.map((p) => p.x)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    const created = await run(chart({ chartType: 'line', xFieldId: 'created' }));
    expect(created.points).toEqual(byHand(people, (row) => [row.createdAt.slice(0, 10)], 'count'));
  });

  it('a multi-select counts a row under each of its options, and under null when it has none', async () => {
    const data = await run(chart({ xFieldId: 'tags' }));
    const tags = (row: SeedRow) => {
      const list = row.data.tags as string[];
      return list.length ? list : [null];
    };
    expect(data.points).toEqual(byHand(people, tags, 'count'));
    expect(data.rows).toBe(people.length);
  });

  it('a number chart is one point with x null, also when no row matches', async () => {
    const total = await run(chart({ chartType: 'number', aggregate: 'sum', yFieldId: 'salary' }));
    const salaries = people.reduce((sum, row) => sum + (row.data.salary as number), 0);
    expect(total.points).toEqual([{ x: null, group: null, value: salaries }]);
    const none: FilterGroup = {
      combinator: 'and',
      conditions: [{ fieldId: 'name', op: 'eq', value: 'nobody' }],
    };
    expect((await run(chart({ chartType: 'number', filter: none }))).points).toEqual([
      { x: null, group: null, value: 0 },
    ]);
    const empty = await run(chart({ chartType: 'number', aggregate: 'avg', yFieldId: 'age', filter: none }));
    expect(empty).toMatchObject({ points: [{ x: null, group: null, value: null }], rows: 0 });
    expect((await run(chart({ xFieldId: 'level', filter: none }))).points).toEqual([]);
  });
});

describe('compileChartQuery: which rows are counted', () => {
  it('applies the view’s filter, nested groups included', async () => {
    const filter: FilterGroup = {
      combinator: 'and',
      conditions: [
        { fieldId: 'level', op: 'eq', value: 'senior' },
        {
          combinator: 'or',
          conditions: [
            { fieldId: 'age', op: 'gte', value: 40 },
            { fieldId: 'active', op: 'eq', value: true },
          ],
        },
      ],
    };
    const matched = people.filter(
      (row) =>
        row.data.level === 'senior' && (((row.data.age as number) ?? 0) >= 40 || row.data.active === true),
    );
    const data = await run(chart({ xFieldId: 'level', aggregate: 'max', yFieldId: 'age', filter }));
    expect(data.rows).toBe(matched.length);
    expect(data.points).toEqual(byHand(matched, field('level'), 'max', 'age'));
  });

  it('counts only the caller’s own rows when its role sees only those', async () => {
    const own = people.filter((row) => row.endUserId === END_USER);
    const data = await run(chart({ xFieldId: 'level' }), { rowScope: { endUserId: END_USER } });
    expect(data.rows).toBe(own.length);
    expect(data.points).toEqual(byHand(own, field('level'), 'count'));
  });

  it('never counts another app’s rows', async () => {
    const other = await run(chart({ xFieldId: 'level' }), { appId: OTHER_APP_ID });
    expect(other.rows).toBe(people.length);
    const missing = await run(chart({ xFieldId: 'level' }), {
      appId: '00000000-0000-4000-8000-00000000abcd',
    });
    expect(missing).toMatchObject({ points: [], rows: 0 });
  });

  it('SQL metacharacters in filter values and in stored categories are only data', async () => {
    for (const name of TRICKY_NAMES) {
      const filter: FilterGroup = {
        combinator: 'and',
        conditions: [{ fieldId: 'name', op: 'eq', value: name }],
      };
      const data = await run(chart({ xFieldId: 'name', filter }));
      expect(data, name).toMatchObject({ points: [{ x: name, group: null, value: 1 }], rows: 1 });
    }
    const options: FilterGroup = {
      combinator: 'and',
      conditions: [
        { fieldId: 'level', op: 'in', value: ["senior'; drop table public.app_data; --", '%', 'mid'] },
      ],
    };
    const mids = await run(chart({ xFieldId: 'level', filter: options }));
    expect(mids.points).toEqual([
      { x: 'mid', group: null, value: people.filter((r) => r.data.level === 'mid').length },
    ]);
    const byName = await run(chart({ xFieldId: 'name' }));
    expect(byName.points.map((p) => p.x)).toEqual(people.map((r) => r.data.name as string).sort());
    expect((await db('select count(*)::int as n from public.app_data', []))[0]!.n).toBeGreaterThan(100);
  });

  it(`answers at most ${MAX_CHART_POINTS} points, and still counts every row`, async () => {
    const data = await run(chart({ xFieldId: 'name' }), { appId: MANY_APP });
    expect(data.points).toHaveLength(MAX_CHART_POINTS);
    expect(data.points[0]!.x).toBe('n0001');
    expect(data.rows).toBe(600);
  });
});

describe('compileChartQuery: lookups and rollups as the database computes them', () => {
  const withDerived = derivedApp();
  const seeded = seedRows();
  const teams = seeded.filter((row) => row.tableId === 'teams');
  const byId = new Map(seeded.map((row) => [row.id, row]));
  // What the lookups and rollups hold, worked out by hand from the stored rows.
  const teamOf = (person: SeedRow) => byId.get(person.data.team as string);
  const peopleWithTeams = people.map((row) => ({
    ...row,
    data: { ...row.data, team_name: teamOf(row)?.data.name ?? null },
  }));
  const teamsWithTotals = teams.map((team): SeedRow => {
    const members = (team.data.members as string[]).map((id) => byId.get(id)!);
    const salaries = members.map((m) => m.data.salary as number);
    return {
      ...team,
      data: { ...team.data, total_salary: salaries.reduce((a, b) => a + b, 0), member_count: members.length },
    };
  });

  async function runDerived(view: ChartView, visible?: ReturnType<typeof visitorVisibility>) {
    const compiled = compileChartQuery(view, {
      app: withDerived,
      appId: APP_ID,
      ...(visible ? { visible } : {}),
    });
    if (!compiled.ok) throw new Error(compiled.error.message);
    return chartData(view, (await db(compiled.value.text, compiled.value.params)) as unknown as ChartRow[]);
  }

  it('sums a rollup per team, and over every team', async () => {
    const perTeam = await runDerived(
      chart({ tableId: 'teams', xFieldId: 'name', aggregate: 'sum', yFieldId: 'total_salary' }),
    );
    expect(perTeam.points).toEqual(byHand(teamsWithTotals, field('name'), 'sum', 'total_salary'));
    // By hand: Red has people 0, 3, 6, … (not every fifth from 4); salaries are 1000 + i.
    const red = people
      .filter((_, i) => i % 5 !== 4 && i % 3 === 0)
      .reduce((a, row) => a + (row.data.salary as number), 0);
    expect(perTeam.points.find((p) => p.x === 'Red')?.value).toBe(red);
    const total = await runDerived(
      chart({ tableId: 'teams', chartType: 'number', aggregate: 'sum', yFieldId: 'total_salary' }),
    );
    expect(total.points).toEqual([
      {
        x: null,
        group: null,
        value: people.filter((_, i) => i % 5 !== 4).reduce((a, r) => a + (r.data.salary as number), 0),
      },
    ]);
  });

  it('groups by a lookup, x or series, people without a team last', async () => {
    const byTeam = await runDerived(chart({ xFieldId: 'team_name', aggregate: 'sum', yFieldId: 'age' }));
    expect(byTeam.points).toEqual(byHand(peopleWithTeams, field('team_name'), 'sum', 'age'));
    expect(byTeam.points.map((p) => p.x)).toEqual(['Blue', 'Green', 'Red', null]);
    const series = await runDerived(chart({ xFieldId: 'level', groupByFieldId: 'team_name' }));
    expect(series.points).toEqual(
      byHand(peopleWithTeams, field('level'), 'count', undefined, field('team_name')),
    );
    expect(series.rows).toBe(people.length);
  });

  it('filters by a lookup and by a rollup', async () => {
    const red = await runDerived(
      chart({
        chartType: 'number',
        filter: { combinator: 'and', conditions: [{ fieldId: 'team_name', op: 'eq', value: 'Red' }] },
      }),
    );
    expect(red.points[0]!.value).toBe(peopleWithTeams.filter((r) => r.data.team_name === 'Red').length);
    const big = await runDerived(
      chart({
        tableId: 'teams',
        xFieldId: 'name',
        filter: { combinator: 'and', conditions: [{ fieldId: 'member_count', op: 'gte', value: 14 }] },
      }),
    );
    expect(big.points.map((p) => p.x)).toEqual(
      teamsWithTotals
        .filter((t) => (t.data.member_count as number) >= 14)
        .map((t) => t.data.name)
        .sort(),
    );
  });

  it('reads a lookup or rollup of what the caller may not see as empty', async () => {
    const visible = visitorVisibility(withDerived);
    // people.salary is hidden: the rollup over it is null for every team.
    const salaries = await runDerived(
      chart({ tableId: 'teams', xFieldId: 'name', aggregate: 'sum', yFieldId: 'total_salary' }),
      visible,
    );
    expect(salaries.points).toEqual(['Blue', 'Green', 'Red'].map((x) => ({ x, group: null, value: null })));
    // teams.note is hidden: every person falls under the empty note.
    const notes = await runDerived(chart({ xFieldId: 'team_note' }), visible);
    expect(notes.points).toEqual([{ x: null, group: null, value: people.length }]);
    // Visible ones still read: the team's name.
    const names = await runDerived(chart({ xFieldId: 'team_name' }), visible);
    expect(names.points).toEqual(byHand(peopleWithTeams, field('team_name'), 'count'));
  });
});

describe('compileChartQuery refuses what it cannot compute', () => {
  it.each([
    [chart({ xFieldId: 'nope' }), /unknown column "nope"/],
    [chart({ aggregate: 'sum', xFieldId: 'level' }), /needs a field to sum/],
    [chart({}), /needs an x field/],
    [chart({ tableId: 'ghosts', xFieldId: 'level' }), /unknown table/],
  ])('%#', (view, message) => {
    const compiled = compileChartQuery(view, { app, appId: APP_ID });
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.error.message).toMatch(message);
  });

  it('a bad end-user id is a bug, not a query', () => {
    expect(() =>
      compileChartQuery(chart({ xFieldId: 'level' }), {
        app,
        appId: APP_ID,
        rowScope: { endUserId: "x' or 1=1" },
      }),
    ).toThrow(/UUID/);
  });
});
