import type { ChartData, ChartPoint } from '../../../schemas/api/viewer.ts';
import type { AppDefinition, FilterGroup, Table, View } from '../../../schemas/definitions.ts';
import { attempt, type ColumnRef, fail, type QueryResult, type Visibility } from './ast.ts';
import { fieldColumn, findTable } from './columns.ts';
import { type DerivedColumnRef, derivedColumns, derivedFromSql, isDerived } from './derived-sql.ts';
import type { RowScope, SqlQuery } from './sql.ts';
import { appScopeSql, checkUuid, fieldKey, SqlParams } from './sql-expr.ts';
import { groupSql } from './view-filter-sql.ts';

/**
 * A chart view's numbers, computed by the database in one statement: the rows its filter matches
 * (in the app and table, and the caller's own rows when its role sees only those), grouped by the
 * x field and by the group field when there is one, each group's count, sum, average, minimum or
 * maximum. Categories are what the viewer shows on an axis: a date (`YYYY-MM-DD`; a date-time's
 * day in UTC), a select option's id (a multi-select row counts under each of its options), a
 * number, a boolean; empty values are null and sort last. Values travel only as parameters.
 *
 * Lookups and rollups (as x, y, group or in the filter) are computed by the statement as reads
 * compute them (`derived-sql.ts`): in a subquery standing in for `app_data`, which puts their
 * values into `data`; one whose related table or field the caller's role cannot see reads as null.
 */

export type ChartView = Extract<View, { kind: 'chart' }>;

/** The most points one chart answers with (its categories times its series). */
export const MAX_CHART_POINTS = 500;

export interface ChartQueryOptions {
  app: AppDefinition;
  appId: string;
  /** Only this end user's rows (a role with `rowScope: 'own'`). */
  rowScope?: RowScope;
  /** What the caller may see, for lookups and rollups (a hidden target reads as null); all when absent. */
  visible?: Visibility;
}

/** What each row of the compiled statement holds: a point as JSON text, and the matched rows. */
export interface ChartRow {
  p: string;
  total: number;
}

interface Axis {
  /** The category's SQL expression (over `r`, or the element alias of a list field). */
  sql: string;
  /** A lateral join that turns a list into one row per element. */
  join?: string;
  /** Text sorts by code point, so the order is the same on every database and locale. */
  order: string;
}

const jsonKey = (column: ColumnRef) => `r.data->${fieldKey(column.name)}`;
const textOf = (column: ColumnRef) => `r.data->>${fieldKey(column.name)}`;
const isString = (column: ColumnRef) => `jsonb_typeof(${jsonKey(column)}) = 'string'`;
const ISO_DATE = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}'`;

/** The column a chart reads a field from; a lookup or rollup as the caller may see it. */
function chartColumn(app: AppDefinition, table: Table, fieldId: string, visible?: Visibility): ColumnRef {
  const field = table.fields.find((f) => f.id === fieldId);
  if (!field) return fail('42703', `unknown column "${fieldId}" in table "${table.id}"`);
  return fieldColumn(app, table, field, visible);
}

function filterFieldIds(group: FilterGroup | undefined): string[] {
  if (!group) return [];
  return group.conditions.flatMap((item) => ('combinator' in item ? filterFieldIds(item) : [item.fieldId]));
}

function axis(column: ColumnRef, fieldId: string, alias: 'x' | 'g'): Axis {
  const text = (sql: string): Axis => ({ sql, order: `${alias} collate "C" nulls last` });
  if (column.source === 'created_at' || column.source === 'updated_at')
    return text(`to_char(r.${column.source} at time zone 'UTC', 'YYYY-MM-DD')`);
  if (column.source !== 'data') return fail('PGRST100', `a chart cannot group by "${fieldId}"`);
  const value = jsonKey(column);
  switch (column.type) {
    case 'date':
      return text(
        `case when ${isString(column)} and ${textOf(column)} ~ ${ISO_DATE} then left(${textOf(column)}, 10) end`,
      );
    case 'datetime':
      return text(
        `case when ${isString(column)} and ${textOf(column)} ~ ${ISO_DATE} ` +
          `then to_char((${textOf(column)})::timestamptz at time zone 'UTC', 'YYYY-MM-DD') end`,
      );
    case 'number':
      return {
        sql: `case when jsonb_typeof(${value}) = 'number' then (${textOf(column)})::numeric end`,
        order: `${alias} nulls last`,
      };
    case 'boolean':
      return {
        sql: `case when jsonb_typeof(${value}) = 'boolean' then (${textOf(column)})::boolean end`,
        order: `${alias} nulls last`,
      };
    case 'array':
    case 'json': {
      // One row per element; a row with an empty list still counts, under null.
      const elements = `${alias}_e`;
      const list = `case when jsonb_typeof(${value}) = 'array' then ${value} else jsonb_build_array(${value}) end`;
      return {
        ...text(`nullif(${elements}.v, '')`),
        join: `left join lateral jsonb_array_elements_text(${list}) as ${elements}(v) on true`,
      };
    }
    default:
      return text(`nullif(${textOf(column)}, '')`);
  }
}

/** The aggregate over the group's rows; sums and the like skip rows without a number. */
function aggregateSql(view: ChartView, column: ColumnRef | undefined): string {
  if (view.aggregate === 'count') return 'count(*)';
  if (view.yFieldId === undefined || column === undefined)
    return fail('PGRST100', `the chart "${view.id}" needs a field to ${view.aggregate} (yFieldId)`);
  if (column.source !== 'data')
    return fail('PGRST100', `"${view.yFieldId}" holds no numbers to ${view.aggregate}`);
  const value = jsonKey(column);
  return `${view.aggregate}(case when jsonb_typeof(${value}) = 'number' then (${textOf(column)})::numeric end)`;
}

/** One statement over `public.app_data r`; its rows are `ChartRow`s in point order. */
export function compileChartQuery(view: ChartView, options: ChartQueryOptions): QueryResult<SqlQuery> {
  return attempt(() => {
    const table = findTable(options.app, view.tableId);
    if (!table) return fail('PGRST205', `unknown table "${view.tableId}"`);
    const { app, visible } = options;
    const params = new SqlParams();
    const y =
      view.aggregate !== 'count' && view.yFieldId !== undefined
        ? chartColumn(app, table, view.yFieldId, visible)
        : undefined;
    const axisFields: { fieldId: string; alias: 'x' | 'g'; column: ColumnRef }[] = [];
    if (view.chartType !== 'number') {
      if (view.xFieldId === undefined)
        return fail('PGRST100', `the ${view.chartType} chart "${view.id}" needs an x field (xFieldId)`);
      axisFields.push({
        fieldId: view.xFieldId,
        alias: 'x',
        column: chartColumn(app, table, view.xFieldId, visible),
      });
      if (view.groupByFieldId !== undefined)
        axisFields.push({
          fieldId: view.groupByFieldId,
          alias: 'g',
          column: chartColumn(app, table, view.groupByFieldId, visible),
        });
    }
    // The lookups and rollups the chart reads, computed for every row of the table it looks at.
    const derived: DerivedColumnRef[] = [
      ...[y, ...axisFields.map((a) => a.column)]
        .filter((c): c is ColumnRef => c !== undefined)
        .filter(isDerived),
      ...derivedColumns(app, table.id, visible, new Set(filterFieldIds(view.filter))),
    ];
    const from = derivedFromSql(derived, { appId: options.appId, params }, table.id, options.rowScope);
    const where = [appScopeSql('r', options.appId, table.id)];
    if (options.rowScope)
      where.push(`r.end_user_id = ${params.add(checkUuid(options.rowScope.endUserId, 'endUserId'))}::uuid`);
    if (view.filter) where.push(groupSql(app, table, view.filter, params));
    const value = aggregateSql(view, y);
    const axes = axisFields.map((a) => axis(a.column, a.fieldId, a.alias));
    const [x, g] = axes;
    const grouped =
      `select ${x?.sql ?? 'null::text'} as x, ${g?.sql ?? 'null::text'} as g, ${value} as value` +
      ` from base r ${axes.flatMap((a) => a.join ?? []).join(' ')}` +
      (axes.length ? ` group by ${axes.map((_, i) => i + 1).join(', ')}` : '');
    const text =
      `with base as (select r.id, r.data, r.created_at, r.updated_at from ${from} where ${where.join(' and ')}),` +
      ` grouped as (${grouped})` +
      ` select json_build_object('x', x, 'group', g, 'value', value)::text as p,` +
      ' (select count(*)::int from base) as total' +
      ` from grouped order by ${[x?.order ?? 'x', g?.order ?? 'g'].join(', ')}` +
      ` limit ${params.add(String(MAX_CHART_POINTS))}`;
    return { text, params: params.values };
  });
}

/** The statement's rows as the chart's points and matched-row count. */
export function chartData(view: ChartView, rows: readonly ChartRow[]): ChartData {
  const points = rows.map((row) => {
    const point = JSON.parse(row.p) as ChartPoint;
    return { x: point.x, group: point.group, value: point.value === null ? null : Number(point.value) };
  });
  return {
    viewId: view.id,
    chartType: view.chartType,
    aggregate: view.aggregate,
    points,
    rows: Number(rows[0]?.total ?? 0),
  };
}
