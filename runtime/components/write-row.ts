/**
 * Assembling the row a write stores: which keys of the input may be written by this actor, the
 * defaults of a new row, the fields the runtime itself sets, and what changed.
 */
import { DERIVED_FIELD_TYPES, type Field, type Table } from '../../schemas/definitions.ts';
import type { Actor } from './access.ts';
import { isMissing } from './write-constraints.ts';

export interface FieldError {
  field?: string;
  message: string;
}

/** Kept out of `data`: their values come from other rows, so the caller resolves them on read. */
export const RELATED_TYPES: ReadonlySet<Field['type']> = new Set(['lookup', 'rollup']);

/** A field's label before a message: "Amount must be …", "Priority: \"Urgent\" is not an option". */
export function labelled(field: Field, message: string): string {
  return /^(must|is|needs|takes|cannot)\b/.test(message)
    ? `${field.label} ${message}`
    : `${field.label}: ${message}`;
}

/**
 * The keys of `values` the actor may not write: unknown ones, and (reported the same way, so
 * that probing cannot tell them apart) fields hidden from the actor's role; fields the app sets
 * itself; read-only fields, which only the owner may write.
 */
export function refusedKeys(
  table: Table,
  keys: readonly string[],
  actor: Actor,
  visible: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of keys) {
    const field = table.fields.find((candidate) => candidate.id === key);
    if (!field || !visible.has(key))
      errors.push({ field: key, message: `${table.label} has no field "${key}"` });
    else if (DERIVED_FIELD_TYPES.has(field.type))
      errors.push({
        field: key,
        message: `field "${field.label}" cannot be written: the app sets its value`,
      });
    else if (field.readOnly && actor.kind !== 'owner')
      errors.push({ field: key, message: `field "${field.label}" cannot be written: it is read-only` });
  }
  return errors;
}

/** The default of a field for a new row; `today` and `now` read the request's time (UTC). */
export function defaultOf(field: Field, now: string): unknown {
  if (!('default' in field) || field.default === undefined) return undefined;
  if (field.default === 'today' && field.type === 'date') return now.slice(0, 10);
  if (field.default === 'now' && field.type === 'datetime') return now;
  return Array.isArray(field.default) ? [...field.default] : field.default;
}

/** Sets the values the runtime owns: creation time and creator on create, update time always. */
export function stampSystemFields(
  table: Table,
  data: Record<string, unknown>,
  mode: 'create' | 'update',
  now: string,
  creator: string | null,
): void {
  for (const field of table.fields) {
    if (field.type === 'updated_at') data[field.id] = now;
    else if (field.type === 'created_at' && (mode === 'create' || data[field.id] === undefined))
      data[field.id] = mode === 'create' ? now : null;
    else if (field.type === 'created_by' && (mode === 'create' || data[field.id] === undefined))
      data[field.id] = creator;
  }
}

/** Deep equality of stored values, blind to key order (JSONB returns keys in its own order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isMissing(a) && isMissing(b)) return true;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameValue(left[key], right[key])) return false;
  return true;
}

/**
 * The fields a write changes, in field order: on create every field given a value; on update
 * every field whose value differs, but not `updated_at`, which always does, so an empty list
 * means the update changed nothing (and update automations need not run).
 */
export function changedFieldIds(
  table: Table,
  data: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
): string[] {
  return table.fields
    .filter((field) =>
      before === undefined
        ? !isMissing(data[field.id])
        : field.type !== 'updated_at' &&
          !RELATED_TYPES.has(field.type) &&
          !sameValue(data[field.id], before[field.id]),
    )
    .map((field) => field.id);
}
