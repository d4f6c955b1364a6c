import type { AppDefinition, Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { FilterCondition, FilterGroup, SortKey } from '../../../../../schemas/app/filters.ts';
import { columnTypeOf, selectParam } from './row-select.ts';

/**
 * A view's rows as a PostgREST query string for the app's data API: the view's own filter and
 * sort (always), the filters and search the person added, grouping and paging. The filter reads
 * as the view filter does on the server (`view-filter-sql.ts`): `neq`, `not_in` and
 * `not_contains` also match empty values, `contains`/`starts_with` ignore case and take `%`, `_`
 * and `\` literally, and on a multi-select `eq`/`contains` mean "has this option", `in` "has any".
 */

/** A view filter that cannot be sent: names the field, so the message says what to fix. */
export class ViewQueryError extends Error {
  override name = 'ViewQueryError';
}

/** One filter term before it is written out: its value is quoted differently inside `or=(…)`. */
type Term =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'group'; combinator: 'and' | 'or'; children: Term[] }
  | {
      kind: 'condition';
      column: string;
      negated: boolean;
      op:
        | 'eq'
        | 'neq'
        | 'gt'
        | 'gte'
        | 'lt'
        | 'lte'
        | 'ilike'
        | 'isdistinct'
        | 'is'
        | 'in'
        | 'ov'
        | 'cs'
        | 'cd';
      /** A scalar for comparisons and patterns, a list for `in`/`ov`/`cd`. */
      value: string | string[];
    };

const TRUE: Term = { kind: 'true' };
const FALSE: Term = { kind: 'false' };

const condition = (
  column: string,
  op: Extract<Term, { kind: 'condition' }>['op'],
  value: string | string[],
  negated = false,
): Term => ({ kind: 'condition', column, op, value, negated });

function group(combinator: 'and' | 'or', children: Term[]): Term {
  // `and` of nothing is true, `or` of nothing false; a constant decides or drops out.
  const decisive = combinator === 'and' ? 'false' : 'true';
  const neutral = combinator === 'and' ? 'true' : 'false';
  const kept: Term[] = [];
  for (const child of children) {
    if (child.kind === decisive) return child;
    if (child.kind === neutral) continue;
    if (child.kind === 'group' && child.combinator === combinator) kept.push(...child.children);
    else kept.push(child);
  }
  if (kept.length === 0) return combinator === 'and' ? TRUE : FALSE;
  return kept.length === 1 ? kept[0]! : { kind: 'group', combinator, children: kept };
}

/** `%`, `_` and `\` match themselves; a `*` (PostgREST's wildcard, which cannot be escaped) matches any one character. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`).replaceAll('*', '_');
}

const scalar = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function conditionTerm(definition: AppDefinition, table: Table, item: FilterCondition): Term {
  const field = table.fields.find((f) => f.id === item.fieldId);
  if (!field)
    throw new ViewQueryError(
      `This view filters on "${item.fieldId}", which is not a field of ${table.label} you can see.`,
    );
  const type = columnTypeOf(definition, table, field);
  const column = field.id;
  const values = (Array.isArray(item.value) ? item.value : [item.value]).map(scalar);
  const first = values[0] ?? '';
  const orEmpty = (term: Term) => group('or', [condition(column, 'is', 'null'), term]);
  const refuse = (): never => {
    throw new ViewQueryError(`The filter "${item.op}" does not apply to the field ${field.label}.`);
  };

  if (item.op === 'is_empty' || item.op === 'is_not_empty') {
    const empty = item.op === 'is_empty';
    if (type === 'text') return empty ? orEmpty(condition(column, 'eq', '')) : condition(column, 'neq', '');
    if (type === 'array') {
      // `cs.{}` holds for any list and `cd.{}` only for the empty one, so together they also
      // catch a stored JSON null, which `is.null` does not see in a list column.
      const filled = group('and', [condition(column, 'cs', []), condition(column, 'cd', [], true)]);
      return empty
        ? group('or', [
            condition(column, 'is', 'null'),
            condition(column, 'cs', [], true),
            condition(column, 'cd', []),
          ])
        : filled;
    }
    // Files (a JSON column) can only be asked `is.null`; an emptied list is stored as null anyway.
    return condition(column, 'is', 'null', !empty);
  }
  if (type === 'json') return refuse();
  if (type === 'array') {
    switch (item.op) {
      case 'eq':
      case 'contains':
        return condition(column, 'ov', [first]);
      case 'in':
        return values.length ? condition(column, 'ov', values) : FALSE;
      case 'neq':
      case 'not_contains':
        return orEmpty(condition(column, 'ov', [first], true));
      case 'not_in':
        return values.length ? orEmpty(condition(column, 'ov', values, true)) : TRUE;
      default:
        return refuse();
    }
  }
  switch (item.op) {
    case 'eq':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return condition(column, item.op, first);
    case 'neq':
      return condition(column, 'isdistinct', first);
    case 'in':
      return values.length ? condition(column, 'in', values) : FALSE;
    case 'not_in':
      return values.length ? orEmpty(condition(column, 'in', values, true)) : TRUE;
    case 'contains':
    case 'not_contains':
    case 'starts_with': {
      // The data API matches patterns on text only (the server's view filter also reads dates as text).
      if (type !== 'text') return refuse();
      const literal = likeLiteral(first);
      const pattern = item.op === 'starts_with' ? `${literal}*` : `*${literal}*`;
      return item.op === 'not_contains'
        ? orEmpty(condition(column, 'ilike', pattern, true))
        : condition(column, 'ilike', pattern);
    }
  }
}

function groupTerm(definition: AppDefinition, table: Table, filter: FilterGroup): Term {
  return group(
    filter.combinator,
    filter.conditions.map((item) =>
      'combinator' in item ? groupTerm(definition, table, item) : conditionTerm(definition, table, item),
    ),
  );
}

/** A value inside `or=(…)`, `in.(…)` or `{…}`: quoted, so commas, dots and parentheses stay in it. */
const quote = (value: string) => `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;

function operation(term: Extract<Term, { kind: 'condition' }>, inLogic: boolean): string {
  const not = term.negated ? 'not.' : '';
  let value: string;
  if (Array.isArray(term.value))
    value =
      term.op === 'in' ? `(${term.value.map(quote).join(',')})` : `{${term.value.map(quote).join(',')}}`;
  else if (term.op === 'is') value = term.value;
  // At the top level PostgREST takes everything after the operator as the value, quotes and all.
  else value = inLogic ? quote(term.value) : term.value;
  return `${not}${term.op}.${value}`;
}

function logicItem(term: Term): string {
  switch (term.kind) {
    case 'condition':
      return `${term.column}.${operation(term, true)}`;
    case 'group':
      return `${term.combinator}(${term.children.map(logicItem).join(',')})`;
    default:
      // A constant inside a group only survives `group()` when it is the whole filter; see filterEntries.
      return term.kind === 'true' ? 'id.not.is.null' : 'id.is.null';
  }
}

/** Query keys that are not filters; a field with such an id is filtered through `and=(…)` instead. */
const RESERVED_KEYS = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'and', 'or']);

/** The query parameters for a filter term: the top-level `and` becomes one parameter per condition. */
function termEntries(term: Term): [string, string][] {
  switch (term.kind) {
    case 'true':
      return [];
    case 'false':
      // Every row has an id, so this matches none: the filter can never be true.
      return [['id', 'is.null']];
    case 'condition':
      return RESERVED_KEYS.has(term.column)
        ? [['and', `(${logicItem(term)})`]]
        : [[term.column, operation(term, false)]];
    case 'group':
      if (term.combinator === 'and') return term.children.flatMap(termEntries);
      return [['or', `(${term.children.map(logicItem).join(',')})`]];
  }
}

/** The filters of a view and the person's own ones, all of which a row must meet. */
export function filterEntries(
  definition: AppDefinition,
  table: Table,
  filters: readonly (FilterGroup | FilterCondition | undefined)[],
): [string, string][] {
  const terms = filters.flatMap((filter) => {
    if (!filter) return [];
    return 'combinator' in filter
      ? [groupTerm(definition, table, filter)]
      : [conditionTerm(definition, table, filter)];
  });
  return termEntries(group('and', terms));
}

/** Field types a search reads as text: their stored value is what a person sees. */
function isSearchableText(definition: AppDefinition, table: Table, field: Field): boolean {
  if (field.type === 'relation' || field.type === 'created_by' || field.type === 'single_select')
    return false;
  return columnTypeOf(definition, table, field) === 'text';
}

/** Of these fields, the ones a search looks in (text, and choices by their labels). */
export function searchableFields(
  definition: AppDefinition,
  table: Table,
  fieldIds: readonly string[],
): Field[] {
  return fieldIds.flatMap((id): Field[] => {
    const field = table.fields.find((f) => f.id === id);
    if (!field) return [];
    if (field.type === 'single_select' || field.type === 'multi_select') return [field];
    return isSearchableText(definition, table, field) ? [field] : [];
  });
}

/**
 * Search as one `or=(…)`: any searchable field contains the text (ignoring case). A choice field
 * stores option ids, so it matches through the options whose label contains the text.
 */
export function searchEntry(
  definition: AppDefinition,
  table: Table,
  fieldIds: readonly string[],
  text: string,
): [string, string] | null {
  const needle = text.trim();
  if (needle === '') return null;
  const folded = needle.toLocaleLowerCase();
  const terms: Term[] = [];
  for (const field of searchableFields(definition, table, fieldIds)) {
    if (field.type === 'single_select' || field.type === 'multi_select') {
      const ids = field.options.filter((o) => o.label.toLocaleLowerCase().includes(folded)).map((o) => o.id);
      if (ids.length) terms.push(condition(field.id, field.type === 'single_select' ? 'in' : 'ov', ids));
    } else terms.push(condition(field.id, 'ilike', `*${likeLiteral(needle)}*`));
  }
  // Nothing can match: say so to the server rather than drop the search and show every row.
  if (terms.length === 0) return ['id', 'is.null'];
  return ['or', `(${terms.map(logicItem).join(',')})`];
}

export interface RowsQuery {
  /** Fields to fetch (unknown ones are left out). */
  fieldIds: readonly string[];
  viewFilter?: FilterGroup | undefined;
  /** The person's own filters: each must hold too. */
  userFilters?: readonly FilterCondition[];
  search?: { text: string; fieldIds: readonly string[] } | undefined;
  order?: readonly SortKey[];
  limit: number;
  offset: number;
}

/** The whole query string for one page of a view. */
export function compileRowsQuery(definition: AppDefinition, table: Table, query: RowsQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('select', selectParam(definition, table, query.fieldIds));
  for (const [key, value] of filterEntries(definition, table, [
    query.viewFilter,
    ...(query.userFilters ?? []),
  ]))
    params.append(key, value);
  if (query.search) {
    const entry = searchEntry(definition, table, query.search.fieldIds, query.search.text);
    if (entry) params.append(entry[0], entry[1]);
  }
  const order = (query.order ?? []).filter((key) => table.fields.some((f) => f.id === key.fieldId));
  // Empty values last both ways, as the server pages views (`viewSort`).
  if (order.length)
    params.set('order', order.map((key) => `${key.fieldId}.${key.direction}.nullslast`).join(','));
  params.set('limit', String(query.limit));
  params.set('offset', String(query.offset));
  return params;
}
