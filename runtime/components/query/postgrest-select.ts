import type { Field, Table } from '../../../schemas/definitions.ts';
import { type ColumnItem, type EmbedItem, fail, type SelectItem } from './ast.ts';
import { findTable, resolveColumn, visibleColumns, visibleField } from './columns.ts';
import type { FilterContext } from './postgrest-filter.ts';
import { splitTopLevel, unquote } from './postgrest-lexer.ts';

const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

/**
 * `select=col,alias:col,*,rel(*),alias:rel(a,b)`. Embedding goes one level deep: the columns
 * inside `rel(...)` are plain columns of the related table.
 */
export function parseSelect(ctx: FilterContext, text: string): SelectItem[] {
  return parseItems(ctx, text, true);
}

function parseItems(ctx: FilterContext, text: string, topLevel: boolean): SelectItem[] {
  if (text.trim() === '') return starColumns(ctx);
  const items: SelectItem[] = [];
  for (const raw of splitTopLevel(text, 'select')) {
    const part = raw.trim();
    if (part === '') fail('PGRST100', 'select has an empty item', { details: text });
    if (part === '*') items.push(...starColumns(ctx));
    else if (part.startsWith('...'))
      fail('PGRST100', `spreading an embedded resource ("${part}") is not supported`);
    else if (part.endsWith(')')) {
      if (!topLevel)
        fail('PGRST100', `embedding goes one level deep; "${part}" is nested inside another embed`, {
          details: text,
        });
      items.push(parseEmbed(ctx, part));
    } else items.push(parseColumn(ctx, part));
  }
  return items;
}

function starColumns(ctx: FilterContext): ColumnItem[] {
  return visibleColumns(ctx.app, ctx.table, ctx.visible).map((column) => ({
    kind: 'column',
    alias: column.name,
    column,
  }));
}

/** Splits `alias:rest` at a single colon (`col::text` is a cast, not an alias). */
function splitAlias(part: string): [string | null, string] {
  const at = part.search(/(?<!:):(?!:)/);
  if (at < 0) return [null, part];
  const alias = unquote(part.slice(0, at).trim());
  if (!ALIAS.test(alias))
    fail('PGRST100', `"${alias}" is not a usable alias; use letters, digits, _ or -`, { details: part });
  return [alias, part.slice(at + 1).trim()];
}

function parseColumn(ctx: FilterContext, part: string): ColumnItem {
  const [alias, rest] = splitAlias(part);
  if (rest.includes('::')) fail('PGRST100', `casts ("${rest}") are not supported in select`);
  if (rest.includes('->')) fail('PGRST100', `JSON paths ("${rest}") are not supported in select`);
  const name = unquote(rest);
  const column = resolveColumn(ctx.app, ctx.table, ctx.visible, name);
  return { kind: 'column', alias: alias ?? column.name, column };
}

function parseEmbed(ctx: FilterContext, part: string): EmbedItem {
  const open = part.indexOf('(');
  const [alias, head] = splitAlias(part.slice(0, open));
  if (head.includes('!'))
    fail('PGRST100', `embedding hints like "${head}" are not supported`, {
      hint: 'Name the relation field itself, e.g. author(*).',
    });
  const name = unquote(head);
  const field = relationFor(ctx, name);
  const target = findTable(ctx.app, field.targetTableId);
  if (!target || !ctx.visible.has(target.id))
    fail('PGRST200', `could not find a relationship between "${ctx.table.id}" and "${name}"`);
  const inner = parseItems({ ...ctx, table: target }, part.slice(open + 1, -1), false);
  return {
    kind: 'embed',
    alias: alias ?? name,
    relation: { fieldId: field.id, targetTableId: target.id, toMany: field.cardinality !== 'many_to_one' },
    columns: inner as ColumnItem[],
  };
}

type RelationField = Extract<Field, { type: 'relation' }>;

/** A visible relation field by its id, or by the table it points to when exactly one visible field does. */
function relationFor(ctx: FilterContext, name: string): RelationField {
  const direct = visibleField(ctx.table, ctx.visible, name);
  if (direct?.type === 'relation') return direct;
  if (direct) fail('PGRST200', `"${name}" is a ${direct.type} field, not a relation; only relations embed`);
  const byTarget = relationsTo(ctx.table, ctx, name);
  if (byTarget.length === 1) return byTarget[0]!;
  if (byTarget.length > 1)
    fail('PGRST201', `more than one relation of "${ctx.table.id}" points to "${name}"`, {
      hint: `Embed one of them by field id: ${byTarget.map((f) => `${f.id}(*)`).join(', ')}`,
    });
  const names = ctx.table.fields.filter(
    (f) => f.type === 'relation' && ctx.visible.get(ctx.table.id)?.has(f.id),
  );
  return fail('PGRST200', `could not find a relationship between "${ctx.table.id}" and "${name}"`, {
    ...(names.length ? { hint: `Relations of "${ctx.table.id}": ${names.map((f) => f.id).join(', ')}` } : {}),
  });
}

function relationsTo(table: Table, ctx: FilterContext, targetTableId: string): RelationField[] {
  return table.fields.filter(
    (f): f is RelationField =>
      f.type === 'relation' &&
      f.targetTableId === targetTableId &&
      Boolean(ctx.visible.get(table.id)?.has(f.id)),
  );
}
