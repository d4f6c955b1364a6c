import { z } from 'zod';
import { Color, Description, Expression, Id, IsoDate, IsoDateTime, Label, Pattern } from '../common.ts';

const base = {
  id: Id,
  label: Label,
  description: Description.optional(),
  /** A value must be given on create (and may not be cleared). */
  required: z.boolean().optional(),
  /** No two rows of the table may share a value. */
  unique: z.boolean().optional(),
  /** Shown but never edited by end users (the builder and automations still may). */
  readOnly: z.boolean().optional(),
};

const numberBounds = { min: z.number().optional(), max: z.number().optional() };
const lengthBounds = {
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).max(100_000).optional(),
};

export const SelectOption = z.strictObject({ id: Id, label: Label, color: Color });
export type SelectOption = z.infer<typeof SelectOption>;

export const RelationCardinality = z.enum(['many_to_one', 'one_to_many', 'many_to_many']);
export const RollupAggregate = z.enum(['count', 'sum', 'avg', 'min', 'max']);
export const ComputedResultType = z.enum(['text', 'number', 'boolean', 'date', 'datetime']);

export const TextField = z.strictObject({
  ...base,
  type: z.literal('text'),
  ...lengthBounds,
  pattern: Pattern.optional(),
  /** Shown when the pattern does not match, e.g. "must look like ABC-123". */
  patternMessage: z.string().max(200).optional(),
  default: z.string().optional(),
});
export const LongTextField = z.strictObject({
  ...base,
  type: z.literal('long_text'),
  ...lengthBounds,
  default: z.string().optional(),
});
export const NumberField = z.strictObject({
  ...base,
  type: z.literal('number'),
  ...numberBounds,
  /** Digits after the decimal point. */
  precision: z.number().int().min(0).max(10).optional(),
  default: z.number().optional(),
});
export const CurrencyField = z.strictObject({
  ...base,
  type: z.literal('currency'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR'),
  ...numberBounds,
  default: z.number().optional(),
});
export const PercentField = z.strictObject({
  ...base,
  type: z.literal('percent'),
  ...numberBounds,
  default: z.number().optional(),
});
export const BooleanField = z.strictObject({
  ...base,
  type: z.literal('boolean'),
  default: z.boolean().optional(),
});
export const DateField = z.strictObject({
  ...base,
  type: z.literal('date'),
  min: IsoDate.optional(),
  max: IsoDate.optional(),
  default: z.union([IsoDate, z.literal('today')]).optional(),
});
export const DateTimeField = z.strictObject({
  ...base,
  type: z.literal('datetime'),
  min: IsoDateTime.optional(),
  max: IsoDateTime.optional(),
  default: z.union([IsoDateTime, z.literal('now')]).optional(),
});
export const EmailField = z.strictObject({
  ...base,
  type: z.literal('email'),
  default: z.email().optional(),
});
export const UrlField = z.strictObject({ ...base, type: z.literal('url'), default: z.url().optional() });
export const PhoneField = z.strictObject({
  ...base,
  type: z.literal('phone'),
  default: z.string().max(40).optional(),
});
export const SingleSelectField = z.strictObject({
  ...base,
  type: z.literal('single_select'),
  options: z.array(SelectOption).min(1, 'needs at least one option').max(200),
  /** An option id. */
  default: Id.optional(),
});
export const MultiSelectField = z.strictObject({
  ...base,
  type: z.literal('multi_select'),
  options: z.array(SelectOption).min(1, 'needs at least one option').max(200),
  minSelected: z.number().int().min(0).optional(),
  maxSelected: z.number().int().min(1).optional(),
  default: z.array(Id).optional(),
});
export const RatingField = z.strictObject({
  ...base,
  type: z.literal('rating'),
  max: z.number().int().min(1).max(10),
  default: z.number().int().min(0).max(10).optional(),
});
export const DurationField = z.strictObject({
  ...base,
  type: z.literal('duration'),
  /** Stored as seconds; shown in this unit. */
  displayUnit: z.enum(['minutes', 'hours', 'days']),
  min: z.number().min(0).optional(),
  max: z.number().min(0).optional(),
  default: z.number().min(0).optional(),
});
export const AttachmentField = z.strictObject({
  ...base,
  type: z.literal('attachment'),
  /** MIME types (`image/png`, `image/*`) or extensions (`.pdf`). */
  allowedTypes: z
    .array(
      z.string().regex(/^(\.[a-z0-9]{1,10}|[a-z]+\/([a-z0-9.+-]+|\*))$/, 'must be a MIME type or .extension'),
    )
    .min(1, 'must list the allowed file types')
    .max(50),
  maxSizeMb: z.number().positive().max(100, 'must be at most 100 MB'),
  maxFiles: z.number().int().min(1).max(20),
});
export const RelationField = z.strictObject({
  ...base,
  type: z.literal('relation'),
  targetTableId: Id,
  cardinality: RelationCardinality,
  /** The field on the target table that shows this relation from the other side. */
  inverseFieldId: Id.optional(),
  /** What happens to these rows when a related row is deleted. */
  onTargetDelete: z.enum(['restrict', 'clear', 'cascade']).optional(),
});
export const LookupField = z.strictObject({
  ...base,
  type: z.literal('lookup'),
  relationFieldId: Id,
  targetFieldId: Id,
});
export const RollupField = z.strictObject({
  ...base,
  type: z.literal('rollup'),
  relationFieldId: Id,
  /** The field to aggregate on the related rows; not needed to count them. */
  targetFieldId: Id.optional(),
  aggregate: RollupAggregate,
});
export const ComputedField = z.strictObject({
  ...base,
  type: z.literal('computed'),
  expression: Expression,
  resultType: ComputedResultType,
});
export const AutonumberField = z.strictObject({
  ...base,
  type: z.literal('autonumber'),
  prefix: z.string().max(20).optional(),
  start: z.number().int().min(0).optional(),
});
export const CreatedAtField = z.strictObject({ ...base, type: z.literal('created_at') });
export const UpdatedAtField = z.strictObject({ ...base, type: z.literal('updated_at') });
export const CreatedByField = z.strictObject({ ...base, type: z.literal('created_by') });

export const Field = z.discriminatedUnion('type', [
  TextField,
  LongTextField,
  NumberField,
  CurrencyField,
  PercentField,
  BooleanField,
  DateField,
  DateTimeField,
  EmailField,
  UrlField,
  PhoneField,
  SingleSelectField,
  MultiSelectField,
  RatingField,
  DurationField,
  AttachmentField,
  RelationField,
  LookupField,
  RollupField,
  ComputedField,
  AutonumberField,
  CreatedAtField,
  UpdatedAtField,
  CreatedByField,
]);
export type Field = z.infer<typeof Field>;
export type FieldType = Field['type'];

/** Fields whose value the platform computes: never written by end users or imports. */
export const DERIVED_FIELD_TYPES: ReadonlySet<FieldType> = new Set([
  'lookup',
  'rollup',
  'computed',
  'autonumber',
  'created_at',
  'updated_at',
  'created_by',
]);
export const NUMERIC_FIELD_TYPES: ReadonlySet<FieldType> = new Set([
  'number',
  'currency',
  'percent',
  'rating',
  'duration',
  'autonumber',
]);
export const DATE_FIELD_TYPES: ReadonlySet<FieldType> = new Set([
  'date',
  'datetime',
  'created_at',
  'updated_at',
]);
