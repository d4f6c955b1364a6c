import type { FieldType } from '../../../../../../schemas/definitions.ts';
import type { FieldMark } from '../../../graph/graph-types.ts';
import type { Cardinality } from '../../../model/field-defaults.ts';

/**
 * What a builder calls each field type. Not `FIELD_TYPE_LABELS`: those are the labels a new
 * field starts with ("Done" for a yes/no field), these name the type itself.
 */
export const FIELD_TYPE_NAMES: Record<FieldType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  currency: 'Currency',
  percent: 'Percent',
  boolean: 'Yes / no',
  date: 'Date',
  datetime: 'Date and time',
  email: 'E-mail',
  url: 'Web link',
  phone: 'Phone',
  single_select: 'Single choice',
  multi_select: 'Multiple choice',
  rating: 'Rating',
  duration: 'Duration',
  attachment: 'Files',
  relation: 'Link to another table',
  lookup: 'Lookup',
  rollup: 'Rollup (count, sum…)',
  computed: 'Formula',
  autonumber: 'Auto number',
  created_at: 'Created at',
  updated_at: 'Last changed at',
  created_by: 'Created by',
};

/**
 * A compact glyph per type, drawn in a fixed-width chip (no icon library: one character each
 * keeps a 1,500-row canvas cheap). Each is in DejaVu Sans, so even a bare Linux font set draws it,
 * and none has an emoji form that would change its size.
 */
export const FIELD_TYPE_GLYPHS: Record<FieldType, string> = {
  text: 'Aa',
  long_text: '¶',
  number: '#',
  currency: '$',
  percent: '%',
  boolean: '✓',
  date: '31',
  datetime: '◷',
  email: '@',
  url: '↗',
  phone: '☏',
  single_select: '◉',
  multi_select: '☰',
  rating: '★',
  duration: '◴',
  attachment: '▣',
  relation: '⇄',
  lookup: '⤷',
  rollup: 'Σ',
  computed: 'ƒ',
  autonumber: '№',
  created_at: '+',
  updated_at: '↻',
  created_by: '☺',
};

/** Marks on a field row: a glyph, and the words a title and a screen reader give it. */
export const FIELD_MARKS: Record<FieldMark, { glyph: string; title: string }> = {
  primary: { glyph: '◆', title: 'Primary field: names each row' },
  required: { glyph: '*', title: 'Required' },
  unique: { glyph: '≠', title: 'Unique: no two rows share a value' },
  readOnly: { glyph: '⊘', title: 'Read-only for end users' },
  derived: { glyph: '=', title: 'Filled in by the platform' },
  state: { glyph: '⇆', title: 'State field: moves through its transitions' },
};

/** `many → one`: a relation seen from the table it is on. */
export const CARDINALITY_WORDS: Record<Cardinality, string> = {
  many_to_one: 'many → one',
  one_to_many: 'one → many',
  many_to_many: 'many ↔ many',
};

/** The order the cardinality choices are offered in. */
export const CARDINALITIES: readonly Cardinality[] = ['many_to_one', 'one_to_many', 'many_to_many'];
