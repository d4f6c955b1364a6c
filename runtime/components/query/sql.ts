import type { ColumnItem, ColumnRef, EmbedItem, FilterGroupNode, OrderTerm, ReadQuery } from './ast.ts';
import {
  type DerivedScope,
  dataWithDerivedSql,
  derivedFromSql,
  derivedInFilter,
  derivedInOrder,
  derivedValueSql,
  isDerived,
} from './derived-sql.ts';
import { NATURAL_ORDER, sortElements } from './order-sql.ts';
import { appScopeSql, checkUuid, fieldKey, filterSql, SqlParams, uuidOrNull } from './sql-expr.ts';

export { indexesForViews } from './indexes.ts';
export { compileViewQuery, type ViewQueryOptions, viewCursor } from './view-sql.ts';

/**
 * Compiles a parsed PostgREST read into ONE parameterised statement over `public.app_data`.
 *
 * Relations: each relation field stores its own value in `data` — many_to_one the related row's
 * id (a UUID string), one_to_many / many_to_many an array of ids, in the order shown. An embed is a
 * correlated subquery in the select list (one statement, one round trip): many_to_one gives the
 * related row as a JSON object or null, to-many a JSON array in the stored order. Related rows
 * are read from the same app, the relation's target table, and the embed's row scope if any.
 *
 * Lookups and rollups (`derived-sql.ts`) are computed in the same statement and come back in
 * `data`, in the top-level row and in embedded rows, so projection and filters read them as fields.
 */

export interface SqlQuery {
  text: string;
  params: string[];
}

export interface RowScope {
  /** Only rows this end user created (a role's `rowScope: 'own'`). */
  endUserId: string;
}

export interface CompileOptions {
  appId: string;
  tableId: string;
  rowScope?: RowScope;
  /** Row scopes of embedded tables, by table id. */
  embedRowScopes?: Readonly<Record<string, RowScope>>;
}

/** What a compiled select returns per row: the raw row, plus `embed_<i>` for the i-th embed. */
export interface RawRow {
  id: string;
  data: Record<string, unknown> | null;
  created_at: Date | string;
  updated_at: Date | string;
  [embed: string]: unknown;
}

/** `app_id = … and table_id = … [and end_user_id = …]` for one table alias. */
export function scopeSql(
  params: SqlParams,
  appId: string,
  tableId: string,
  rowScope: RowScope | undefined,
  alias = 'r',
): string {
  let sql = appScopeSql(alias, appId, tableId);
  if (rowScope)
    sql += ` and ${alias}.end_user_id = ${params.add(checkUuid(rowScope.endUserId, 'endUserId'))}::uuid`;
  return sql;
}

/** The `order by` list: the requested terms (or the natural order), then `id` so pages never shuffle rows. */
export function orderSql(order: readonly OrderTerm[], alias = 'r'): string {
  return sortElements(order.length ? order : NATURAL_ORDER, alias).join(', ');
}

function checkTable(query: ReadQuery, options: CompileOptions) {
  if (query.tableId !== options.tableId)
    throw new Error(`the query reads "${query.tableId}" but was compiled for "${options.tableId}"`);
}

/** Lookups and rollups the statement needs: those it filters or orders by, and those it answers. */
function derivedNeeds(query: ReadQuery) {
  const compared = [...derivedInFilter(query.filter), ...derivedInOrder(query.order)];
  const selected = query.select.flatMap((item) =>
    item.kind === 'column' && isDerived(item.column) ? [item.column] : [],
  );
  // Compared ones are computed for every row looked at, in FROM; the answer's with them, if any.
  return compared.length > 0
    ? { from: [...compared, ...selected], select: [] }
    : { from: [], select: selected };
}

/** Rows of the table that pass the filter, in order, paged: `{ id, data, created_at, updated_at, embed_<i> }`. */
export function compileSelect(query: ReadQuery, options: CompileOptions): SqlQuery {
  checkTable(query, options);
  const params = new SqlParams();
  const app = options.appId;
  const scope: DerivedScope = { appId: app, params, rowScopes: options.embedRowScopes };
  const derived = derivedNeeds(query);
  const from = derivedFromSql(derived.from, scope, options.tableId, options.rowScope);
  const data = `${dataWithDerivedSql(derived.select, scope, 'r')} as data`;
  const embeds = query.select
    .filter((item): item is EmbedItem => item.kind === 'embed')
    .map(
      (embed, i) =>
        `${embedSql(embed, params, app, options.embedRowScopes?.[embed.relation.targetTableId], scope)} as embed_${i}`,
    );
  const where = `${scopeSql(params, app, options.tableId, options.rowScope)} and ${filterSql(query.filter, params)}`;
  let text =
    `select ${['r.id', data, 'r.created_at', 'r.updated_at', ...embeds].join(', ')}` +
    ` from ${from} where ${where} order by ${orderSql(query.order)}`;
  if (query.limit !== null) text += ` limit ${params.add(String(query.limit))}`;
  if (query.offset > 0) text += ` offset ${params.add(String(query.offset))}`;
  return { text, params: params.values };
}

/** The most columns one answer row may carry: `json_build_object` takes at most 100 arguments. */
const JSON_ROW_MAX_COLUMNS = 50;

/**
 * The same read as `compileSelect`, answered by the database as PostgREST answers it: one row with
 * `body`, the JSON array of the rows, each with exactly the selected keys in select order
 * (`projectRows`'s output, written by Postgres), and `n`, how many rows it holds. The rows are
 * aggregated from the ordered, limited subquery in its order (PostgREST's own form), so the
 * server passes one text through. Null when the query embeds relations or selects more columns
 * than one `json_build_object` takes; those go through `compileSelect` and `projectRows`.
 */
export function compileSelectJson(query: ReadQuery, options: CompileOptions): SqlQuery | null {
  checkTable(query, options);
  const columns: ColumnItem[] = [];
  for (const item of query.select) {
    if (item.kind !== 'column') return null;
    columns.push(item);
  }
  if (columns.length > JSON_ROW_MAX_COLUMNS) return null;
  const params = new SqlParams();
  const scope: DerivedScope = { appId: options.appId, params, rowScopes: options.embedRowScopes };
  const derived = derivedNeeds(query);
  const from = derivedFromSql(derived.from, scope, options.tableId, options.rowScope);
  const pairs = columns.map(
    (item) =>
      `${params.add(item.alias)}::text, ${columnJson(item.column, derived.from.length > 0 ? null : scope)}`,
  );
  const where = `${scopeSql(params, options.appId, options.tableId, options.rowScope)} and ${filterSql(query.filter, params)}`;
  let rows =
    `select json_build_object(${pairs.join(', ')}) as j` +
    ` from ${from} where ${where} order by ${orderSql(query.order)}`;
  if (query.limit !== null) rows += ` limit ${params.add(String(query.limit))}`;
  if (query.offset > 0) rows += ` offset ${params.add(String(query.offset))}`;
  const text = `select count(*)::int as n, coalesce(json_agg(page.j), '[]')::text as body from (${rows}) as page`;
  return { text, params: params.values };
}

/**
 * A column's value as `projectRows` gives it: timestamps as JavaScript's ISO strings, a missing key
 * as null; a lookup or rollup computed here (with `scope`), or read from `data` where FROM put it.
 */
function columnJson(column: ColumnRef, scope: DerivedScope | null): string {
  if (scope && isDerived(column)) return derivedValueSql(column.derived, scope, 'r');
  switch (column.source) {
    case 'id':
      return 'r.id';
    case 'created_at':
    case 'updated_at':
      return `to_char(r.${column.source} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default:
      return `r.data->${fieldKey(column.name)}`;
  }
}

/** `Prefer: count=exact`: how many rows pass the filter, ignoring limit and offset. Returns `{ count }`. */
export function compileCount(query: ReadQuery, options: CompileOptions): SqlQuery {
  checkTable(query, options);
  const params = new SqlParams();
  const app = options.appId;
  const scope: DerivedScope = { appId: app, params, rowScopes: options.embedRowScopes };
  const from = derivedFromSql(derivedInFilter(query.filter), scope, options.tableId, options.rowScope);
  const where = `${scopeSql(params, app, options.tableId, options.rowScope)} and ${filterSql(query.filter, params)}`;
  return {
    text: `select count(*)::int as count from ${from} where ${where}`,
    params: params.values,
  };
}

/**
 * The ids of the rows a filter matches, for PATCH and DELETE to act on (`where id in (...)` or as a
 * CTE) with the same scoping and filter semantics as reads.
 */
export function compileMatchingIds(filter: FilterGroupNode, options: CompileOptions): SqlQuery {
  const params = new SqlParams();
  const app = options.appId;
  const scope: DerivedScope = { appId: app, params, rowScopes: options.embedRowScopes };
  const from = derivedFromSql(derivedInFilter(filter), scope, options.tableId, options.rowScope);
  const where = `${scopeSql(params, app, options.tableId, options.rowScope)} and ${filterSql(filter, params)}`;
  return { text: `select r.id from ${from} where ${where}`, params: params.values };
}

/** An embedded row as JSON, its lookups and rollups computed into its `data`. */
const rowJson = (data: string) =>
  `jsonb_build_object('id', t.id, 'data', ${data}, 'created_at', t.created_at, 'updated_at', t.updated_at)`;

function embedSql(
  embed: EmbedItem,
  params: SqlParams,
  app: string,
  scope: RowScope | undefined,
  derivedScope: DerivedScope,
): string {
  const { fieldId, targetTableId, toMany } = embed.relation;
  const key = fieldKey(fieldId);
  const inner = embed.columns.map((item) => item.column).filter(isDerived);
  const row = rowJson(dataWithDerivedSql(inner, derivedScope, 't'));
  const target = scopeSql(params, app, targetTableId, scope, 't');
  if (!toMany)
    return `(select ${row} from public.app_data t where ${target} and t.id = ${uuidOrNull(`r.data->>${key}`)})`;
  const ids = `case when jsonb_typeof(r.data->${key}) = 'array' then r.data->${key} else '[]'::jsonb end`;
  return (
    `coalesce((select jsonb_agg(${row} order by e.n) from jsonb_array_elements_text(${ids})` +
    ` with ordinality as e(v, n) join public.app_data t on t.id = ${uuidOrNull('e.v')} where ${target}), '[]'::jsonb)`
  );
}
