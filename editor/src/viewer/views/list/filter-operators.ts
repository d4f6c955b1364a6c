import type { AppDefinition, Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import {
  type FilterCondition,
  type FilterOperator,
  UNARY_OPERATORS,
} from '../../../../../schemas/app/filters.ts';
import { chosenOptions, type Presentation, presentationOf, valueText } from '../../fields/value-format.ts';
import { columnTypeOf } from './row-select.ts';

/**
 * The filters a person can add to a list: for each field, the operators that mean something for
 * its type (in words: "is before", "has any of"), what kind of value each takes, and a filter
 * read back as a sentence for its chip.
 */

/** The input a filter's value is typed in. */
export type ValueKind = 'none' | 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'option' | 'options';

export interface OperatorChoice {
  op: FilterOperator;
  label: string;
  value: ValueKind;
}

type FieldKind = 'text' | 'choice' | 'choices' | 'number' | 'date' | 'datetime' | 'boolean' | 'presence';

function fieldKind(definition: AppDefinition, table: Table, field: Field): FieldKind {
  const presentation = presentationOf(definition, table, field);
  const column = columnTypeOf(definition, table, field);
  if (presentation.kind === 'choice' && column === 'text') return 'choice';
  if (presentation.kind === 'choice' && column === 'array') return 'choices';
  if (
    field.type === 'relation' ||
    field.type === 'created_by' ||
    field.type === 'attachment' ||
    column === 'json' ||
    column === 'array'
  )
    return 'presence';
  if (column === 'number') return 'number';
  if (column === 'boolean') return 'boolean';
  if (column === 'date') return 'date';
  if (column === 'datetime') return 'datetime';
  return 'text';
}

const EMPTY: OperatorChoice[] = [
  { op: 'is_empty', label: 'is empty', value: 'none' },
  { op: 'is_not_empty', label: 'is not empty', value: 'none' },
];

const BY_KIND: Record<FieldKind, OperatorChoice[]> = {
  text: [
    { op: 'contains', label: 'contains', value: 'text' },
    { op: 'not_contains', label: 'does not contain', value: 'text' },
    { op: 'eq', label: 'is', value: 'text' },
    { op: 'neq', label: 'is not', value: 'text' },
    { op: 'starts_with', label: 'starts with', value: 'text' },
    ...EMPTY,
  ],
  choice: [
    { op: 'eq', label: 'is', value: 'option' },
    { op: 'neq', label: 'is not', value: 'option' },
    { op: 'in', label: 'is any of', value: 'options' },
    { op: 'not_in', label: 'is none of', value: 'options' },
    ...EMPTY,
  ],
  choices: [
    { op: 'contains', label: 'has', value: 'option' },
    { op: 'not_contains', label: 'does not have', value: 'option' },
    { op: 'in', label: 'has any of', value: 'options' },
    { op: 'not_in', label: 'has none of', value: 'options' },
    ...EMPTY,
  ],
  number: [
    { op: 'eq', label: 'is', value: 'number' },
    { op: 'neq', label: 'is not', value: 'number' },
    { op: 'gt', label: 'is more than', value: 'number' },
    { op: 'gte', label: 'is at least', value: 'number' },
    { op: 'lt', label: 'is less than', value: 'number' },
    { op: 'lte', label: 'is at most', value: 'number' },
    ...EMPTY,
  ],
  date: [
    { op: 'eq', label: 'is on', value: 'date' },
    { op: 'lt', label: 'is before', value: 'date' },
    { op: 'gt', label: 'is after', value: 'date' },
    { op: 'lte', label: 'is on or before', value: 'date' },
    { op: 'gte', label: 'is on or after', value: 'date' },
    ...EMPTY,
  ],
  datetime: [
    { op: 'lt', label: 'is before', value: 'datetime' },
    { op: 'gt', label: 'is after', value: 'datetime' },
    ...EMPTY,
  ],
  boolean: [{ op: 'eq', label: 'is', value: 'boolean' }, ...EMPTY],
  presence: EMPTY,
};

export function filterOperators(definition: AppDefinition, table: Table, field: Field): OperatorChoice[] {
  return BY_KIND[fieldKind(definition, table, field)];
}

/** The choices of a choice field (also through a lookup), for the value picker. */
export function choiceOptions(definition: AppDefinition, table: Table, field: Field) {
  const presentation = presentationOf(definition, table, field);
  return presentation.kind === 'choice' ? presentation.options : [];
}

/** Durations are typed in the field's unit and stored in seconds. */
const UNIT_SECONDS = { minutes: 60, hours: 3600, days: 86_400 } as const;

export function durationUnit(definition: AppDefinition, table: Table, field: Field) {
  const presentation = presentationOf(definition, table, field);
  return presentation.kind === 'duration' ? presentation.unit : null;
}

/**
 * A typed value as the filter stores it, or null when it is not one: numbers parsed (a duration
 * from its unit into seconds), a local date-time as an instant, Yes/No as booleans.
 */
export function filterValue(
  definition: AppDefinition,
  table: Table,
  field: Field,
  kind: ValueKind,
  raw: string | string[],
): FilterCondition['value'] | null {
  if (kind === 'none') return undefined;
  if (kind === 'options') {
    const list = (Array.isArray(raw) ? raw : [raw]).filter(Boolean);
    return list.length > 0 ? list : null;
  }
  const text = (Array.isArray(raw) ? (raw[0] ?? '') : raw).trim();
  if (text === '') return null;
  switch (kind) {
    case 'number': {
      const n = Number(text.replace(',', '.'));
      if (!Number.isFinite(n)) return null;
      const unit = durationUnit(definition, table, field);
      return unit ? n * UNIT_SECONDS[unit] : n;
    }
    case 'boolean':
      return text === 'true';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
    case 'datetime': {
      // `datetime-local` gives the reader's wall-clock time; the filter compares instants.
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? null : date.toISOString();
    }
    default:
      return text;
  }
}

/** "Stage is any of Proposal or Negotiation", for the filter's chip and its Remove button. */
export function describeFilter(
  definition: AppDefinition,
  table: Table,
  condition: FilterCondition,
  locale?: string,
): string {
  const field = table.fields.find((f) => f.id === condition.fieldId);
  if (!field) return condition.fieldId;
  const choice = filterOperators(definition, table, field).find((c) => c.op === condition.op);
  const label = choice?.label ?? condition.op.replaceAll('_', ' ');
  if (UNARY_OPERATORS.has(condition.op)) return `${field.label} ${label}`;
  const presentation: Presentation = presentationOf(definition, table, field);
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  let text: string;
  if (presentation.kind === 'choice') {
    const options = chosenOptions(presentation.options, values);
    text = options.map((o) => o.label).join(' or ');
  } else if (presentation.kind === 'datetime' || presentation.kind === 'date')
    text = values.map((v) => valueText(presentation, v, locale)).join(' or ');
  else if (presentation.kind === 'boolean') text = values[0] ? 'Yes' : 'No';
  else if (['number', 'currency', 'percent', 'duration', 'rating'].includes(presentation.kind))
    text = values.map((v) => valueText(presentation, v, locale)).join(' or ');
  else text = values.map((v) => `“${String(v)}”`).join(' or ');
  return `${field.label} ${label} ${text}`;
}

/** The fields a filter can be added on: every field of the table the caller can see. */
export function filterableFields(definition: AppDefinition, table: Table): Field[] {
  return table.fields.filter((field) => filterOperators(definition, table, field).length > 0);
}
