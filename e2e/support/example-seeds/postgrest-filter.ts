/**
 * A view's filter as one PostgREST `and=(…)` / `or=(…)` parameter, so a test can ask the data API
 * (the server's SQL) which rows a view's filter matches and compare that with `matchesFilter`.
 * Written with the view semantics in mind: `neq`, `not_in` and `not_contains` also match empty
 * values; on a multi-select `eq`/`contains` mean "has the option", `in` "has any of them".
 */
import { fieldColumnType } from '../../../runtime/components/query/columns.ts';
import type { AppDefinition, FilterCondition, FilterGroup } from '../../../schemas/definitions.ts';
import { tableOf } from './facts.ts';

const literal = (value: unknown) => `"${String(value).replace(/(["\\])/g, '\\$1')}"`;
const list = (values: unknown[]) => values.map(literal).join(',');

function condition(app: AppDefinition, tableId: string, c: FilterCondition): string {
  const table = tableOf(app, tableId);
  const field = table.fields.find((f) => f.id === c.fieldId);
  if (!field) throw new Error(`no field ${tableId}.${c.fieldId}`);
  const isArray = fieldColumnType(app, table, field) === 'array';
  const values = Array.isArray(c.value) ? c.value : [c.value];
  const first = values[0];
  const f = c.fieldId;
  const orEmpty = (negated: string) => `or(${f}.is.null,${negated})`;
  switch (c.op) {
    case 'is_empty':
      return `${f}.is.null`;
    case 'is_not_empty':
      return `${f}.not.is.null`;
    case 'eq':
    case 'contains':
      if (isArray) return `${f}.cs.{${list([first])}}`;
      return c.op === 'eq' ? `${f}.eq.${literal(first)}` : `${f}.ilike.${literal(`*${String(first)}*`)}`;
    case 'neq':
    case 'not_contains':
      if (isArray) return orEmpty(`${f}.not.cs.{${list([first])}}`);
      return c.op === 'neq'
        ? `${f}.isdistinct.${literal(first)}`
        : orEmpty(`${f}.not.ilike.${literal(`*${String(first)}*`)}`);
    case 'in':
      return isArray ? `${f}.ov.{${list(values)}}` : `${f}.in.(${list(values)})`;
    case 'not_in':
      return orEmpty(isArray ? `${f}.not.ov.{${list(values)}}` : `${f}.not.in.(${list(values)})`);
    case 'starts_with':
      return `${f}.ilike.${literal(`${String(first)}*`)}`;
    default:
      return `${f}.${c.op}.${literal(first)}`;
  }
}

function group(app: AppDefinition, tableId: string, g: FilterGroup): string {
  const parts = g.conditions.map((item) =>
    'combinator' in item ? group(app, tableId, item) : condition(app, tableId, item),
  );
  return `${g.combinator}(${parts.join(',')})`;
}

/** `and=(…)` for the query string (URL-encoded), or '' without a filter or with an empty one. */
export function postgrestFilter(
  app: AppDefinition,
  tableId: string,
  filter: FilterGroup | undefined,
): string {
  if (!filter || filter.conditions.length === 0) return '';
  const whole = group(app, tableId, filter);
  const open = whole.indexOf('(');
  return `${whole.slice(0, open)}=${encodeURIComponent(whole.slice(open))}`;
}
