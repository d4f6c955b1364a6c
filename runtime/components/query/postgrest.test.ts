import { describe, expect, it } from 'vitest';
import type { Condition, FilterGroupNode, QueryError, ReadQuery, Visibility } from './ast.ts';
import { parseFilterQuery, parseReadQuery } from './postgrest.ts';
import { peopleApp, visitorVisibility } from './query.fixture.ts';

function parse(
  search: string,
  tableId = 'people',
  visible: Visibility = visitorVisibility(),
  maxRows?: number,
) {
  return parseReadQuery(new URLSearchParams(search), { app: peopleApp(), tableId, visible, maxRows });
}

function ok(search: string, tableId = 'people'): ReadQuery {
  const result = parse(search, tableId);
  if (!result.ok) throw new Error(`expected ${search} to parse: ${result.error.message}`);
  return result.value;
}

function error(search: string, tableId = 'people', visible?: Visibility): QueryError {
  const result = parse(search, tableId, visible);
  if (result.ok) throw new Error(`expected ${search} to be refused`);
  expect(result.error.status).toBe(400);
  return result.error;
}

/** The one top-level filter of a query. */
function only(search: string) {
  const { children } = ok(search).filter;
  expect(children).toHaveLength(1);
  return children[0]!;
}

const names = (q: ReadQuery) => q.select.map((item) => item.alias);

describe('select', () => {
  it('defaults to *: the id, every visible field, then the timestamps — never a hidden field', () => {
    const all = names(ok(''));
    expect(all[0]).toBe('id');
    expect(all).toContain('name');
    expect(all).toContain('avatar');
    expect(all.slice(-2)).toEqual(['created_at', 'updated_at']);
    expect(all).not.toContain('salary');
    expect(names(ok('select=*'))).toEqual(all);
    expect(names(ok('select=*', 'teams'))).toEqual([
      'id',
      'name',
      'budget',
      'members',
      'created_at',
      'updated_at',
    ]);
  });

  it('takes columns and aliases in the order given', () => {
    const q = ok('select=name,years:age,id,created');
    expect(names(q)).toEqual(['name', 'years', 'id', 'created']);
    expect(q.select[1]).toMatchObject({
      kind: 'column',
      column: { name: 'age', type: 'number', source: 'data' },
    });
    expect(q.select[3]).toMatchObject({ column: { source: 'created_at', type: 'datetime' } });
  });

  it('embeds a many_to_one relation as an object and a to-many one as a list, by field or table id', () => {
    const q = ok('select=name,team(*),pals:friends(name,age)');
    expect(q.select[1]).toMatchObject({
      kind: 'embed',
      alias: 'team',
      relation: { fieldId: 'team', targetTableId: 'teams', toMany: false },
    });
    expect(names({ ...q, select: (q.select[1] as { columns: ReadQuery['select'] }).columns })).not.toContain(
      'note',
    );
    expect(q.select[2]).toMatchObject({ alias: 'pals', relation: { fieldId: 'friends', toMany: true } });
    expect(ok('select=teams(name)').select[0]).toMatchObject({
      alias: 'teams',
      relation: { fieldId: 'team' },
    });
    expect(ok('select=name,members(*)', 'teams').select[1]).toMatchObject({ relation: { toMany: true } });
  });

  it('refuses hidden fields exactly like missing ones', () => {
    const hidden = error('select=name,salary');
    const missing = error('select=name,nope');
    expect(hidden).toMatchObject({ code: '42703', message: 'unknown column "salary" in table "people"' });
    expect(missing.message).toBe('unknown column "nope" in table "people"');
    expect(hidden.hint).not.toContain('salary');
    expect(error('select=team(note)').message).toBe('unknown column "note" in table "teams"');
  });

  it('refuses embedding through a hidden relation or into a hidden table', () => {
    const noTeamField = new Map(visitorVisibility());
    noTeamField.set('people', new Set([...noTeamField.get('people')!].filter((f) => f !== 'team')));
    expect(error('select=team(*)', 'people', noTeamField)).toMatchObject({ code: 'PGRST200' });
    const noTeams = new Map([...visitorVisibility()].filter(([t]) => t !== 'teams'));
    expect(error('select=team(*)', 'people', noTeams).message).toContain('"team"');
    expect(error('select=*', 'teams', noTeams)).toMatchObject({
      code: 'PGRST205',
      message: 'unknown table "teams"',
    });
  });

  it('names what it does not support', () => {
    expect(error('select=team(friends(*))').message).toContain('one level deep');
    expect(error('select=name(*)').message).toContain('not a relation');
    expect(error('select=team!inner(*)').message).toContain('hints');
    expect(error('select=...team(*)').message).toContain('spreading');
    expect(error('select=age::text').message).toContain('casts');
    expect(error('select=avatar->name').message).toContain('JSON paths');
    expect(error('select=name,(').message).toContain('unbalanced');
    expect(error('select=name,,age').message).toContain('empty item');
    expect(error('select=bad alias:name').message).toContain('alias');
    expect(error('select=*', 'nope')).toMatchObject({ code: 'PGRST205', message: 'unknown table "nope"' });
  });
});

describe('filters', () => {
  it.each([
    ['eq', 'age=eq.30', { op: 'eq', value: '30' }],
    ['neq', 'age=neq.30', { op: 'neq', value: '30' }],
    ['gt', 'score=gt.2.5', { op: 'gt', value: '2.5' }],
    ['gte', 'birthday=gte.1980-01-31', { op: 'gte', value: '1980-01-31' }],
    ['lt', 'last_seen=lt.2026-01-05T10:00:00%2B02:00', { op: 'lt', value: '2026-01-05T10:00:00+02:00' }],
    ['lte', 'age=lte.-1e2', { op: 'lte', value: '-1e2' }],
    ['like (* is %)', 'name=like.*son*', { op: 'like', value: '%son%' }],
    ['ilike', 'email=ilike.P1*', { op: 'ilike', value: 'P1%' }],
    ['isdistinct', 'active=isdistinct.t', { op: 'isdistinct', value: 'true' }],
    [
      'eq on the row id',
      'id=eq.00000000-0000-4000-8000-00000000000A',
      { op: 'eq', value: '00000000-0000-4000-8000-00000000000a' },
    ],
    ['eq keeps commas and quotes at the top level', 'name=eq.a,"b"', { op: 'eq', value: 'a,"b"' }],
  ])('%s', (_name, search, expected) => {
    expect(only(search)).toMatchObject({ kind: 'condition', negated: false, ...expected });
  });

  it('in: a list, quoted items may hold commas, parentheses and escaped quotes', () => {
    expect(only('name=in.("a,b",(x),plain,"say \\"hi\\"",)')).toMatchObject({
      op: 'in',
      values: ['a,b', '(x)', 'plain', 'say "hi"', ''],
    });
    expect(only('age=in.()')).toMatchObject({ op: 'in', values: [] });
    expect(only('age=not.in.(1,2)')).toMatchObject({ op: 'in', values: ['1', '2'], negated: true });
    expect(error('age=in.(1,x)')).toMatchObject({ code: '22P02' });
    expect(error('age=in.1,2').message).toContain('list in parentheses');
    expect(only(`age=in.(${'1,'.repeat(999)}2)`)).toMatchObject({ op: 'in' });
    expect(error(`age=in.(${'1,'.repeat(1000)}2)`).message).toContain('at most 1000 values');
    expect(error(`tags=ov.{${'a,'.repeat(1000)}b}`).message).toContain('at most 1000 values');
  });

  it('is: null everywhere, true/false/unknown on booleans', () => {
    expect(only('age=is.null')).toMatchObject({ op: 'is', value: null });
    expect(only('active=is.TRUE')).toMatchObject({ op: 'is', value: true });
    expect(only('active=is.false')).toMatchObject({ op: 'is', value: false });
    expect(only('active=is.unknown')).toMatchObject({ op: 'is', value: null });
    expect(only('tags=not.is.null')).toMatchObject({ op: 'is', value: null, negated: true });
    expect(error('name=is.true').message).toBe('"is" takes null, not "true", in filter "name"');
    expect(error('active=is.maybe').message).toContain('null, true, false or unknown');
  });

  it('cs / cd / ov on list fields, as Postgres arrays or JSON', () => {
    expect(only('tags=cs.{a,b}')).toMatchObject({ op: 'cs', values: ['a', 'b'] });
    expect(only('tags=cd.["a","c"]')).toMatchObject({ op: 'cd', values: ['a', 'c'] });
    expect(only('friends=ov.{"x,y"}')).toMatchObject({ op: 'ov', values: ['x,y'] });
    expect(error('tags=cs.a').message).toContain('{a,b}');
    expect(error('name=cs.{a}').message).toContain('operator "cs" does not apply to text column "name"');
    expect(error('tags=eq.a').message).toContain('does not apply to array column "tags"');
    expect(error('avatar=eq.x').hint).toBe('Operators for "avatar": is');
  });

  it('not. in front of any operator', () => {
    expect(only('name=not.like.A*')).toMatchObject({ op: 'like', negated: true, value: 'A%' });
    expect(only('age=not.eq.3')).toMatchObject({ negated: true });
  });

  it('or / and nest, with not., quoted values and in-lists inside', () => {
    const group = only(
      'or=(age.gt.30,and(level.eq.senior,not.or(active.is.true,name.eq."a,b")),age.in.(1,2))',
    ) as FilterGroupNode;
    expect(group).toMatchObject({ kind: 'group', combinator: 'or', negated: false });
    expect(group.children).toHaveLength(3);
    const inner = group.children[1] as FilterGroupNode;
    expect(inner.combinator).toBe('and');
    const not = inner.children[1] as FilterGroupNode;
    expect(not).toMatchObject({ combinator: 'or', negated: true });
    expect(not.children[1]).toMatchObject({ op: 'eq', value: 'a,b', column: { name: 'name' } });
    expect(group.children[2]).toMatchObject({ op: 'in', values: ['1', '2'] });
    expect(only('not.and=(age.gt.1,age.lt.5)')).toMatchObject({ combinator: 'and', negated: true });
    expect(only('or=(name.eq.x y,name.not.ilike.*z)')).toMatchObject({
      children: [{ value: 'x y' }, { negated: true, value: '%z' }],
    });
  });

  it('several filters are and-ed, the same column may repeat', () => {
    expect(ok('age=gt.1&age=lt.9&level=eq.mid').filter.children.map((c) => (c as Condition).op)).toEqual([
      'gt',
      'lt',
      'eq',
    ]);
  });

  it('checks each value against its column type, naming both', () => {
    expect(error('age=gt.abc')).toMatchObject({
      code: '22P02',
      message: '"abc" is not a number like 42 or -1.5 (column "age" in filter "age")',
    });
    expect(error('birthday=eq.1980-02-30').message).toContain('a date like 2026-01-31');
    expect(error('last_seen=gt.yesterday').message).toContain('a date-time');
    expect(error('last_seen=gt.2026-01-05T10:00:00+02:00').hint).toContain('%2B');
    expect(error('active=eq.maybe').message).toContain('true or false');
    expect(error('id=eq.42').message).toContain('a row id');
    expect(error('or=(age.eq.x)').message).toContain('column "age"');
    expect(error('name=eq.a\u0000b').message).toContain('NUL');
  });

  it('refuses unknown operators, missing values, modifiers and embedded filters', () => {
    expect(error('age=5')).toMatchObject({
      code: 'PGRST100',
      message: 'unknown operator "5" in filter "age"',
    });
    expect(error('age=between.1.2').message).toContain('unknown operator "between"');
    expect(error('age=eq').message).toBe('filter "age" needs a value after "eq."');
    expect(error('name=like(any).{a*,b*}').message).toContain('modifiers');
    expect(error('age=like.1*').message).toContain('does not apply to number column "age"');
    expect(error('team.name=eq.Red').message).toContain('embedded resources');
  });

  it('refuses filtering on hidden fields, also inside or=()', () => {
    expect(error('salary=gt.0').message).toBe('unknown column "salary" in table "people"');
    expect(error('or=(name.eq.x,salary.gt.1000)').message).toBe('unknown column "salary" in table "people"');
    expect(error('select=name&or=(not.and(salary.gt.1))').code).toBe('42703');
  });

  it('names malformed logic trees', () => {
    expect(error('or=age.eq.1').message).toContain('parentheses');
    expect(error('or=()').message).toContain('at least one condition');
    expect(error('or=(age)').message).toContain('column.operator.value');
    expect(error('or=(age.eq.1').message).toContain('parentheses');
    expect(error('or=(name.eq."x)').message).toContain('unclosed quote');
    expect(error(`or=(${'or('.repeat(12)}age.eq.1${')'.repeat(13)}`).message).toContain('nest at most');
  });

  it('parseFilterQuery reads only the filters (for PATCH and DELETE)', () => {
    const result = parseFilterQuery(new URLSearchParams('select=name&age=gt.3&columns=name'), {
      app: peopleApp(),
      tableId: 'people',
      visible: visitorVisibility(),
    });
    expect(result.ok && result.value.children).toHaveLength(1);
  });
});

describe('order, limit, offset', () => {
  it('order: several terms, directions and nulls placement, Postgres defaults otherwise', () => {
    expect(ok('order=age.desc.nullslast,name,score.asc.nullsfirst,birthday.desc').order).toMatchObject([
      { column: { name: 'age' }, direction: 'desc', nulls: 'last' },
      { column: { name: 'name' }, direction: 'asc', nulls: 'last' },
      { column: { name: 'score' }, direction: 'asc', nulls: 'first' },
      { column: { name: 'birthday' }, direction: 'desc', nulls: 'first' },
    ]);
    expect(ok('order=name.nullsfirst').order[0]).toMatchObject({ direction: 'asc', nulls: 'first' });
  });

  it('order: refuses unknown modifiers, hidden or list columns, embedded ordering', () => {
    expect(error('order=age.up').message).toBe('unknown order modifier "up" in "age.up"');
    expect(error('order=age.asc.desc').message).toContain('"desc"');
    expect(error('order=salary.asc').code).toBe('42703');
    expect(error('order=tags').message).toContain('holds a list');
    expect(error('order=team(name).asc').message).toContain('embedded');
  });

  it('limit and offset are whole numbers; maxRows caps the limit', () => {
    expect(ok('limit=10&offset=5')).toMatchObject({ limit: 10, offset: 5 });
    expect(ok('')).toMatchObject({ limit: null, offset: 0 });
    expect(error('limit=-1').message).toContain('"limit" must be a whole number');
    expect(error('offset=1.5').message).toContain('"offset"');
    expect(error('limit=1&limit=2').message).toContain('given 2 times');
    const capped = parse('limit=5000', 'people', visitorVisibility(), 100);
    expect(capped.ok && capped.value.limit).toBe(100);
    const unset = parse('', 'people', visitorVisibility(), 100);
    expect(unset.ok && unset.value.limit).toBe(100);
  });
});
