/**
 * A chart view's numbers, computed from rows in plain TypeScript, so a test can check what the
 * viewer draws (and what the server aggregates) against numbers nobody typed by hand. Filters
 * follow the runtime's SQL (`view-filter-sql.ts`): `neq`, `not_in` and `not_contains` also match
 * empty values; text matching ignores case; on a multi-select `eq`/`contains` mean "has this
 * option". Dates and date-times fall into days (`YYYY-MM-DD`, UTC), as `ChartPoint.x` says.
 */

import type { ColumnType } from '../../../runtime/components/query/ast.ts';
import { fieldColumnType } from '../../../runtime/components/query/columns.ts';
import type {
  AppDefinition,
  FilterCondition,
  FilterGroup,
  Table,
  View,
} from '../../../schemas/definitions.ts';
import type { Row, RowsByTable } from './rest.ts';

type ChartView = Extract<View, { kind: 'chart' }>;
type Scalar = string | number | boolean;

export interface ChartPointFact {
  x: Scalar | null;
  group: Scalar | null;
  /** The aggregate over the rows in this x and group; null when none has a value. */
  value: number | null;
  /** The rows in this x and group. */
  rows: number;
  /** What the viewer shows for x: an option's label, a related row's name, the day. */
  xLabel: string;
  groupLabel: string | null;
}

export interface ChartFact {
  viewId: string;
  label: string;
  tableId: string;
  chartType: ChartView['chartType'];
  aggregate: ChartView['aggregate'];
  /** How many rows the chart's filter matched. */
  rows: number;
  /** In x order, then group order; empty values last. */
  points: ChartPointFact[];
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

function tableOf(app: AppDefinition, tableId: string): Table {
  const table = app.tables.find((t) => t.id === tableId);
  if (!table) throw new Error(`no table ${tableId}`);
  return table;
}

function columnType(app: AppDefinition, table: Table, fieldId: string): ColumnType {
  const field = table.fields.find((f) => f.id === fieldId);
  if (!field) throw new Error(`no field ${table.id}.${fieldId}`);
  return fieldColumnType(app, table, field);
}

/** A stored value or a filter's literal, in a form that compares like SQL compares the column. */
function comparable(type: ColumnType, value: unknown): string | number | boolean {
  if (type === 'number') return Number(value);
  if (type === 'boolean') return value === true || value === 'true';
  if (type === 'datetime') return Date.parse(String(value));
  return String(value);
}

function compare(type: ColumnType, a: unknown, b: unknown): number {
  const left = comparable(type, a);
  const right = comparable(type, b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function conditionHolds(app: AppDefinition, table: Table, condition: FilterCondition, row: Row): boolean {
  const type = columnType(app, table, condition.fieldId);
  const value = row[condition.fieldId];
  const { op } = condition;
  if (op === 'is_empty') return isEmpty(value);
  if (op === 'is_not_empty') return !isEmpty(value);
  const literals = Array.isArray(condition.value) ? condition.value : [condition.value];
  const first = literals[0];
  if (type === 'array') {
    const list = Array.isArray(value) ? value.map(String) : [];
    const has = (items: unknown[]) => items.some((item) => list.includes(String(item)));
    if (op === 'eq' || op === 'contains') return has([first]);
    if (op === 'in') return has(literals);
    if (op === 'neq' || op === 'not_contains') return !has([first]);
    if (op === 'not_in') return !has(literals);
    throw new Error(`${op} does not apply to the list field ${condition.fieldId}`);
  }
  const present = !isEmpty(value);
  const equal = (literal: unknown) => present && compare(type, value, literal) === 0;
  const text = String(value ?? '').toLowerCase();
  const needle = String(first ?? '').toLowerCase();
  switch (op) {
    case 'eq':
      return equal(first);
    case 'neq':
      return !equal(first);
    case 'lt':
      return present && compare(type, value, first) < 0;
    case 'lte':
      return present && compare(type, value, first) <= 0;
    case 'gt':
      return present && compare(type, value, first) > 0;
    case 'gte':
      return present && compare(type, value, first) >= 0;
    case 'in':
      return literals.some(equal);
    case 'not_in':
      return !literals.some(equal);
    case 'contains':
      return present && text.includes(needle);
    case 'not_contains':
      return !(present && text.includes(needle));
    case 'starts_with':
      return present && text.startsWith(needle);
  }
}

/** Whether a row passes a view's filter (no filter: every row does). */
export function matchesFilter(
  app: AppDefinition,
  tableId: string,
  group: FilterGroup | undefined,
  row: Row,
): boolean {
  if (!group) return true;
  const table = tableOf(app, tableId);
  const results = group.conditions.map((item) =>
    'combinator' in item ? matchesFilter(app, tableId, item, row) : conditionHolds(app, table, item, row),
  );
  return group.combinator === 'and' ? results.every(Boolean) : results.some(Boolean);
}

/** A value as a chart category: days for dates and date-times, null for no value. */
function category(type: ColumnType, value: unknown): Scalar | null {
  if (isEmpty(value)) return null;
  if (type === 'datetime') return new Date(String(value)).toISOString().slice(0, 10);
  if (type === 'date') return String(value).slice(0, 10);
  return value as Scalar;
}

/** What the viewer shows for a category of `fieldId`: an option's label or a related row's name. */
export function categoryLabel(
  app: AppDefinition,
  rows: RowsByTable,
  tableId: string,
  fieldId: string,
  value: Scalar | null,
): string {
  if (value === null) return '(empty)';
  const field = tableOf(app, tableId).fields.find((f) => f.id === fieldId);
  if (field?.type === 'single_select')
    return field.options.find((o) => o.id === value)?.label ?? String(value);
  if (field?.type === 'relation') {
    const target = tableOf(app, field.targetTableId);
    const related = rows[target.id]?.find((row) => row.id === value);
    return related ? String(related[target.primaryFieldId]) : String(value);
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

const order = (a: Scalar | null, b: Scalar | null): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
};

function aggregate(kind: ChartView['aggregate'], values: number[], count: number): number | null {
  if (kind === 'count') return count;
  if (values.length === 0) return null;
  if (kind === 'sum') return values.reduce((a, b) => a + b, 0);
  if (kind === 'avg') return values.reduce((a, b) => a + b, 0) / values.length;
  return kind === 'min' ? Math.min(...values) : Math.max(...values);
}

/** The points of one chart view over `rows` (every table's rows, for the labels of relations). */
export function chartFact(app: AppDefinition, view: ChartView, rows: RowsByTable): ChartFact {
  const table = tableOf(app, view.tableId);
  const matched = (rows[view.tableId] ?? []).filter((row) => matchesFilter(app, table.id, view.filter, row));
  const xField = view.chartType === 'number' ? undefined : view.xFieldId;
  const xType = xField ? columnType(app, table, xField) : undefined;
  const groupType = view.groupByFieldId ? columnType(app, table, view.groupByFieldId) : undefined;
  const buckets = new Map<string, { x: Scalar | null; group: Scalar | null; rows: Row[] }>();
  for (const row of matched) {
    const x = xField && xType ? category(xType, row[xField]) : null;
    const group = view.groupByFieldId && groupType ? category(groupType, row[view.groupByFieldId]) : null;
    const key = JSON.stringify([x, group]);
    const bucket = buckets.get(key) ?? { x, group, rows: [] };
    bucket.rows.push(row);
    buckets.set(key, bucket);
  }
  if (view.chartType === 'number' && buckets.size === 0) buckets.set('', { x: null, group: null, rows: [] });
  const points = [...buckets.values()]
    .sort((a, b) => order(a.x, b.x) || order(a.group, b.group))
    .map(({ x, group, rows: inBucket }): ChartPointFact => {
      const ys = view.yFieldId
        ? inBucket.map((row) => row[view.yFieldId!]).filter((v): v is number => typeof v === 'number')
        : [];
      return {
        x,
        group,
        value: aggregate(view.aggregate, ys, inBucket.length),
        rows: inBucket.length,
        xLabel: xField ? categoryLabel(app, rows, table.id, xField, x) : view.label,
        groupLabel: view.groupByFieldId
          ? categoryLabel(app, rows, table.id, view.groupByFieldId, group)
          : null,
      };
    });
  return {
    viewId: view.id,
    label: view.label,
    tableId: view.tableId,
    chartType: view.chartType,
    aggregate: view.aggregate,
    rows: matched.length,
    points,
  };
}

/** Every chart view of the app, computed from `rows`. */
export function chartFacts(app: AppDefinition, rows: RowsByTable): ChartFact[] {
  return app.views
    .filter((view): view is ChartView => view.kind === 'chart')
    .map((view) => chartFact(app, view, rows));
}
