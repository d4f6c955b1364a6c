import type { AppDefinition, FilterGroup, Table, View } from '../../../schemas/definitions.ts';
import type { OrderTerm } from './ast.ts';
import { QueryFailure } from './ast.ts';
import { findTable } from './columns.ts';
import { sortElements } from './order-sql.ts';
import { checkUuid, columnSql, fieldKey } from './sql-expr.ts';
import { columnFor } from './view-filter-sql.ts';
import { viewSort } from './view-sql.ts';

export interface IndexDefinition {
  /** Deterministic: `ad_<app id hex>_<table id (≤16)>_<hash of the columns>`, at most 63 characters. */
  name: string;
  sql: string;
}

/** Names of the indexes this module makes for an app start with this, so stale ones can be found and dropped. */
export function indexPrefix(appId: string): string {
  return `ad_${checkUuid(appId, 'appId').replaceAll('-', '')}_`;
}

/**
 * Expression indexes for what an app's views filter and sort on, made at publish time. Each is
 * partial (`where app_id = … and table_id = …`), so it holds only that table's rows, and its
 * columns are the view's equality conditions (top-level `eq`/`in`) followed by exactly the
 * ORDER BY of `compileViewQuery` — one index serves the filter, the order and the keyset.
 *
 * A `datetime` field stored in `data` compares as `timestamptz`, whose cast from text depends on
 * the session's time zone and so cannot be indexed; an index stops before such a column. Views
 * that only need the natural order are already served by `app_data_table_idx`.
 */
export function indexesForViews(app: AppDefinition, appId: string): IndexDefinition[] {
  const prefix = indexPrefix(appId);
  const app_id = checkUuid(appId, 'appId');
  const byName = new Map<string, IndexDefinition>();
  for (const view of app.views) {
    const table = findTable(app, view.tableId);
    if (!table) continue;
    // Under row-level security (every read by a person) Postgres may not use `data->>'f' = $1` as
    // an index condition (`->>` is not leakproof), so an index led by the equalities serves only
    // unrestricted reads; one led by the sort serves RLS reads, filtering as it walks the order.
    // And the data API's default null placement (Postgres': first for desc), which its callers
    // get unless they say `.nullslast`, so `order=due.desc` finds an index too.
    const variants = [
      { withEqualities: true, apiNulls: false },
      { withEqualities: false, apiNulls: false },
      { withEqualities: false, apiNulls: true },
    ];
    for (const { withEqualities, apiNulls } of variants) {
      const columns = indexColumns(app, table, view, withEqualities, apiNulls);
      if (!columns) continue;
      const name =
        `${prefix}${table.id.slice(0, 16)}_${hash(`${table.id}|${columns.join(',')}`)}`.toLowerCase();
      const sql =
        `create index if not exists ${name} on public.app_data (${columns.join(', ')})` +
        ` where app_id = '${app_id}'::uuid and table_id = ${fieldKey(table.id)}::text`;
      byName.set(name, { name, sql });
    }
  }
  return [...byName.values()];
}

function indexColumns(
  app: AppDefinition,
  table: Table,
  view: View,
  withEqualities: boolean,
  apiNulls: boolean,
): string[] | null {
  let keys: OrderTerm[] | null;
  try {
    keys = viewSort(view, table, app);
  } catch (error) {
    if (error instanceof QueryFailure) return null; // a view the definition checks would refuse
    throw error;
  }
  if (!keys) return null;
  if (apiNulls)
    keys = keys.map((key): OrderTerm => ({ ...key, nulls: key.direction === 'asc' ? 'last' : 'first' }));
  const filter = 'filter' in view ? view.filter : undefined;
  const equalities = filter && withEqualities ? equalityColumns(app, table, filter) : [];
  const columns = equalities.map((column) => columnSql(column, ''));
  const sortable = keys.findIndex((key) => !indexable(key));
  // Only an unbroken prefix of the sort can be indexed; without the whole sort the tie-breaker is useless.
  if (sortable < 0) columns.push(...sortElements(keys, ''));
  else columns.push(...sortElements(keys.slice(0, sortable), '').slice(0, -1));
  const natural = equalities.length === 0 && keys.length === 1 && keys[0]?.column.source === 'created_at';
  if (columns.length === 0 || natural) return null;
  return columns;
}

/** Fields the view's top-level `and` pins to one value (or a list): they lead the index. */
function equalityColumns(app: AppDefinition, table: Table, filter: FilterGroup) {
  if (filter.combinator !== 'and') return [];
  const seen = new Set<string>();
  const columns = [];
  for (const item of filter.conditions) {
    if ('combinator' in item || (item.op !== 'eq' && item.op !== 'in') || seen.has(item.fieldId)) continue;
    const field = table.fields.find((f) => f.id === item.fieldId);
    if (!field) continue;
    const column = columnFor(app, table, field.id);
    if (!indexable({ column }) || column.type === 'array' || column.type === 'json') continue;
    seen.add(item.fieldId);
    columns.push(column);
  }
  return columns;
}

/**
 * A lookup or rollup is computed by the statement that reads it (a subquery), never stored in
 * `data`: an index on `data` could not serve it, so an index stops before it.
 */
function indexable(key: Pick<OrderTerm, 'column'>): boolean {
  if ('derived' in key.column) return false;
  return !(key.column.source === 'data' && key.column.type === 'datetime');
}

/** FNV-1a, 32 bits, as 8 hex digits: stable across runs and platforms. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
