import type { AppDefinition, FilterGroup, Table, View } from '../../../schemas/definitions.ts';
import { attempt, fail, type OrderTerm, type QueryResult, type Visibility } from './ast.ts';
import { findTable } from './columns.ts';
import { type DerivedScope, dataWithDerivedSql, derivedColumns, derivedFromSql } from './derived-sql.ts';
import { NATURAL_ORDER, nullFlagSql, nullFlagValue, sortElements, uniformDirection } from './order-sql.ts';
import type { RowScope, SqlQuery } from './sql.ts';
import { appScopeSql, checkUuid, columnSql, SqlParams, typedParam } from './sql-expr.ts';
import { normalizeValue } from './values.ts';
import { columnFor, groupSql } from './view-filter-sql.ts';

/**
 * The query behind a list, card grid, kanban or calendar view: the view's own filter and sort,
 * paged by keyset (`after` the last row of the previous page) rather than by offset. Empty values
 * sort last both ways. When every sort key runs the same way the keyset is one row comparison
 * over the same expressions as the ORDER BY (see `order-sql.ts`), which the view's derived index
 * (`indexesForViews`) answers with a range scan, so page 200 costs what page 1 does; mixed
 * directions fall back to the equivalent OR form, checked while walking the same index.
 *
 * The lookups and rollups the view shows, filters or sorts by are computed in the statement and
 * come back in `data` (see `derived-sql.ts`); sorting or filtering by one computes it for every row.
 */

export interface Cursor {
  /** The `k0, k1, …` of the last row of the previous page (see `viewCursor`); strings or null. */
  sortValues: (string | null)[];
  id: string;
}

export interface ViewQueryOptions {
  app: AppDefinition;
  appId: string;
  rowScope?: RowScope;
  after?: Cursor;
  /** Rows per page; the list view's `pageSize`, or 50. */
  limit?: number;
  /** Conditions the page adds (a calendar's month, a kanban column); the caller checks visibility. */
  extraFilter?: FilterGroup;
  /** What the caller may see, for lookups and rollups (a hidden target reads as null); all when absent. */
  visible?: Visibility;
}

/** The fields a view shows on its rows. */
function shownFieldIds(view: View): string[] {
  switch (view.kind) {
    case 'list':
      return view.columns;
    case 'card_grid':
      return [view.titleFieldId, ...view.fields];
    case 'kanban':
      return [view.groupByFieldId, view.cardTitleFieldId, ...view.cardFields];
    case 'calendar':
      return [view.startFieldId, view.titleFieldId, view.endFieldId, view.colorFieldId].filter(
        (id): id is string => id !== undefined,
      );
    default:
      return [];
  }
}

function filterFieldIds(group: FilterGroup | undefined): string[] {
  if (!group) return [];
  return group.conditions.flatMap((item) => ('combinator' in item ? filterFieldIds(item) : [item.fieldId]));
}

/** The sort a view pages in (before the `id` tie-breaker), or null for views that do not list rows. Empty values last. */
export function viewSort(view: View, table: Table, app: AppDefinition): OrderTerm[] | null {
  const term = (fieldId: string, direction: 'asc' | 'desc'): OrderTerm => ({
    column: columnFor(app, table, fieldId),
    direction,
    nulls: 'last',
  });
  let terms: OrderTerm[];
  if (view.kind === 'list' || view.kind === 'card_grid')
    terms = (view.sort ?? []).map((k) => term(k.fieldId, k.direction));
  else if (view.kind === 'calendar') terms = [term(view.startFieldId, 'asc')];
  else if (view.kind === 'kanban') terms = [];
  else return null;
  if (terms.length === 0) terms = [...NATURAL_ORDER];
  for (const t of terms)
    if (t.column.type === 'array' || t.column.type === 'json')
      fail('PGRST100', `cannot sort by "${t.column.name}": it holds a list`);
  return terms;
}

/** Rows `{ id, data, created_at, updated_at, k0…kn }` of one page; `viewCursor(lastRow)` gives the next `after`. */
export function compileViewQuery(view: View, options: ViewQueryOptions): QueryResult<SqlQuery> {
  return attempt(() => {
    const table = findTable(options.app, view.tableId);
    if (!table) return fail('PGRST205', `unknown table "${view.tableId}"`);
    const keys = viewSort(view, table, options.app);
    if (!keys) return fail('PGRST100', `a ${view.kind} view has no list of rows to page through`);
    const params = new SqlParams();
    const own = 'filter' in view ? view.filter : undefined;
    // Lookups and rollups: the compared ones computed in FROM (with the shown ones), else in the select list.
    const compared = new Set([...filterFieldIds(own), ...filterFieldIds(options.extraFilter)]);
    for (const key of keys) compared.add(key.column.name);
    const scope: DerivedScope = { appId: options.appId, params };
    const comparedDerived = derivedColumns(options.app, table.id, options.visible, compared);
    const shown = new Set([...shownFieldIds(view), ...compared]);
    const shownDerived = derivedColumns(options.app, table.id, options.visible, shown);
    const from = derivedFromSql(
      comparedDerived.length > 0 ? shownDerived : [],
      scope,
      table.id,
      options.rowScope,
    );
    const data = dataWithDerivedSql(comparedDerived.length > 0 ? [] : shownDerived, scope, 'r');
    const where = [appScopeSql('r', options.appId, table.id)];
    if (options.rowScope)
      where.push(`r.end_user_id = ${params.add(checkUuid(options.rowScope.endUserId, 'endUserId'))}::uuid`);
    for (const group of [own, options.extraFilter])
      if (group) where.push(groupSql(options.app, table, group, params));
    if (options.after) where.push(keysetSql(keys, options.after, params));
    const values = keys.map((k, i) => `(${columnSql(k.column)})::text as k${i}`);
    const limit = options.limit ?? (view.kind === 'list' ? view.pageSize : 50);
    if (!Number.isInteger(limit) || limit < 0) fail('PGRST100', 'the page size must be a whole number');
    const text =
      `select r.id, ${data} as data, r.created_at, r.updated_at, ${values.join(', ')} from ${from}` +
      ` where ${where.join(' and ')} order by ${sortElements(keys).join(', ')} limit ${params.add(String(limit))}`;
    return { text, params: params.values };
  });
}

/** The `after` that continues from this row (a row of `compileViewQuery`'s result). */
export function viewCursor(row: { id: string } & Record<string, unknown>): Cursor {
  const sortValues: (string | null)[] = [];
  for (let i = 0; `k${i}` in row; i++) {
    const value = row[`k${i}`];
    sortValues.push(value === null || value === undefined ? null : String(value));
  }
  return { sortValues, id: row.id };
}

function keysetSql(keys: OrderTerm[], after: Cursor, params: SqlParams): string {
  if (after.sortValues.length !== keys.length)
    fail(
      'PGRST100',
      `the cursor has ${after.sortValues.length} sort values; this view sorts by ${keys.length}`,
    );
  const id = normalizeValue('uuid', after.id);
  if (id === null) return fail('22P02', 'the cursor does not name a row id');
  const values = keys.map((key, i) => {
    const raw = after.sortValues[i] ?? null;
    if (raw === null) {
      if (key.column.source !== 'data')
        fail('22P02', `the cursor's value for "${key.column.name}" is missing`);
      return null;
    }
    const value = normalizeValue(key.column.type, raw);
    if (value === null) fail('22P02', `the cursor's value for "${key.column.name}" is not valid`);
    return typedParam(key.column.type, params, value);
  });
  const idParam = `${params.add(id)}::uuid`;
  const direction = uniformDirection(keys);
  return direction ? rowCompare(keys, values, idParam, direction) : orChain(keys, values, idParam);
}

/**
 * All keys one way: `(flag0, k0, flag1, k1, id) > (…)`. A null cursor value leaves its key out —
 * rows tied with it on the flag are null there too — so only the flag decides.
 */
function rowCompare(
  keys: OrderTerm[],
  values: (string | null)[],
  idParam: string,
  direction: 'asc' | 'desc',
) {
  const left: string[] = [];
  const right: string[] = [];
  keys.forEach((key, i) => {
    const flag = nullFlagSql(key);
    const isNull = values[i] === null;
    if (flag) {
      left.push(flag);
      right.push(String(nullFlagValue(key, isNull)));
    }
    if (!isNull) {
      left.push(columnSql(key.column));
      right.push(values[i]!);
    }
  });
  left.push('r.id');
  right.push(idParam);
  return `(${left.join(', ')}) ${direction === 'asc' ? '>' : '<'} (${right.join(', ')})`;
}

/** Mixed directions: k0 strictly after, or k0 equal and the rest after; empty values come last. */
function orChain(keys: OrderTerm[], values: (string | null)[], idParam: string): string {
  let sql = `r.id > ${idParam}`;
  for (let i = keys.length - 1; i >= 0; i--) {
    const left = columnSql(keys[i]!.column);
    const value = values[i];
    if (value === null) {
      sql = `(${left} is null and ${sql})`;
      continue;
    }
    const cmp = keys[i]!.direction === 'asc' ? '>' : '<';
    sql = `(${left} ${cmp} ${value} or ${left} is null or (${left} = ${value} and ${sql}))`;
  }
  return sql;
}
