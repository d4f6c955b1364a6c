/**
 * Every write to an app's data — from the data API, a viewer form, CSV import or an automation —
 * goes through `prepareWrite`: who may write, which fields, in what form, within which bounds,
 * along which state transitions, and what the app computes from it. It is pure: the caller checks
 * `uniqueChecks` and relations against the database, then stores `data`.
 *
 * Steps, each collecting all its errors before answering: access (403) → fields that may not be
 * written (400) → coercion (400) → defaults and system fields → required and constraints (400) →
 * state machine (409) → validation rules (400). Computed fields are evaluated (in field order)
 * before the state machine, so a guard such as `record.total > 0` reads the new total.
 */
import { type AppDefinition, DERIVED_FIELD_TYPES } from '../../schemas/definitions.ts';
import { type Actor, can, creatorOf, expressionUser, findTable, ownsRow, visibleFieldIds } from './access.ts';
import { coerceValue } from './coerce.ts';
import { instantOf } from './coerce-temporal.ts';
import { constraintMessages, isMissing } from './write-constraints.ts';
import { brokenRules, computeFields, type ExpressionScope, tableContext } from './write-expressions.ts';
import {
  changedFieldIds,
  defaultOf,
  type FieldError,
  labelled,
  RELATED_TYPES,
  refusedKeys,
  stampSystemFields,
} from './write-row.ts';
import { checkTransition, startState } from './write-state.ts';

export type { FieldError } from './write-row.ts';

export interface WriteInput {
  app: AppDefinition;
  tableId: string;
  mode: 'create' | 'update';
  /** The fields sent, by field id; on update only the ones to change. */
  values: Record<string, unknown>;
  /** The stored row, required on update. Lookup and rollup values in it are read by expressions. */
  existing?: { id: string; data: Record<string, unknown>; createdBy: string | null };
  actor: Actor;
  /** The request's time, ISO 8601: `today`/`now` defaults, created_at/updated_at, `now` in expressions. */
  now: string;
  /** The row's id: a new UUID for create (chosen by the caller), the stored one for update. */
  recordId: string;
  /**
   * Values from outside the row, by field id, for expressions only (never stored): its lookups and
   * rollups as the caller loaded them for the row as it will be (`write-related.ts`), and on create
   * the autonumbers the store assigned it.
   */
  related?: Record<string, unknown>;
}

export type WriteResult =
  | {
      ok: true;
      /** The full row to store, by field id (no lookups or rollups; the store adds a new row's autonumbers). */
      data: Record<string, unknown>;
      changedFields: string[];
      /** Unique fields with a value that this write sets; the caller checks no other row has it. */
      uniqueChecks: { fieldId: string; value: unknown }[];
    }
  | { ok: false; status: 400 | 403 | 409; errors: FieldError[] };

const failure = (status: 400 | 403 | 409, errors: FieldError[]): WriteResult => ({
  ok: false,
  status,
  errors,
});

export function prepareWrite(input: WriteInput): WriteResult {
  const { app, tableId, mode, actor, existing, recordId } = input;
  const table = findTable(app, tableId);
  if (!table) return failure(400, [{ message: `there is no table "${tableId}" in this app` }]);
  if (mode === 'update' && !existing) throw new Error('prepareWrite: an update needs the existing row');
  const nowTime = instantOf(input.now);
  if (Number.isNaN(nowTime)) throw new Error(`prepareWrite: now must be an ISO date-time, not ${input.now}`);
  const now = new Date(nowTime).toISOString();

  // 1. Access: the action on the table, then (on update) the row itself.
  const decision = can(app, actor, tableId, mode);
  if (!decision.allowed)
    return failure(403, [{ message: decision.reason ?? `you may not ${mode} ${table.label}` }]);
  if (existing && decision.rowScope === 'own' && !ownsRow(actor, existing.createdBy))
    return failure(403, [{ message: `you may only update the rows of ${table.label} that you created` }]);

  // 2. Which keys may be written. `id` is the row's own and may only repeat it.
  const fieldIds = new Set(table.fields.map((field) => field.id));
  const keys = Object.keys(input.values).filter((key) => input.values[key] !== undefined);
  const idErrors: FieldError[] = [];
  const fieldKeys = keys.filter((key) => {
    if (key !== 'id' || fieldIds.has('id')) return true;
    if (input.values.id !== recordId) idErrors.push({ field: 'id', message: 'id cannot be changed' });
    return false;
  });
  const refused = [
    ...idErrors,
    ...refusedKeys(table, fieldKeys, actor, visibleFieldIds(app, actor, tableId)),
  ];
  if (refused.length > 0) return failure(400, refused);

  // 3. Coercion of each value.
  const given: Record<string, unknown> = {};
  const coercionErrors: FieldError[] = [];
  for (const key of fieldKeys) {
    const field = table.fields.find((candidate) => candidate.id === key)!;
    const coerced = coerceValue(field, input.values[key]);
    if (coerced.ok) given[key] = coerced.value;
    else coercionErrors.push({ field: key, message: labelled(field, coerced.message) });
  }
  if (coercionErrors.length > 0) return failure(400, coercionErrors);

  // 4. The row: the stored one (or the defaults), the given values, what the runtime sets.
  const data: Record<string, unknown> = {};
  const related: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(existing?.data ?? {})) {
    const field = table.fields.find((candidate) => candidate.id === key);
    // Values of fields the definition no longer has stay as they are: a write never drops data.
    if (field && RELATED_TYPES.has(field.type)) related[key] = value;
    else data[key] = value;
  }
  if (mode === 'create')
    for (const field of table.fields) {
      const fallback = defaultOf(field, now);
      if (!(field.id in given) && fallback !== undefined) data[field.id] = fallback;
    }
  Object.assign(data, given);
  const machine = table.stateMachine;
  if (mode === 'create' && machine && isMissing(data[machine.fieldId]))
    data[machine.fieldId] = machine.initial;
  stampSystemFields(
    table,
    data,
    mode,
    now,
    mode === 'create' ? creatorOf(actor) : (existing?.createdBy ?? null),
  );

  // 5. Required and the fields' own constraints, on what this write sets.
  const constraintErrors: FieldError[] = [];
  for (const field of table.fields) {
    if (DERIVED_FIELD_TYPES.has(field.type)) continue;
    const checked = mode === 'create' || field.id in given;
    if (!checked) continue;
    const value = data[field.id];
    if (field.required && isMissing(value)) {
      constraintErrors.push({ field: field.id, message: labelled(field, 'is required') });
      continue;
    }
    for (const message of constraintMessages(field, value))
      constraintErrors.push({ field: field.id, message: labelled(field, message) });
  }
  if (constraintErrors.length > 0) return failure(400, constraintErrors);

  // 6. Computed fields, then the state machine, whose guards read the new row.
  const scope: ExpressionScope = {
    context: tableContext(app, table),
    values: {
      record: { ...data, ...related, ...input.related, id: recordId },
      user: expressionUser(actor),
      now,
    },
  };
  computeFields(table, data, scope);
  const stateError =
    mode === 'create'
      ? startState(table, data)
      : checkTransition(app, table, actor, existing?.data[machine?.fieldId ?? ''], data, scope);
  if (stateError) return failure(409, [stateError]);

  // 7. Validation rules, on the final row.
  const broken = brokenRules(table, scope);
  if (broken.length > 0)
    return failure(
      400,
      broken.map((message) => ({ message })),
    );

  const changedFields = changedFieldIds(table, data, existing?.data);
  const changed = new Set(changedFields);
  const uniqueChecks = table.fields
    .filter((field) => field.unique && !isMissing(data[field.id]) && changed.has(field.id))
    .map((field) => ({ fieldId: field.id, value: data[field.id] }));
  return { ok: true, data, changedFields, uniqueChecks };
}
