import type { AppDefinition, FieldType, Table } from '../../../../../../schemas/definitions.ts';
import { type FieldSpec, isPlainFieldType } from '../../../model/field-defaults.ts';

/**
 * The choices a new (or retyped) field of `type` starts with. Only a relation, a lookup and a
 * rollup need any: a relation points at the first other table (a table may point at itself when
 * it is alone), many rows to one; a lookup and a rollup go through the table's first fitting
 * relation (a rollup needs one reaching many rows) and show the related table's primary field.
 * With no relation the spec names none, and the model's refusal says what to connect first.
 */
export function defaultFieldSpec(
  app: AppDefinition,
  table: Table,
  type: FieldType,
  /** The field being retyped, which cannot be its own relation. */
  fieldId?: string,
): FieldSpec {
  if (isPlainFieldType(type)) return { type };
  if (type === 'relation') {
    const target = app.tables.find((candidate) => candidate.id !== table.id) ?? table;
    return { type, targetTableId: target.id, cardinality: 'many_to_one' };
  }
  const relations = table.fields.filter((field) => field.type === 'relation' && field.id !== fieldId);
  const toMany = relations.find((field) => field.type === 'relation' && field.cardinality !== 'many_to_one');
  const relation = (type === 'rollup' ? (toMany ?? relations[0]) : relations[0]) ?? undefined;
  const target =
    relation?.type === 'relation'
      ? app.tables.find((candidate) => candidate.id === relation.targetTableId)
      : undefined;
  if (type === 'lookup')
    return { type, relationFieldId: relation?.id ?? '', targetFieldId: target?.primaryFieldId ?? '' };
  return { type, relationFieldId: relation?.id ?? '', aggregate: 'count' };
}
