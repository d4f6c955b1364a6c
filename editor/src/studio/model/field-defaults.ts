import type { Field, FieldType } from '../../../../schemas/definitions.ts';

type FieldOf<T extends FieldType> = Extract<Field, { type: T }>;
export type RelationField = FieldOf<'relation'>;
export type Cardinality = RelationField['cardinality'];
export type RollupAggregate = FieldOf<'rollup'>['aggregate'];

/** Types whose field needs nothing but an id and a label to be valid. */
/** A field without its id and label, kept per type (a plain `Omit` would merge the union). */
export type FieldSettings = Field extends infer F
  ? F extends Field
    ? Omit<F, 'id' | 'label'>
    : never
  : never;

export type PlainFieldType = Exclude<FieldType, 'relation' | 'lookup' | 'rollup'>;

/** What a new field needs beyond id and label: only relations, lookups and rollups need a choice. */
export type FieldSpec =
  | { type: PlainFieldType }
  | { type: 'relation'; targetTableId: string; cardinality: Cardinality; inverseFieldId?: string }
  | { type: 'lookup'; relationFieldId: string; targetFieldId: string }
  | { type: 'rollup'; relationFieldId: string; aggregate?: RollupAggregate; targetFieldId?: string };

/**
 * The settings a new field of each type starts with. Each passes the schema, semantic validation
 * and the security review as it is: an attachment names safe types (images and PDF) rather than
 * accepting anything, a select starts with one option, a computed field with a constant.
 */
const PLAIN_DEFAULTS: { [T in PlainFieldType]: Omit<FieldOf<T>, 'id' | 'label'> } = {
  text: { type: 'text' },
  long_text: { type: 'long_text' },
  number: { type: 'number' },
  currency: { type: 'currency', currency: 'USD' },
  percent: { type: 'percent' },
  boolean: { type: 'boolean' },
  date: { type: 'date' },
  datetime: { type: 'datetime' },
  email: { type: 'email' },
  url: { type: 'url' },
  phone: { type: 'phone' },
  single_select: { type: 'single_select', options: [{ id: 'option_1', label: 'Option 1', color: 'blue' }] },
  multi_select: { type: 'multi_select', options: [{ id: 'option_1', label: 'Option 1', color: 'blue' }] },
  rating: { type: 'rating', max: 5 },
  duration: { type: 'duration', displayUnit: 'minutes' },
  attachment: {
    type: 'attachment',
    allowedTypes: ['image/png', 'image/jpeg', 'image/webp', '.pdf'],
    maxSizeMb: 10,
    maxFiles: 5,
  },
  computed: { type: 'computed', expression: '""', resultType: 'text' },
  autonumber: { type: 'autonumber' },
  created_at: { type: 'created_at' },
  updated_at: { type: 'updated_at' },
  created_by: { type: 'created_by' },
};

/** Every field type, in the order a palette lists them. */
export function fieldTypes(): FieldType[] {
  return Object.keys(FIELD_TYPE_LABELS) as FieldType[];
}

/** Default labels for a new field of each type. */
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  currency: 'Amount',
  percent: 'Percent',
  boolean: 'Done',
  date: 'Date',
  datetime: 'Date and time',
  email: 'E-mail',
  url: 'Link',
  phone: 'Phone',
  single_select: 'Status',
  multi_select: 'Tags',
  rating: 'Rating',
  duration: 'Duration',
  attachment: 'Files',
  relation: 'Related',
  lookup: 'Lookup',
  rollup: 'Rollup',
  computed: 'Formula',
  autonumber: 'Number',
  created_at: 'Created',
  updated_at: 'Last changed',
  created_by: 'Created by',
};

export function isPlainFieldType(type: FieldType): type is PlainFieldType {
  return type in PLAIN_DEFAULTS;
}

/** The settings of a new field (without id and label) for `spec`. */
export function fieldSettings(spec: FieldSpec): FieldSettings {
  switch (spec.type) {
    case 'relation':
      return {
        type: 'relation',
        targetTableId: spec.targetTableId,
        cardinality: spec.cardinality,
        ...(spec.inverseFieldId ? { inverseFieldId: spec.inverseFieldId } : {}),
      };
    case 'lookup':
      return { type: 'lookup', relationFieldId: spec.relationFieldId, targetFieldId: spec.targetFieldId };
    case 'rollup': {
      const aggregate = spec.aggregate ?? (spec.targetFieldId ? 'sum' : 'count');
      return {
        type: 'rollup',
        relationFieldId: spec.relationFieldId,
        aggregate,
        ...(spec.targetFieldId ? { targetFieldId: spec.targetFieldId } : {}),
      };
    }
    default:
      return structuredClone(PLAIN_DEFAULTS[spec.type]);
  }
}

export function newField(spec: FieldSpec, id: string, label: string): Field {
  return { id, label, ...fieldSettings(spec) } as Field;
}
