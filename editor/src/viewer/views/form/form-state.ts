/**
 * A form page's state, evaluated as the person types: each field's parsed value and error, which
 * fields the form's conditions show, the computed fields, the table's rules, and what a submit
 * sends. Every check is the runtime's own (coerceValue, constraintMessages, computeFields,
 * evaluateCondition, brokenRules), applied in the order the server's write applies them.
 */

import type { Coerced } from '../../../../../runtime/components/coerce.ts';
import { constraintMessages, isMissing } from '../../../../../runtime/components/write-constraints.ts';
import {
  brokenRules,
  computeFields,
  evaluateCondition,
} from '../../../../../runtime/components/write-expressions.ts';
import {
  defaultOf,
  labelled,
  sameValue,
  stampSystemFields,
} from '../../../../../runtime/components/write-row.ts';
import type { AppDefinition, Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { View } from '../../../../../schemas/app/views.ts';
import { expressionScope } from '../../fields/expression-scope.ts';
import { inputOf, isDerived, parseInput, sentence } from '../../fields/field-input-value.ts';

export type FormViewDefinition = Extract<View, { kind: 'form' }>;

export interface FormSetup {
  app: AppDefinition;
  table: Table;
  view: FormViewDefinition;
  /** `user` as expressions see it. */
  user: Record<string, unknown>;
  /** The builder may write read-only fields; end users may not. */
  owner: boolean;
  /** The creator stamped on a new row (for computed fields that read it). */
  creator: string | null;
}

export interface FormInputs {
  /** What each input holds, by field id. */
  values: Record<string, unknown>;
  /** Fields the person has left at least once: their errors show from then on. */
  touched: ReadonlySet<string>;
  /** After a submit was tried, every error shows. */
  submitted: boolean;
}

export interface FormFieldState {
  field: Field;
  visible: boolean;
  /** False for fields the app sets and read-only fields: they are shown, not edited. */
  editable: boolean;
  /** The value the row would hold: the parsed input, or the computed / stored value. */
  value: unknown;
  /** What is wrong with the field, whether or not it is shown yet. */
  error: string | null;
  /** The error to show now (touched, or a submit was tried). */
  shownError: string | null;
}

export interface FormEvaluation {
  sections: { label: string; fields: FormFieldState[] }[];
  /** The row as it would be stored, computed fields included. */
  record: Record<string, unknown>;
  /** The body of the insert or update. */
  changes: Record<string, unknown>;
  /** Validation rules of the table that do not hold on `record`. */
  ruleMessages: string[];
  valid: boolean;
}

/** The form's sections with the fields the (cut) definition has; the server removed hidden ones. */
export function formSections(table: Table, view: FormViewDefinition): { label: string; fields: Field[] }[] {
  return view.sections
    .map((section) => ({
      label: section.label,
      fields: section.fields
        .map((id) => table.fields.find((field) => field.id === id))
        .filter((field): field is Field => field !== undefined),
    }))
    .filter((section) => section.fields.length > 0);
}

export const isEditable = (field: Field, owner: boolean): boolean =>
  !isDerived(field) && (!field.readOnly || owner);

/** The row a new record starts from: the fields' defaults and the state machine's first state. */
export function newRowBase(table: Table, now: string): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  for (const field of table.fields) {
    const fallback = defaultOf(field, now);
    if (fallback !== undefined) base[field.id] = fallback;
  }
  const machine = table.stateMachine;
  if (machine && isMissing(base[machine.fieldId])) base[machine.fieldId] = machine.initial;
  return base;
}

/** What the inputs hold when the form opens: the stored row, or the defaults of a new one. */
export function initialValues(
  setup: FormSetup,
  existing: Record<string, unknown> | null,
  now: string,
): Record<string, unknown> {
  const base = existing ?? newRowBase(setup.table, now);
  const values: Record<string, unknown> = {};
  for (const section of formSections(setup.table, setup.view))
    for (const field of section.fields)
      if (!isDerived(field)) values[field.id] = inputOf(field, base[field.id]);
  return values;
}

/** Whether every visibility condition of a field holds (a field without one is always shown). */
function visibleIn(setup: FormSetup, fieldId: string, scope: ReturnType<typeof expressionScope>): boolean {
  return (setup.view.visibility ?? [])
    .filter((entry) => entry.fieldId === fieldId)
    .every((entry) => evaluateCondition(entry.visibleWhen, scope));
}

/**
 * What is wrong with one field's parsed input, in the order the server's write checks it: the
 * value's form, then `required` (on create, or when the write sets the field), then the field's
 * own constraints. Labelled and as a sentence, as it is shown under the field.
 */
export function fieldError(field: Field, parsed: Coerced, requiredApplies: boolean): string | null {
  if (!parsed.ok) return sentence(labelled(field, parsed.message));
  if (field.required && requiredApplies && isMissing(parsed.value))
    return sentence(labelled(field, 'is required'));
  const [message] = constraintMessages(field, parsed.value);
  return message ? sentence(labelled(field, message)) : null;
}

/** Most rounds of "hide a field, look again": a condition may read a field another one hides. */
const MAX_VISIBILITY_ROUNDS = 5;

export function evaluateForm(
  setup: FormSetup,
  inputs: FormInputs,
  existing: (Record<string, unknown> & { id: string }) | null,
  now: string,
): FormEvaluation {
  const { app, table, owner } = setup;
  const mode = existing ? 'update' : 'create';
  const sections = formSections(table, setup.view);
  const fields = sections.flatMap((section) => section.fields);
  const base = existing ? { ...existing } : newRowBase(table, now);
  const id = existing?.id ?? '';

  const parsed = new Map<string, Coerced>();
  for (const field of fields)
    if (isEditable(field, owner)) parsed.set(field.id, parseInput(field, inputs.values[field.id]));

  // The row as a write would store it, with only the shown fields' inputs in it: a hidden field
  // is neither sent nor read by the rules, so the page and the server judge the same row.
  const rowWith = (shown: ReadonlySet<string>) => {
    const data: Record<string, unknown> = { ...base };
    for (const [fieldId, result] of parsed) if (result.ok && shown.has(fieldId)) data[fieldId] = result.value;
    // On update the stored creator stays; only a new row is stamped with this caller.
    stampSystemFields(table, data, mode, now, existing ? null : setup.creator);
    const scope = expressionScope(app, table, data, setup.user, now, id);
    computeFields(table, data, scope);
    return { data, scope };
  };

  let shown = new Set(fields.map((field) => field.id));
  let row = rowWith(shown);
  for (let round = 0; round < MAX_VISIBILITY_ROUNDS; round++) {
    const next = new Set(fields.filter((field) => visibleIn(setup, field.id, row.scope)).map((f) => f.id));
    const same = next.size === shown.size && [...next].every((fieldId) => shown.has(fieldId));
    shown = next;
    row = rowWith(shown);
    if (same) break;
  }

  const changes: Record<string, unknown> = {};
  const states = new Map<string, FormFieldState>();
  for (const field of fields) {
    const visible = shown.has(field.id);
    const editable = isEditable(field, owner);
    const result = parsed.get(field.id);
    let error: string | null = null;
    if (editable && visible && result) {
      const changed = !existing || !sameValue(result.ok ? result.value : undefined, existing[field.id]);
      error = fieldError(field, result, mode === 'create' || changed);
      if (result.ok && changed) changes[field.id] = result.value;
    }
    const show = inputs.submitted || inputs.touched.has(field.id);
    states.set(field.id, {
      field,
      visible,
      editable,
      value: result?.ok ? result.value : row.data[field.id],
      error,
      shownError: show ? error : null,
    });
  }

  const ruleMessages = brokenRules(table, row.scope);
  const valid = [...states.values()].every((state) => state.error === null) && ruleMessages.length === 0;
  return {
    sections: sections.map((section) => ({
      label: section.label,
      fields: section.fields.map((field) => states.get(field.id)!),
    })),
    record: row.data,
    changes,
    ruleMessages,
    valid,
  };
}

/** The field to move focus to after a refused submit: the first shown field with an error. */
export function firstInvalidField(evaluation: FormEvaluation): string | null {
  for (const section of evaluation.sections)
    for (const state of section.fields) if (state.visible && state.error) return state.field.id;
  return null;
}
