import type { AppDefinition, FilterCondition, FilterGroup, Table } from '../../../schemas/definitions.ts';
import { type ColumnRef, fail } from './ast.ts';
import { fieldColumn } from './columns.ts';
import { columnSql, fieldKey, type SqlParams, typedParam } from './sql-expr.ts';
import { normalizeValue } from './values.ts';

/**
 * A view's filter (`FilterGroup` from the definition) as SQL. It reads like the editor shows it:
 * `neq`, `not_in` and `not_contains` also match empty values; `contains`/`starts_with` ignore case
 * and treat `%`, `_`, `\\` as plain characters; on a multi-select, `eq`/`contains` mean "has this
 * option" and `in` "has any of these". Positive conditions stay bare (`expr = $n`) so an expression
 * index on the field can serve them.
 */

export function columnFor(app: AppDefinition, table: Table, fieldId: string): ColumnRef {
  const field = table.fields.find((f) => f.id === fieldId);
  if (!field) return fail('42703', `unknown column "${fieldId}" in table "${table.id}"`);
  return fieldColumn(app, table, field);
}

export function groupSql(app: AppDefinition, table: Table, group: FilterGroup, params: SqlParams): string {
  const parts = group.conditions.map((item) =>
    'combinator' in item ? groupSql(app, table, item, params) : conditionSql(app, table, item, params),
  );
  if (parts.length === 0) return group.combinator === 'and' ? 'true' : 'false';
  return `(${parts.join(` ${group.combinator} `)})`;
}

/** `%`, `_` and `\` match themselves inside a contains/starts-with pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function conditionSql(
  app: AppDefinition,
  table: Table,
  condition: FilterCondition,
  params: SqlParams,
): string {
  const column = columnFor(app, table, condition.fieldId);
  const left = columnSql(column);
  const { op } = condition;
  if (op === 'is_empty' || op === 'is_not_empty') {
    const empty =
      column.source === 'data'
        ? `(r.data->${fieldKey(column.name)} is null or r.data->${fieldKey(column.name)} in ('null'::jsonb, '""'::jsonb, '[]'::jsonb))`
        : `${left} is null`;
    return op === 'is_empty' ? empty : `not ${empty}`;
  }
  const values = (Array.isArray(condition.value) ? condition.value : [condition.value]).map((v) => {
    const type = column.type === 'array' || column.type === 'json' ? 'text' : column.type;
    const text = v === undefined ? null : normalizeValue(type, String(v));
    if (text === null) fail('22P02', `the filter on "${column.name}" has a value that does not fit it`);
    return text;
  });
  const first = values[0] ?? '';
  // A negated condition also matches empty values: `not coalesce(…, false)`.
  const negate = (sql: string) => `not coalesce(${sql}, false)`;
  if (column.type === 'array') {
    const has = (list: string[]) =>
      list.length ? `${left} ?| array[${list.map((v) => `${params.add(v)}::text`).join(', ')}]` : 'false';
    if (op === 'eq' || op === 'contains') return has([first]);
    if (op === 'in') return has(values);
    if (op === 'neq' || op === 'not_contains') return negate(has([first]));
    if (op === 'not_in') return negate(has(values));
    return fail('PGRST100', `"${op}" does not apply to the list field "${column.name}"`);
  }
  if (column.type === 'json') return fail('PGRST100', `"${op}" does not apply to the field "${column.name}"`);
  switch (op) {
    case 'eq':
      return `${left} = ${typedParam(column.type, params, first)}`;
    case 'neq':
      return `${left} is distinct from ${typedParam(column.type, params, first)}`;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op];
      return `${left} ${sign} ${typedParam(column.type, params, first)}`;
    }
    case 'in':
    case 'not_in': {
      if (values.length === 0) return op === 'in' ? 'false' : 'true';
      const inList = `${left} in (${values.map((v) => typedParam(column.type, params, v)).join(', ')})`;
      return op === 'in' ? inList : negate(inList);
    }
    default: {
      if (column.type !== 'text' && column.type !== 'date')
        fail('PGRST100', `"${op}" works on text, but "${column.name}" is not text`);
      const pattern = op === 'starts_with' ? `${escapeLike(first)}%` : `%${escapeLike(first)}%`;
      const match = `${left} ilike ${params.add(pattern)}::text`;
      return op === 'not_contains' ? negate(match) : match;
    }
  }
}
