import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { ColumnRef, ColumnType, FilterNode, OrderTerm, Visibility } from './ast.ts';
import { fieldColumn, findTable } from './columns.ts';
import type { RowScope, SqlQuery } from './sql.ts';
import { appScopeSql, checkUuid, fieldKey, SqlParams, uuidOrNull } from './sql-expr.ts';

/**
 * Lookups and rollups, computed by the database in the statement that reads them. Neither is
 * stored: a lookup is a field of the row(s) a relation points to, a rollup an aggregate over them,
 * so both are correlated subqueries over `app_data`, scoped like embeds (same app, the relation's
 * target table, its row scope if any) and run under the caller's row-level security.
 *
 * A statement puts the values into the row's `data` (`dataWithDerivedSql`), so that everything
 * else — projection, the JSON answer, filters and ORDER BY written by `sql-expr.ts` — reads a
 * lookup like any stored field. Where only the answer needs them, that happens in the
 * select list (evaluated for the rows returned, after LIMIT); where a filter or the order needs
 * them, in a subquery standing in for `app_data` (`derivedFromSql`), which computes them for
 * every row of the table the statement looks at.
 */

export type RollupAggregate = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** How one lookup or rollup is computed; built from the definition by `derivedSpec` (columns.ts). */
export interface DerivedSpec {
  kind: 'lookup' | 'rollup';
  relationFieldId: string;
  targetTableId: string;
  toMany: boolean;
  aggregate: RollupAggregate | null;
  /** What each related row gives: a stored field, a timestamp, or its own lookup/rollup; null to count. */
  target: DerivedTarget | null;
  /** The caller may not see what it reads (or it reads nothing that exists): the value is null. */
  hidden: boolean;
}

export type DerivedTarget =
  | { source: 'data'; fieldId: string; type: ColumnType }
  | { source: 'created_at' | 'updated_at'; type: 'datetime' }
  | { source: 'derived'; spec: DerivedSpec; type: ColumnType };

/** A column whose value a statement computes: `fieldColumn` gives these for lookups and rollups. */
export interface DerivedColumnRef extends ColumnRef {
  derived: DerivedSpec;
}

export function isDerived(column: ColumnRef): column is DerivedColumnRef {
  return 'derived' in column && typeof (column as DerivedColumnRef).derived === 'object';
}

/** What the subqueries need besides the spec: the app (a checked literal), parameters, row scopes. */
export interface DerivedScope {
  appId: string;
  params: SqlParams;
  /** Row scopes of related tables, by table id (as embeds get them). */
  rowScopes?: Readonly<Record<string, RowScope>> | undefined;
}

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** The most pairs one `jsonb_build_object` takes (it takes at most 100 arguments). */
const PAIRS_PER_OBJECT = 50;

function targetScope(scope: DerivedScope, tableId: string, alias: string): string {
  let sql = appScopeSql(alias, scope.appId, tableId);
  const rowScope = scope.rowScopes?.[tableId];
  if (rowScope)
    sql += ` and ${alias}.end_user_id = ${scope.params.add(checkUuid(rowScope.endUserId, 'endUserId'))}::uuid`;
  return sql;
}

/** One related row's value as jsonb (SQL null when it has none). */
function targetValueSql(target: DerivedTarget, scope: DerivedScope, alias: string, level: number): string {
  switch (target.source) {
    case 'data':
      return `${alias}.data->${fieldKey(target.fieldId)}`;
    case 'created_at':
    case 'updated_at':
      return `to_jsonb(to_char(${alias}.${target.source} at time zone 'UTC', ${ISO_UTC}))`;
    case 'derived':
      return derivedValueSql(target.spec, scope, alias, level + 1);
  }
}

/** The aggregate over the related rows (alias `t`), as jsonb; null when no row has a value. */
function aggregateSql(spec: DerivedSpec, value: string | null, t: string): string {
  if (spec.aggregate === 'count' || !spec.target || value === null) return 'to_jsonb(count(*))';
  const text = (type: string) => `case when jsonb_typeof(${value}) = '${type}' then ${value} #>> '{}' end`;
  const { type, source } = spec.target;
  const aggregate = spec.aggregate;
  if (aggregate === 'min' || aggregate === 'max') {
    if (source === 'created_at' || source === 'updated_at')
      return `to_jsonb(to_char(${aggregate}(${t}.${source}) at time zone 'UTC', ${ISO_UTC}))`;
    // Dates are YYYY-MM-DD text, which sorts as the dates do; date-times compare as instants.
    if (type === 'date') return `to_jsonb(${aggregate}(${text('string')}))`;
    if (type === 'datetime')
      return `to_jsonb(to_char(${aggregate}((${text('string')})::timestamptz) at time zone 'UTC', ${ISO_UTC}))`;
  }
  return `to_jsonb(${aggregate}((${text('number')})::numeric))`;
}

/**
 * A lookup's or rollup's value for the row `alias`, as jsonb: through many_to_one the related
 * row's value (null when none), through to-many a list of the related rows' values in the stored
 * order; a rollup counts the related rows, or aggregates the numbers (dates for min/max) they hold.
 * Related rows come from the same app and the relation's target table only. `level` numbers the
 * aliases of nested subqueries (a lookup of a lookup), so an inner one never shadows an outer one.
 */
export function derivedValueSql(spec: DerivedSpec, scope: DerivedScope, alias: string, level = 1): string {
  if (spec.hidden) return 'null::jsonb';
  const t = `d${level}`;
  const e = `e${level}`;
  const key = fieldKey(spec.relationFieldId);
  const where = targetScope(scope, spec.targetTableId, t);
  const value = spec.target ? targetValueSql(spec.target, scope, t, level) : null;
  const single = `${t}.id = ${uuidOrNull(`${alias}.data->>${key}`)}`;
  const ids = `case when jsonb_typeof(${alias}.data->${key}) = 'array' then ${alias}.data->${key} else '[]'::jsonb end`;
  if (spec.kind === 'lookup') {
    if (value === null) return 'null::jsonb';
    if (!spec.toMany) return `(select ${value} from public.app_data ${t} where ${where} and ${single})`;
    return (
      `coalesce((select jsonb_agg(${value} order by ${e}.n) from jsonb_array_elements_text(${ids})` +
      ` with ordinality as ${e}(v, n) join public.app_data ${t} on ${t}.id = ${uuidOrNull(`${e}.v`)}` +
      ` where ${where}), '[]'::jsonb)`
    );
  }
  const related = spec.toMany
    ? `${t}.id in (select ${uuidOrNull(`${e}.v`)} from jsonb_array_elements_text(${ids}) as ${e}(v))`
    : single;
  return `(select ${aggregateSql(spec, value, t)} from public.app_data ${t} where ${where} and ${related})`;
}

function dedupe(columns: readonly DerivedColumnRef[]): DerivedColumnRef[] {
  const byName = new Map<string, DerivedColumnRef>();
  for (const column of columns) if (!byName.has(column.name)) byName.set(column.name, column);
  return [...byName.values()];
}

/** `jsonb_build_object('f', <value>, …)` (in parts of 50 pairs, joined by `||`), or null for none. */
export function derivedObjectSql(
  columns: readonly DerivedColumnRef[],
  scope: DerivedScope,
  alias: string,
): string | null {
  const pairs = dedupe(columns).map(
    (column) => `${fieldKey(column.name)}::text, ${derivedValueSql(column.derived, scope, alias)}`,
  );
  if (pairs.length === 0) return null;
  const objects: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_OBJECT)
    objects.push(`jsonb_build_object(${pairs.slice(i, i + PAIRS_PER_OBJECT).join(', ')})`);
  return objects.join(' || ');
}

/**
 * The row's `data` with the columns' values in it: a computed value replaces whatever the key
 * held, and an empty one (SQL null) leaves the key out, as an empty stored field is, so that
 * `is.null` and the order's null flags see lookups and rollups exactly as stored fields.
 */
export function dataWithDerivedSql(
  columns: readonly DerivedColumnRef[],
  scope: DerivedScope,
  alias: string,
): string {
  const unique = dedupe(columns);
  if (unique.length === 0) return `${alias}.data`;
  const keys = unique.map((column) => fieldKey(column.name));
  const pairs = unique.map((column, i) => `(${keys[i]}, ${derivedValueSql(column.derived, scope, alias)})`);
  return (
    `((${alias}.data - array[${keys.join(', ')}]::text[]) || coalesce((select jsonb_object_agg(dv.k, dv.v)` +
    ` from (values ${pairs.join(', ')}) as dv(k, v) where dv.v is not null), '{}'::jsonb))`
  );
}

/**
 * What a statement reads as `r`: `public.app_data r`, or, when filters or the order need computed
 * values, a subquery over the table's rows (in its row scope) with the same columns and those
 * values in `data`. `offset 0` keeps Postgres from merging it into the outer query, which would
 * copy the whole `data || …` expression, subqueries and all, into every filter on `data` (even one
 * on a stored field) and run them once per copy.
 */
export function derivedFromSql(
  columns: readonly DerivedColumnRef[],
  scope: DerivedScope,
  tableId: string,
  rowScope?: RowScope,
): string {
  if (columns.length === 0) return 'public.app_data r';
  let where = appScopeSql('a', scope.appId, tableId);
  if (rowScope)
    where += ` and a.end_user_id = ${scope.params.add(checkUuid(rowScope.endUserId, 'endUserId'))}::uuid`;
  return (
    `(select a.id, a.app_id, a.table_id, a.end_user_id, a.created_at, a.updated_at,` +
    ` ${dataWithDerivedSql(columns, scope, 'a')} as data from public.app_data a where ${where} offset 0) r`
  );
}

/** The computed columns a filter tree compares. */
export function derivedInFilter(node: FilterNode): DerivedColumnRef[] {
  if (node.kind === 'condition') return isDerived(node.column) ? [node.column] : [];
  return node.children.flatMap(derivedInFilter);
}

/** The computed columns an order sorts by. */
export function derivedInOrder(order: readonly OrderTerm[]): DerivedColumnRef[] {
  return order.map((term) => term.column).filter(isDerived);
}

/** Every lookup and rollup of a table as a column, seen as `visible` allows (every field when absent). */
export function derivedColumns(
  app: AppDefinition,
  tableId: string,
  visible?: Visibility,
  fieldIds?: ReadonlySet<string>,
): DerivedColumnRef[] {
  const table = findTable(app, tableId);
  if (!table) return [];
  return table.fields
    .filter((field) => !fieldIds || fieldIds.has(field.id))
    .map((field) => fieldColumn(app, table, field, visible))
    .filter(isDerived);
}

/**
 * The lookups and rollups of rows given as JSON rather than read from the table — rows about to
 * be written, as they will be — for the write pipeline's expressions: `$1` is a JSON array of the
 * rows' `data`; the answer has one row per element, `{ n, derived }` in order (n from 1), where
 * `derived` holds every lookup and rollup of the table by field id. Every field is visible: these
 * values feed the app's own logic (computed fields, guards, rules), not an answer to the caller.
 * Null when the table has none.
 */
export function compileDerivedValues(
  app: AppDefinition,
  appId: string,
  tableId: string,
  rows: readonly Record<string, unknown>[],
): SqlQuery | null {
  const columns = derivedColumns(app, tableId);
  if (columns.length === 0) return null;
  const params = new SqlParams();
  const input = params.add(JSON.stringify(rows));
  const object = derivedObjectSql(columns, { appId, params }, 'w');
  return {
    text:
      `select w.n::int as n, ${object} as derived from` +
      ` (select x.value as data, x.ordinality as n from jsonb_array_elements(${input}::jsonb) with ordinality as x) w` +
      ' order by w.n',
    params: params.values,
  };
}
