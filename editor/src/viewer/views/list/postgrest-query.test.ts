import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allFieldsVisible } from '../../../../../runtime/components/query/columns.ts';
import { parseReadQuery } from '../../../../../runtime/components/query/postgrest.ts';
import {
  APP_DATA_DDL,
  APP_ID,
  peopleApp,
  type Query,
  read,
  seedDatabase,
} from '../../../../../runtime/components/query/query.fixture.ts';
import { compileViewQuery } from '../../../../../runtime/components/query/view-sql.ts';
import type { FilterCondition, FilterGroup } from '../../../../../schemas/app/filters.ts';
import type { View } from '../../../../../schemas/app/views.ts';
import {
  compileRowsQuery,
  filterEntries,
  likeLiteral,
  searchEntry,
  ViewQueryError,
} from './postgrest-query.ts';
import { orderKeys, selectParam } from './row-select.ts';

const app = peopleApp();
const people = app.tables.find((t) => t.id === 'people')!;
const and = (...conditions: (FilterCondition | FilterGroup)[]): FilterGroup => ({
  combinator: 'and',
  conditions,
});
const or = (...conditions: (FilterCondition | FilterGroup)[]): FilterGroup => ({
  combinator: 'or',
  conditions,
});
const entries = (...filters: (FilterGroup | FilterCondition)[]) => filterEntries(app, people, filters);

describe('filterEntries: a view filter as PostgREST parameters', () => {
  it('writes each condition of the top-level "and" as its own parameter', () => {
    expect(
      entries(
        and(
          { fieldId: 'level', op: 'eq', value: 'senior' },
          { fieldId: 'age', op: 'gte', value: 30 },
          { fieldId: 'active', op: 'eq', value: true },
        ),
      ),
    ).toEqual([
      ['level', 'eq.senior'],
      ['age', 'gte.30'],
      ['active', 'eq.true'],
    ]);
  });

  it('writes an "or" group with its values quoted, so commas and parentheses stay inside them', () => {
    expect(
      entries(or({ fieldId: 'name', op: 'eq', value: 'a,b' }, { fieldId: 'name', op: 'eq', value: '(x)' })),
    ).toEqual([['or', '(name.eq."a,b",name.eq."(x)")']]);
  });

  it('nests groups inside or=(…)', () => {
    expect(
      entries(
        and(
          { fieldId: 'level', op: 'in', value: ['mid', 'senior'] },
          or({ fieldId: 'age', op: 'gte', value: 50 }, and({ fieldId: 'score', op: 'lt', value: 5 })),
        ),
      ),
    ).toEqual([
      ['level', 'in.("mid","senior")'],
      ['or', '(age.gte."50",score.lt."5")'],
    ]);
  });

  it('makes neq, not_in and not_contains match empty values too, as views do', () => {
    expect(entries({ fieldId: 'level', op: 'neq', value: 'senior' })).toEqual([
      ['level', 'isdistinct.senior'],
    ]);
    expect(entries({ fieldId: 'level', op: 'not_in', value: ['junior'] })).toEqual([
      ['or', '(level.is.null,level.not.in.("junior"))'],
    ]);
    expect(entries({ fieldId: 'name', op: 'not_contains', value: 'x' })).toEqual([
      ['or', '(name.is.null,name.not.ilike."*x*")'],
    ]);
  });

  it('takes %, _ and \\ in contains literally', () => {
    expect(likeLiteral('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(entries({ fieldId: 'name', op: 'contains', value: '50%' })).toEqual([['name', 'ilike.*50\\%*']]);
    expect(entries({ fieldId: 'name', op: 'starts_with', value: 'Ab' })).toEqual([['name', 'ilike.Ab*']]);
  });

  it('reads eq and contains on a multi-select as "has this option"', () => {
    expect(entries({ fieldId: 'tags', op: 'contains', value: 'a' })).toEqual([['tags', 'ov.{"a"}']]);
    expect(entries({ fieldId: 'tags', op: 'in', value: ['a', 'b'] })).toEqual([['tags', 'ov.{"a","b"}']]);
  });

  it('writes constant filters so they still hold: an empty "or" matches nothing, an empty "and" everything', () => {
    expect(entries(and())).toEqual([]);
    expect(entries(or())).toEqual([['id', 'is.null']]);
    expect(entries({ fieldId: 'level', op: 'in', value: [] })).toEqual([['id', 'is.null']]);
    expect(entries({ fieldId: 'level', op: 'not_in', value: [] })).toEqual([]);
  });

  it('ANDs the person’s own filters with the view’s', () => {
    expect(
      entries(or({ fieldId: 'age', op: 'lt', value: 30 }, { fieldId: 'age', op: 'gt', value: 50 }), {
        fieldId: 'level',
        op: 'eq',
        value: 'mid',
      }),
    ).toEqual([
      ['or', '(age.lt."30",age.gt."50")'],
      ['level', 'eq.mid'],
    ]);
  });

  it('refuses, naming the field, a filter the data API cannot express', () => {
    expect(() => entries({ fieldId: 'nope', op: 'eq', value: 1 })).toThrow(ViewQueryError);
    expect(() => entries({ fieldId: 'avatar', op: 'eq', value: 'x' })).toThrow(/Avatar/);
    expect(() => entries({ fieldId: 'age', op: 'contains', value: '1' })).toThrow(/Age/);
  });
});

describe('searchEntry: the search box', () => {
  it('looks in text fields with ilike and in choices by their labels', () => {
    const app2 = structuredClone(app);
    const table = app2.tables[0]!;
    const level = table.fields.find((f) => f.id === 'level');
    if (level?.type === 'single_select') level.options[2]!.label = 'Senior staff';
    expect(searchEntry(app2, table, ['name', 'age', 'level', 'team'], 'senior')).toEqual([
      'or',
      '(name.ilike."*senior*",level.in.("senior"))',
    ]);
  });
  it('matches nothing when no field can contain the text, and is left out when the box is empty', () => {
    expect(searchEntry(app, people, ['age'], 'x')).toEqual(['id', 'is.null']);
    expect(searchEntry(app, people, ['name'], '   ')).toBeNull();
  });
  it('quotes the text, so a comma or quote in it stays text', () => {
    expect(searchEntry(app, people, ['name'], 'say "hi", ok')).toEqual([
      'or',
      '(name.ilike."*say \\"hi\\", ok*")',
    ]);
  });
});

describe('order and select', () => {
  it('sorts by the group first, then the clicked column, then the view’s sort, each field once', () => {
    expect(
      orderKeys({
        groupBy: { fieldId: 'level', direction: 'asc' },
        user: { fieldId: 'age', direction: 'desc' },
        view: [
          { fieldId: 'age', direction: 'asc' },
          { fieldId: 'name', direction: 'asc' },
        ],
      }),
    ).toEqual([
      { fieldId: 'level', direction: 'asc' },
      { fieldId: 'age', direction: 'desc' },
      { fieldId: 'name', direction: 'asc' },
    ]);
    expect(
      orderKeys({
        groupBy: { fieldId: 'level', direction: 'asc' },
        user: { fieldId: 'level', direction: 'desc' },
      }),
    ).toEqual([{ fieldId: 'level', direction: 'desc' }]);
  });

  it('selects the id, the known fields and the names of related rows', () => {
    expect(selectParam(app, people, ['name', 'ghost', 'team', 'friends'])).toBe(
      'id,name,team,friends,ref-9:team(id,name),ref-10:friends(id,name)',
    );
  });

  it('pages, and keeps empty values last both ways as views do', () => {
    const params = compileRowsQuery(app, people, {
      fieldIds: ['name'],
      order: [{ fieldId: 'age', direction: 'desc' }],
      limit: 25,
      offset: 50,
    });
    expect(params.toString()).toBe('select=id%2Cname&order=age.desc.nullslast&limit=25&offset=50');
  });
});

// The real check: for every operator on every kind of field, the rows the data API returns for the
// compiled query are exactly the rows the server's own view query returns for the same filter.
describe('the compiled query finds the same rows as the server’s view filter (PGlite)', () => {
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

  const cases: [string, FilterCondition | FilterGroup][] = [
    ['text eq with a comma', { fieldId: 'name', op: 'eq', value: 'a,b' }],
    ['text neq', { fieldId: 'name', op: 'neq', value: "O'Brien" }],
    ['text lt', { fieldId: 'name', op: 'lt', value: 'P' }],
    ['contains %', { fieldId: 'name', op: 'contains', value: '50%' }],
    ['contains _', { fieldId: 'name', op: 'contains', value: '_' }],
    ['contains \\', { fieldId: 'name', op: 'contains', value: 'k\\s' }],
    ['contains a quote', { fieldId: 'name', op: 'contains', value: 'say "h' }],
    ['contains, any case', { fieldId: 'name', op: 'contains', value: 'PERSON 1' }],
    ['not_contains', { fieldId: 'name', op: 'not_contains', value: 'person' }],
    ['starts_with', { fieldId: 'name', op: 'starts_with', value: '(par' }],
    ['text in', { fieldId: 'name', op: 'in', value: ['a,b', '(paren)', 'say "hi"'] }],
    ['text not_in', { fieldId: 'name', op: 'not_in', value: ['a,b', 'Person 20'] }],
    ['email contains', { fieldId: 'email', op: 'contains', value: 'p1' }],
    ['number eq', { fieldId: 'age', op: 'eq', value: 27 }],
    ['number neq', { fieldId: 'age', op: 'neq', value: 27 }],
    ['number gt', { fieldId: 'age', op: 'gt', value: 40 }],
    ['number lte', { fieldId: 'score', op: 'lte', value: 10.25 }],
    ['number in', { fieldId: 'age', op: 'in', value: [20, 27, 34] }],
    ['number not_in', { fieldId: 'age', op: 'not_in', value: [27] }],
    ['number is_empty', { fieldId: 'age', op: 'is_empty' }],
    ['number is_not_empty', { fieldId: 'score', op: 'is_not_empty' }],
    ['boolean eq', { fieldId: 'active', op: 'eq', value: true }],
    ['boolean neq', { fieldId: 'active', op: 'neq', value: true }],
    ['boolean is_empty', { fieldId: 'active', op: 'is_empty' }],
    ['date lt', { fieldId: 'birthday', op: 'lt', value: '1985-01-01' }],
    ['date eq', { fieldId: 'birthday', op: 'eq', value: '1971-02-02' }],
    ['date neq', { fieldId: 'birthday', op: 'neq', value: '1971-02-02' }],
    ['date is_empty', { fieldId: 'birthday', op: 'is_empty' }],
    ['datetime gte', { fieldId: 'last_seen', op: 'gte', value: '2026-01-10T00:00:00Z' }],
    ['datetime is_not_empty', { fieldId: 'last_seen', op: 'is_not_empty' }],
    ['created_at gt', { fieldId: 'created', op: 'gt', value: '2026-01-01T00:10:00Z' }],
    ['select eq', { fieldId: 'level', op: 'eq', value: 'senior' }],
    ['select neq', { fieldId: 'level', op: 'neq', value: 'senior' }],
    ['select in', { fieldId: 'level', op: 'in', value: ['junior', 'mid'] }],
    ['select not_in', { fieldId: 'level', op: 'not_in', value: ['junior'] }],
    ['select is_empty', { fieldId: 'level', op: 'is_empty' }],
    ['select is_not_empty', { fieldId: 'level', op: 'is_not_empty' }],
    ['multi eq', { fieldId: 'tags', op: 'eq', value: 'a' }],
    ['multi contains', { fieldId: 'tags', op: 'contains', value: 'b' }],
    ['multi neq', { fieldId: 'tags', op: 'neq', value: 'a' }],
    ['multi not_contains', { fieldId: 'tags', op: 'not_contains', value: 'c' }],
    ['multi in', { fieldId: 'tags', op: 'in', value: ['b', 'c'] }],
    ['multi not_in', { fieldId: 'tags', op: 'not_in', value: ['b', 'c'] }],
    ['multi is_empty', { fieldId: 'tags', op: 'is_empty' }],
    ['multi is_not_empty', { fieldId: 'tags', op: 'is_not_empty' }],
    ['to-many relation is_empty', { fieldId: 'friends', op: 'is_empty' }],
    ['to-many relation is_not_empty', { fieldId: 'friends', op: 'is_not_empty' }],
    ['many-to-one relation is_empty', { fieldId: 'team', op: 'is_empty' }],
    ['many-to-one relation eq', { fieldId: 'team', op: 'eq', value: '10000000-0000-4000-8000-000000000001' }],
    ['attachment is_empty', { fieldId: 'avatar', op: 'is_empty' }],
    ['attachment is_not_empty', { fieldId: 'avatar', op: 'is_not_empty' }],
    ['prefixed autonumber gte', { fieldId: 'code', op: 'gte', value: 'P-040' }],
    ['text is_empty', { fieldId: 'email', op: 'is_empty' }],
    [
      'nested and/or',
      and(
        { fieldId: 'level', op: 'in', value: ['mid', 'senior'] },
        { fieldId: 'birthday', op: 'is_not_empty' },
        or({ fieldId: 'age', op: 'gte', value: 45 }, { fieldId: 'score', op: 'gte', value: 20 }),
      ),
    ],
    [
      'or of ands',
      or(
        and({ fieldId: 'active', op: 'eq', value: true }, { fieldId: 'tags', op: 'contains', value: 'a' }),
        and({ fieldId: 'active', op: 'eq', value: false }, { fieldId: 'name', op: 'contains', value: '%' }),
      ),
    ],
    ['empty or', or()],
  ];

  const viewIds = async (filter: FilterGroup) => {
    const view: View = {
      id: 'v',
      label: 'V',
      kind: 'list',
      tableId: 'people',
      columns: ['name'],
      pageSize: 50,
      filter,
    };
    const compiled = compileViewQuery(view, { app, appId: APP_ID, limit: 1000 });
    if (!compiled.ok) throw new Error(compiled.error.message);
    return (await db(compiled.value.text, compiled.value.params)).map((row) => String(row.id)).sort();
  };

  it.each(cases)('%s', async (_name, filter) => {
    const group = 'combinator' in filter ? filter : and(filter);
    const params = compileRowsQuery(app, people, {
      fieldIds: ['name'],
      viewFilter: group,
      limit: 1000,
      offset: 0,
    });
    const answer = await read(db, params.toString(), { visible: allFieldsVisible(app) });
    expect(answer.error).toBeUndefined();
    const ids = answer.rows.map((row) => String(row.id)).sort();
    expect(ids).toEqual(await viewIds(group));
  });

  it('the cases are not trivial: they select different, non-empty, partial sets of rows', async () => {
    const sizes = await Promise.all(cases.map(([, f]) => viewIds('combinator' in f ? f : and(f))));
    const partial = sizes.filter((ids) => ids.length > 0 && ids.length < 50);
    expect(partial.length).toBeGreaterThan(cases.length - 3);
  });

  it('a * in contains (PostgREST cannot escape it) matches any one character: never fewer rows', async () => {
    const group = and({ fieldId: 'name', op: 'contains', value: 'r*n' });
    const params = compileRowsQuery(app, people, {
      fieldIds: ['name'],
      viewFilter: group,
      limit: 1000,
      offset: 0,
    });
    const answer = await read(db, params.toString(), { visible: allFieldsVisible(app) });
    expect(answer.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['Star*Name']));
    expect(await viewIds(group)).toHaveLength(1);
  });

  it('a search over names and choices parses and finds the rows holding the text', async () => {
    const params = compileRowsQuery(app, people, {
      fieldIds: ['name'],
      search: { text: '50%', fieldIds: ['name', 'email', 'level'] },
      limit: 100,
      offset: 0,
    });
    expect(parseReadQuery(params, { app, tableId: 'people', visible: allFieldsVisible(app) }).ok).toBe(true);
    const answer = await read(db, params.toString(), { visible: allFieldsVisible(app) });
    expect(answer.rows.map((row) => row.name)).toEqual(['50% off']);
  });
});
