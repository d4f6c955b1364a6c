import type { ColumnRef, ColumnType, Condition, FilterNode } from './ast.ts';

/**
 * The SQL pieces every compiled statement shares. Values only ever travel as `$n` parameters;
 * the only names written into SQL are system column names and field ids from the definition,
 * re-checked here against the id pattern before they are quoted as a JSON key literal.
 */

/** Collects parameter values; `add` returns the placeholder to write. */
export class SqlParams {
  readonly values: string[] = [];
  add(value: string): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const FIELD_ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const TABLE_ALIAS = /^[a-z][a-z0-9_]{0,15}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A field id as a SQL string literal; ids are letters, digits and `_`, so nothing can escape. */
export function fieldKey(fieldId: string): string {
  if (!FIELD_ID.test(fieldId)) throw new Error(`not a field id: ${JSON.stringify(fieldId)}`);
  return `'${fieldId}'`;
}

/** Our own ids (app ids) must be UUIDs; anything else is a bug in the caller, not user input. */
export function checkUuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new Error(`${what} must be a UUID, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

/**
 * The scope of a statement, app and table, as SQL literals rather than parameters: the indexes
 * publishing creates are partial (`where app_id = '…'::uuid and table_id = '…'::text`), and a
 * prepared statement's generic plan (which Postgres switches to after five runs) can only prove
 * such a predicate from constants. With parameters, every read after the fifth scanned the whole
 * app and sorted (31 ms instead of 1 ms on 100,000 rows). Both values are checked ids, so nothing
 * can escape the quotes.
 */
export function appScopeSql(alias: string, appId: string, tableId: string): string {
  return `${qualifier(alias)}app_id = '${checkUuid(appId, 'appId')}'::uuid and ${qualifier(alias)}table_id = ${fieldKey(tableId)}::text`;
}

function qualifier(alias: string): string {
  if (alias === '') return '';
  if (!TABLE_ALIAS.test(alias)) throw new Error(`not a table alias: ${alias}`);
  return `${alias}.`;
}

/**
 * The expression a column compares and sorts by. The same text (with alias '') is what
 * `indexesForViews` indexes, so the planner can match the two: keep them in one place.
 */
export function columnSql(column: ColumnRef, alias = 'r'): string {
  const q = qualifier(alias);
  if (column.source !== 'data') return `${q}${column.source}`;
  const key = fieldKey(column.name);
  switch (column.type) {
    case 'number':
      return `((${q}data->>${key})::numeric)`;
    case 'boolean':
      return `((${q}data->>${key})::boolean)`;
    case 'datetime':
      return `((${q}data->>${key})::timestamptz)`;
    case 'array':
    case 'json':
      return `(${q}data->${key})`;
    default:
      return `(${q}data->>${key})`;
  }
}

/** A parameter cast to the type its column compares as. */
export function typedParam(type: ColumnType, params: SqlParams, value: string): string {
  const p = params.add(value);
  switch (type) {
    case 'number':
      return `${p}::numeric`;
    case 'boolean':
      return `${p}::boolean`;
    case 'datetime':
      return `${p}::timestamptz`;
    case 'uuid':
      return `${p}::uuid`;
    default:
      return `${p}::text`;
  }
}

const COMPARISON: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  isdistinct: 'is distinct from',
};

/** A filter tree as a boolean SQL expression. An empty `and` is true, an empty `or` false. */
export function filterSql(node: FilterNode, params: SqlParams, alias = 'r'): string {
  if (node.kind === 'condition') {
    const sql = conditionSql(node, params, alias);
    return node.negated ? `not (${sql})` : sql;
  }
  const parts = node.children.map((child) => filterSql(child, params, alias));
  const joined =
    parts.length === 0
      ? node.combinator === 'and'
        ? 'true'
        : 'false'
      : parts.length === 1
        ? parts[0]!
        : `(${parts.join(` ${node.combinator} `)})`;
  return node.negated ? `not (${joined})` : joined;
}

function conditionSql(condition: Condition, params: SqlParams, alias: string): string {
  const { column } = condition;
  const left = columnSql(column, alias);
  switch (condition.op) {
    case 'is':
      if (condition.value === null) return `${left} is null`;
      return `${left} is ${condition.value ? 'true' : 'false'}`;
    case 'in': {
      if (condition.values.length === 0) return 'false';
      const list = condition.values.map((v) => typedParam(column.type, params, v));
      return `${left} in (${list.join(', ')})`;
    }
    case 'cs':
      return `${left} @> ${params.add(JSON.stringify(condition.values))}::jsonb`;
    case 'cd':
      return `${left} <@ ${params.add(JSON.stringify(condition.values))}::jsonb`;
    case 'ov': {
      if (condition.values.length === 0) return 'false';
      const list = condition.values.map((v) => `${params.add(v)}::text`);
      return `${left} ?| array[${list.join(', ')}]`;
    }
    default:
      return `${left} ${COMPARISON[condition.op]} ${typedParam(column.type, params, condition.value)}`;
  }
}

/**
 * A text value as a UUID, or null when it is not one, so a malformed stored reference makes an
 * embed come back empty instead of failing the whole query with a cast error.
 */
export function uuidOrNull(text: string): string {
  return `(case when ${text} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (${text})::uuid end)`;
}
