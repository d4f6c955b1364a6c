import type { AppDefinition } from '../../../schemas/definitions.ts';
import {
  attempt,
  type FilterGroupNode,
  fail,
  type OrderTerm,
  type QueryResult,
  type ReadQuery,
  type Visibility,
} from './ast.ts';
import { resolveColumn, resolveTable } from './columns.ts';
import { type FilterContext, parseFilterParam } from './postgrest-filter.ts';
import { splitTopLevel } from './postgrest-lexer.ts';
import { parseSelect } from './postgrest-select.ts';

/**
 * Parses a PostgREST request's query string (what `@supabase/postgrest-js` sends) into a
 * `ReadQuery`, checked against the app definition and the fields the caller may see. Hidden
 * fields and tables are indistinguishable from missing ones.
 *
 * Supported: `select` (columns, `alias:col`, `*`, one level of `rel(...)`), filters
 * `eq neq gt gte lt lte like ilike in is isdistinct cs cd ov` with `not.`, `or=(...)`/`and=(...)`
 * nested (and `not.or`/`not.and`), `order`, `limit`, `offset`.
 */

export interface ParseContext {
  app: AppDefinition;
  tableId: string;
  visible: Visibility;
  /** Caps `limit` (and applies when none is given), like PostgREST's `db-max-rows`. */
  maxRows?: number;
}

/** Parameters that are not filters. `columns` and `on_conflict` belong to writes and are left to them. */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict']);

export function parseReadQuery(params: URLSearchParams, context: ParseContext): QueryResult<ReadQuery> {
  return attempt(() => {
    const ctx = filterContext(context);
    const limit = integerParam(params, 'limit');
    const capped =
      context.maxRows === undefined ? limit : Math.min(limit ?? context.maxRows, context.maxRows);
    return {
      tableId: ctx.table.id,
      select: parseSelect(ctx, single(params, 'select') ?? '*'),
      filter: filters(ctx, params),
      order: parseOrder(ctx, single(params, 'order')),
      limit: capped,
      offset: integerParam(params, 'offset') ?? 0,
    };
  });
}

/** Only the filters (for PATCH and DELETE, which filter the rows they change). */
export function parseFilterQuery(
  params: URLSearchParams,
  context: ParseContext,
): QueryResult<FilterGroupNode> {
  return attempt(() => filters(filterContext(context), params));
}

function filterContext(context: ParseContext): FilterContext {
  const table = resolveTable(context.app, context.visible, context.tableId);
  return { app: context.app, table, visible: context.visible };
}

function filters(ctx: FilterContext, params: URLSearchParams): FilterGroupNode {
  const children = [];
  for (const [key, value] of params) if (!RESERVED.has(key)) children.push(parseFilterParam(ctx, key, value));
  return { kind: 'group', combinator: 'and', negated: false, children };
}

function single(params: URLSearchParams, key: string): string | null {
  const all = params.getAll(key);
  if (all.length > 1) fail('PGRST100', `"${key}" is given ${all.length} times; give it once`);
  return all[0] ?? null;
}

function integerParam(params: URLSearchParams, key: 'limit' | 'offset'): number | null {
  const text = single(params, key);
  if (text === null) return null;
  if (!/^\d{1,9}$/.test(text))
    fail('PGRST100', `"${key}" must be a whole number from 0 to 999999999, not "${text}"`);
  return Number(text);
}

/** `order=col.asc|desc[.nullsfirst|.nullslast],...`; nulls default as Postgres does (last for asc). */
export function parseOrder(ctx: FilterContext, text: string | null): OrderTerm[] {
  if (text === null || text.trim() === '') return [];
  return splitTopLevel(text, 'order').map((raw) => {
    const term = raw.trim();
    if (term.includes('(')) fail('PGRST100', `ordering by an embedded resource ("${term}") is not supported`);
    const [name = '', ...modifiers] = term.split('.');
    const column = resolveColumn(ctx.app, ctx.table, ctx.visible, name);
    if (column.type === 'array' || column.type === 'json')
      fail('PGRST100', `cannot order by "${name}": it holds a list`, { details: term });
    let direction: 'asc' | 'desc' = 'asc';
    let nulls: 'first' | 'last' | null = null;
    modifiers.forEach((modifier, i) => {
      if (i === 0 && (modifier === 'asc' || modifier === 'desc')) direction = modifier;
      else if (nulls === null && (modifier === 'nullsfirst' || modifier === 'nullslast'))
        nulls = modifier === 'nullsfirst' ? 'first' : 'last';
      else
        fail('PGRST100', `unknown order modifier "${modifier}" in "${term}"`, {
          hint: 'Write column.asc or column.desc, optionally followed by .nullsfirst or .nullslast.',
        });
    });
    return { column, direction, nulls: nulls ?? (direction === 'asc' ? 'last' : 'first') };
  });
}
