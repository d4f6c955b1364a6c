/**
 * What a write needs from other rows before `prepareWrite` can evaluate its expressions: the
 * lookups and rollups of the row as it will be (the caller loads them from the database through
 * the relation values this module picks out), and, after the write, which rows of other tables
 * store computed fields that read lookups or rollups through it and so must be computed again.
 */
import type { AppDefinition, Field, Table } from '../../schemas/definitions.ts';
import { referencedPaths } from '../expr/index.ts';
import { type Actor, expressionUser, findTable } from './access.ts';
import { coerceValue } from './coerce.ts';
import { computeFields, type ExpressionScope, tableContext } from './write-expressions.ts';
import { sameValue } from './write-row.ts';

type DerivedField = Extract<Field, { type: 'lookup' | 'rollup' }>;

const isDerivedField = (field: Field): field is DerivedField =>
  field.type === 'lookup' || field.type === 'rollup';

/** Whether the table has lookups or rollups, i.e. whether a write to it needs `related` loaded. */
export function hasRelatedFields(table: Table | undefined): boolean {
  return Boolean(table?.fields.some(isDerivedField));
}

/**
 * The relation values a write leaves on the row, as its lookups and rollups read them: the sent
 * value (coerced as `prepareWrite` will) where the write sets the relation, the stored one
 * otherwise. A value that does not coerce is skipped: `prepareWrite` refuses the write anyway.
 */
export function relationValuesAfter(
  app: AppDefinition,
  tableId: string,
  values: Record<string, unknown>,
  existing?: Record<string, unknown>,
): Record<string, unknown> {
  const table = findTable(app, tableId);
  const out: Record<string, unknown> = {};
  if (!table) return out;
  const read = new Set(table.fields.filter(isDerivedField).map((field) => field.relationFieldId));
  for (const field of table.fields) {
    if (field.type !== 'relation' || !read.has(field.id)) continue;
    if (Object.hasOwn(values, field.id) && values[field.id] !== undefined) {
      const coerced = coerceValue(field, values[field.id]);
      if (coerced.ok) out[field.id] = coerced.value;
    } else if (existing && Object.hasOwn(existing, field.id)) out[field.id] = existing[field.id];
  }
  return out;
}

/** A table whose stored computed fields may read lookups or rollups through `relationFieldId`. */
export interface Dependent {
  tableId: string;
  relationFieldId: string;
}

/** The fields of `record` a table's computed fields read; null when one does not parse (read all). */
function readByComputed(table: Table): Set<string> | null {
  const read = new Set<string>();
  for (const field of table.fields) {
    if (field.type !== 'computed') continue;
    const paths = referencedPaths(field.expression);
    if (!paths) return null;
    for (const path of paths) if (path[0] === 'record' && path[1]) read.add(path[1]);
  }
  return read;
}

/**
 * The (table, relation) pairs whose rows must be computed again when rows of `tableId` change:
 * tables with a computed field (stored) that reads a lookup or rollup through a relation to
 * `tableId`. Lookups and rollups themselves are never stored, so nothing else goes stale.
 */
export function dependentsOf(app: AppDefinition, tableId: string): Dependent[] {
  const out: Dependent[] = [];
  for (const table of app.tables) {
    if (!table.fields.some((field) => field.type === 'computed')) continue;
    const read = readByComputed(table);
    const relations = new Set<string>();
    for (const field of table.fields.filter(isDerivedField)) {
      if (read && !read.has(field.id)) continue;
      const relation = table.fields.find((f) => f.id === field.relationFieldId);
      if (relation?.type === 'relation' && relation.targetTableId === tableId) relations.add(relation.id);
    }
    for (const relationFieldId of relations) out.push({ tableId: table.id, relationFieldId });
  }
  return out;
}

export interface RecomputeInput {
  app: AppDefinition;
  tableId: string;
  row: { id: string; data: Record<string, unknown> };
  /** The row's lookups and rollups, freshly loaded. */
  related: Record<string, unknown>;
  /** Who made the write that set this off, and when (ISO 8601): `user` and `now` in expressions. */
  actor: Actor;
  now: string;
}

/**
 * A stored row's computed fields evaluated again with fresh lookups and rollups: the new `data`
 * when one of them changed, else null. Only computed fields: a related row changing is not an
 * edit of this row, so no access check, state machine or validation rule applies.
 */
export function recomputeStoredFields(input: RecomputeInput): Record<string, unknown> | null {
  const table = findTable(input.app, input.tableId);
  if (!table) return null;
  const data = { ...input.row.data };
  const scope: ExpressionScope = {
    context: tableContext(input.app, table),
    values: {
      record: { ...data, ...input.related, id: input.row.id },
      user: expressionUser(input.actor),
      now: input.now,
    },
  };
  computeFields(table, data, scope);
  const changed = table.fields.some(
    (field) => field.type === 'computed' && !sameValue(data[field.id], input.row.data[field.id]),
  );
  return changed ? data : null;
}
