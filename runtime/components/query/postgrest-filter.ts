import type { AppDefinition, Table } from '../../../schemas/definitions.ts';
import {
  type ColumnRef,
  type ColumnType,
  type Condition,
  type FilterGroupNode,
  type FilterNode,
  type FilterOp,
  fail,
  type Visibility,
} from './ast.ts';
import { resolveColumn } from './columns.ts';
import { parseArrayValue, parseParenList, splitFirstDot, splitTopLevel, unquote } from './postgrest-lexer.ts';
import { checkText, checkValue } from './values.ts';

/** Everything a filter needs to resolve its columns. */
export interface FilterContext {
  app: AppDefinition;
  table: Table;
  visible: Visibility;
}

const OPERATORS: readonly FilterOp[] = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'in',
  'is',
  'isdistinct',
  'cs',
  'cd',
  'ov',
];
const ORDERED: FilterOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct'];

/** Which operators apply to which kind of column; anything else is a 400 naming both. */
const OPERATORS_BY_TYPE: Record<ColumnType, ReadonlySet<FilterOp>> = {
  text: new Set([...ORDERED, 'like', 'ilike']),
  number: new Set(ORDERED),
  date: new Set(ORDERED),
  datetime: new Set(ORDERED),
  uuid: new Set(['eq', 'neq', 'in', 'is', 'isdistinct']),
  boolean: new Set(['eq', 'neq', 'in', 'is', 'isdistinct']),
  array: new Set(['cs', 'cd', 'ov', 'is']),
  json: new Set(['is']),
};

/** Logic trees nest at most this deep, so a crafted query cannot exhaust the stack. */
const MAX_DEPTH = 8;
/** Values in one `in`/`cs`/`cd`/`ov` list: each is a statement parameter, and Postgres takes 65,535. */
export const MAX_LIST_VALUES = 1000;

function list(values: string[], where: string): string[] {
  if (values.length > MAX_LIST_VALUES)
    fail('PGRST100', `a list holds at most ${MAX_LIST_VALUES} values; ${where} has ${values.length}`);
  return values;
}

/**
 * `op.value` with an optional `not.` in front, as PostgREST reads it. At the top level
 * (`col=eq.a,b`) the value is everything after the operator; inside `or=(...)` a value that holds
 * `,` or `)` is quoted (`name.eq."a,b"`).
 */
export function parseOperation(column: ColumnRef, raw: string, inLogic: boolean, where: string): Condition {
  let rest = raw;
  let negated = false;
  if (rest.startsWith('not.')) {
    negated = true;
    rest = rest.slice(4);
  }
  const [opText, value] = splitFirstDot(rest);
  if (opText.includes('('))
    fail('PGRST100', `operator modifiers like "${opText}" are not supported in ${where}`, {
      hint: 'Use or=(...) to combine several values.',
    });
  if (!OPERATORS.includes(opText as FilterOp))
    fail('PGRST100', `unknown operator "${opText}" in ${where}`, {
      hint: `Operators: ${OPERATORS.join(', ')}, each optionally after not.`,
    });
  const op = opText as FilterOp;
  if (value === null) fail('PGRST100', `${where} needs a value after "${op}."`, { details: raw });
  if (!OPERATORS_BY_TYPE[column.type].has(op))
    fail(
      'PGRST100',
      `operator "${op}" does not apply to ${column.type} column "${column.name}" in ${where}`,
      {
        hint: `Operators for "${column.name}": ${[...OPERATORS_BY_TYPE[column.type]].join(', ')}`,
      },
    );
  const base = { kind: 'condition' as const, column, negated };
  switch (op) {
    case 'in':
      return {
        ...base,
        op,
        values: list(parseParenList(value, where), where).map((v) => checkValue(column, v, where)),
      };
    case 'cs':
    case 'cd':
    case 'ov':
      return {
        ...base,
        op,
        values: list(parseArrayValue(value, where), where).map((v) => checkText(v, where)),
      };
    case 'is':
      return { ...base, op, value: isValue(column, value, where) };
    case 'like':
    case 'ilike': {
      const pattern = checkText(inLogic ? unquote(value) : value, where);
      // PostgREST's `*` wildcard; `%` and `_` keep their LIKE meaning, `\` escapes them.
      return { ...base, op, value: pattern.replaceAll('*', '%') };
    }
    default:
      return { ...base, op, value: checkValue(column, inLogic ? unquote(value) : value, where) };
  }
}

function isValue(column: ColumnRef, value: string, where: string): null | boolean {
  const word = value.toLowerCase();
  if (word === 'null' || (word === 'unknown' && column.type === 'boolean')) return null;
  if ((word === 'true' || word === 'false') && column.type === 'boolean') return word === 'true';
  return fail(
    'PGRST100',
    `"is" takes null${column.type === 'boolean' ? ', true, false or unknown' : ''}, not "${value}", in ${where}`,
  );
}

/** A top-level query parameter that filters: `col=op.value`, or `or=(...)` / `and=(...)` / `not.or=(...)`. */
export function parseFilterParam(ctx: FilterContext, key: string, value: string): FilterNode {
  const logic = /^(not\.)?(and|or)$/.exec(key);
  if (logic)
    return parseLogicGroup(ctx, logic[2] as 'and' | 'or', Boolean(logic[1]), value, `${key}=${value}`, 1);
  if (key.includes('.'))
    fail('PGRST100', `filters on embedded resources ("${key}") are not supported`, {
      hint: 'Filter the table itself, or its relation field by id (e.g. author=eq.<uuid>).',
    });
  const column = resolveColumn(ctx.app, ctx.table, ctx.visible, key);
  return parseOperation(column, value, false, `filter "${key}"`);
}

function parseLogicGroup(
  ctx: FilterContext,
  combinator: 'and' | 'or',
  negated: boolean,
  text: string,
  where: string,
  depth: number,
): FilterGroupNode {
  if (depth > MAX_DEPTH) fail('PGRST100', `logic filters nest at most ${MAX_DEPTH} deep in ${where}`);
  if (!text.startsWith('(') || !text.endsWith(')'))
    fail(
      'PGRST100',
      `"${combinator}" needs its conditions in parentheses, like ${combinator}=(a.eq.1,b.gt.2)`,
      {
        details: where,
      },
    );
  const inner = text.slice(1, -1);
  if (inner.trim() === '')
    fail('PGRST100', `"${combinator}" needs at least one condition`, { details: where });
  const children = splitTopLevel(inner, where).map((part) => parseLogicItem(ctx, part.trim(), where, depth));
  return { kind: 'group', combinator, negated, children };
}

function parseLogicItem(ctx: FilterContext, part: string, where: string, depth: number): FilterNode {
  const nested = /^(not\.)?(and|or)(\(.*\))$/s.exec(part);
  if (nested)
    return parseLogicGroup(ctx, nested[2] as 'and' | 'or', Boolean(nested[1]), nested[3]!, where, depth + 1);
  const [name, rest] = splitFirstDot(part);
  if (rest === null)
    fail('PGRST100', `"${part}" in ${where} is not a condition; write column.operator.value`, {
      details: where,
    });
  const column = resolveColumn(ctx.app, ctx.table, ctx.visible, name);
  return parseOperation(column, rest, true, where);
}
