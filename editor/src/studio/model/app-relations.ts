import type { AppDefinition, Field, Table } from '../../../../schemas/definitions.ts';
import { findTable, missing } from './app-parts.ts';
import { type EditResult, edited, refused } from './edit-result.ts';
import type { Cardinality, RelationField } from './field-defaults.ts';
import { checkLabel, idFromLabel, uniqueId, uniqueLabel } from './ids.ts';

const MAX_FIELDS = 200;

/** How the other side sees a relation: many orders → one customer is one customer → many orders. */
export const INVERSE_CARDINALITY: Record<Cardinality, Cardinality> = {
  many_to_one: 'one_to_many',
  one_to_many: 'many_to_one',
  many_to_many: 'many_to_many',
};

/** A new field's id and label for a table: unique in it, from the wanted label. */
export function freshFieldName(
  table: Table,
  wanted: string,
  taken: readonly Field[] = [],
): { id: string; label: string } {
  const fields = [...table.fields, ...taken];
  const label = uniqueLabel(
    wanted,
    fields.map((field) => field.label),
  );
  const id = uniqueId(
    idFromLabel(label, 'field'),
    fields.map((field) => field.id),
  );
  return { id, label };
}

/** `fields` with `field` inserted after the row `afterId` (at the end when absent or unknown). */
export function insertField(fields: readonly Field[], field: Field, afterId?: string): Field[] {
  const at = afterId === undefined ? -1 : fields.findIndex((candidate) => candidate.id === afterId);
  if (at < 0) return [...fields, field];
  return [...fields.slice(0, at + 1), field, ...fields.slice(at + 1)];
}

export interface ConnectRelationArgs {
  /** The table the relation field goes on, and the row it was dragged from (it is placed after it). */
  source: { tableId: string; fieldId?: string };
  /** The related table, and the row it was dropped on (the inverse field is placed after it). */
  target: { tableId: string; fieldId?: string };
  /** Seen from the source: `many_to_one` = many source rows point at one target row. */
  cardinality: Cardinality;
  label?: string;
  inverseLabel?: string;
}

/**
 * Connects two tables with a relation: a relation field on the source table and its inverse on
 * the target (named after the tables, placed after the rows the builder connected), each naming
 * the other, with matching cardinalities. A table may relate to itself (two fields on it).
 */
export function connectRelation(app: AppDefinition, args: ConnectRelationArgs): EditResult<AppDefinition> {
  const source = findTable(app, args.source.tableId);
  const target = findTable(app, args.target.tableId);
  if (!source) return refused(missing('table', args.source.tableId));
  if (!target) return refused(missing('table', args.target.tableId));
  const same = source.id === target.id;
  const adding = same ? 2 : 1;
  if (source.fields.length + adding > MAX_FIELDS || target.fields.length + 1 > MAX_FIELDS)
    return refused(`A table can have at most ${MAX_FIELDS} fields.`);
  for (const wanted of [args.label, args.inverseLabel]) {
    if (wanted === undefined) continue;
    const checked = checkLabel(wanted);
    if (!checked.ok) return refused(checked.reason);
  }

  const forward = freshFieldName(source, args.label ?? target.label);
  const relation: RelationField = {
    ...forward,
    type: 'relation',
    targetTableId: target.id,
    cardinality: args.cardinality,
  };
  const backName = freshFieldName(target, args.inverseLabel ?? source.label, same ? [relation] : []);
  const inverse: RelationField = {
    ...backName,
    type: 'relation',
    targetTableId: source.id,
    cardinality: INVERSE_CARDINALITY[args.cardinality],
    inverseFieldId: relation.id,
  };
  relation.inverseFieldId = inverse.id;

  const tables = app.tables.map((table) => {
    let fields = table.fields;
    if (table.id === source.id) fields = insertField(fields, relation, args.source.fieldId);
    if (table.id === target.id)
      fields = insertField(fields, inverse, same ? relation.id : args.target.fieldId);
    return fields === table.fields ? table : { ...table, fields };
  });
  return edited(
    { ...app, tables },
    {
      created: [
        { entity: 'field', id: relation.id, tableId: source.id },
        { entity: 'field', id: inverse.id, tableId: target.id },
      ],
    },
  );
}

/**
 * Gives an existing relation field (just created or retyped) its inverse on the target table,
 * unless it already names one.
 */
export function withInverse(
  app: AppDefinition,
  tableId: string,
  relationId: string,
): { app: AppDefinition; inverseId?: string } {
  const table = findTable(app, tableId);
  const relation = table?.fields.find((field) => field.id === relationId);
  if (!table || relation?.type !== 'relation' || relation.inverseFieldId) return { app };
  const target = findTable(app, relation.targetTableId);
  if (!target || target.fields.length >= MAX_FIELDS) return { app };
  const name = freshFieldName(target, table.label);
  const inverse: RelationField = {
    ...name,
    type: 'relation',
    targetTableId: table.id,
    cardinality: INVERSE_CARDINALITY[relation.cardinality],
    inverseFieldId: relation.id,
  };
  const tables = app.tables.map((t) => {
    let fields = t.fields;
    if (t.id === table.id)
      fields = fields.map((field) =>
        field.id === relation.id ? { ...relation, inverseFieldId: inverse.id } : field,
      );
    if (t.id === target.id) fields = insertField(fields, inverse);
    return fields === t.fields ? t : { ...t, fields };
  });
  return { app: { ...app, tables }, inverseId: inverse.id };
}
