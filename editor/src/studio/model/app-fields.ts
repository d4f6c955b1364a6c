import { type AppDefinition, Field, type Table } from '../../../../schemas/definitions.ts';
import { findTable, missing, withField } from './app-parts.ts';
import {
  connectRelation,
  freshFieldName,
  INVERSE_CARDINALITY,
  insertField,
  withInverse,
} from './app-relations.ts';
import { removeFromApp } from './app-removal.ts';
import { fieldPath, introducedIssues, issuesUnder, wouldBreak } from './app-semantics.ts';
import {
  type CreatedEntity,
  type EditResult,
  edited,
  quoted,
  type RemovedReference,
  refused,
} from './edit-result.ts';
import {
  type Cardinality,
  FIELD_TYPE_LABELS,
  type FieldSpec,
  fieldSettings,
  isPlainFieldType,
} from './field-defaults.ts';
import { checkLabel } from './ids.ts';

const MAX_FIELDS = 200;

export interface AddFieldArgs {
  tableId: string;
  spec: FieldSpec;
  label?: string;
  /** The row to place it after; at the end when absent. */
  afterFieldId?: string;
}

/**
 * Adds a field of any type with settings that are valid as they are (see `fieldSettings`). A
 * relation also gets its inverse on the target table (`connectRelation`); a lookup or rollup
 * must name a relation of this table and a field of the related one.
 */
export function addField(app: AppDefinition, args: AddFieldArgs): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const { spec } = args;
  if (spec.type === 'relation' && !spec.inverseFieldId)
    return connectRelation(app, {
      source: { tableId: table.id, ...(args.afterFieldId ? { fieldId: args.afterFieldId } : {}) },
      target: { tableId: spec.targetTableId },
      cardinality: spec.cardinality,
      ...(args.label ? { label: args.label } : {}),
    });
  if (table.fields.length >= MAX_FIELDS) return refused(`A table can have at most ${MAX_FIELDS} fields.`);
  const problem = specProblem(app, table, spec);
  if (problem) return refused(problem);
  if (args.label !== undefined) {
    const checked = checkLabel(args.label);
    if (!checked.ok) return refused(checked.reason);
  }
  const name = freshFieldName(table, args.label ?? FIELD_TYPE_LABELS[spec.type]);
  const field = { ...name, ...fieldSettings(spec) } as Field;
  const fields = insertField(table.fields, field, args.afterFieldId);
  return edited(
    { ...app, tables: app.tables.map((t) => (t.id === table.id ? { ...t, fields } : t)) },
    { created: [{ entity: 'field', id: field.id, tableId: table.id }] },
  );
}

/** Why a relation, lookup or rollup spec cannot work in this table, or undefined. */
function specProblem(app: AppDefinition, table: Table, spec: FieldSpec): string | undefined {
  if (spec.type === 'relation')
    return findTable(app, spec.targetTableId) ? undefined : missing('table', spec.targetTableId);
  if (spec.type !== 'lookup' && spec.type !== 'rollup') return undefined;
  const relation = table.fields.find((field) => field.id === spec.relationFieldId);
  if (relation?.type !== 'relation')
    return `A ${spec.type} goes through a relation field of table ${quoted(table.label)}; connect it to another table first.`;
  const target = findTable(app, relation.targetTableId);
  if (spec.targetFieldId !== undefined && !target?.fields.some((field) => field.id === spec.targetFieldId))
    return missing('field', spec.targetFieldId);
  if (spec.type === 'rollup' && relation.cardinality === 'many_to_one')
    return `A rollup aggregates many rows, but ${quoted(relation.label)} relates to one row; use a lookup.`;
  return undefined;
}

const BASE_KEYS = new Set(['id', 'label', 'description', 'required', 'unique', 'readOnly']);
const FIXED_KEYS = new Set(['id', 'label', 'type']);

function shapeKeys(type: Field['type']): Set<string> {
  const options = Field.options as readonly { shape: Record<string, { values?: Set<unknown> }> }[];
  const option = options.find((candidate) => candidate.shape.type?.values?.has(type));
  return new Set(Object.keys(option?.shape ?? {}));
}

/**
 * The field as the new type. Id, label and description stay; every other setting the new type
 * also has stays while it is valid there (a number's min and max carry over to a currency; a
 * text's default does not fit a date and goes), and what the spec chose (a relation's target)
 * wins. Then the validator — the server's own rules — drops `required`, `unique` or bounds it
 * rejects for the new type (a computed field cannot be required, a long text cannot be unique).
 */
function retype(app: AppDefinition, table: Table, field: Field, spec: FieldSpec): AppDefinition {
  const keys = shapeKeys(spec.type);
  const settings = fieldSettings(spec) as Record<string, unknown>;
  const chosen = isPlainFieldType(spec.type) ? new Set<string>() : new Set(Object.keys(settings));
  const candidate: Record<string, unknown> = { ...settings };
  // A relation pointed elsewhere gets a new other side (see changeFieldType), never the old one.
  if (spec.type === 'relation') chosen.add('inverseFieldId');
  for (const [key, value] of Object.entries(field))
    if (key !== 'type' && !chosen.has(key) && (BASE_KEYS.has(key) || keys.has(key))) candidate[key] = value;
  const reset = (key: string) => {
    if (key in settings) candidate[key] = settings[key];
    else delete candidate[key];
  };
  for (let tries = 0; tries < 20; tries++) {
    const parsed = Field.safeParse(candidate);
    if (parsed.success) break;
    const faulty = parsed.error.issues
      .map((issue) => String(issue.path[0] ?? ''))
      .filter((key) => key && !FIXED_KEYS.has(key));
    if (faulty.length === 0) break;
    faulty.forEach(reset);
  }
  let next = withField(app, table.id, candidate as Field);
  const at = fieldPath(next, table.id, field.id);
  for (let tries = 0; at && tries < 5; tries++) {
    const own = issuesUnder(introducedIssues(app, next), at).own;
    const faulty = own
      .map((issue) => issue.path.slice(at.length + 1).split(/[.[]/)[0] ?? '')
      .filter((key) => key in candidate && !FIXED_KEYS.has(key));
    if (faulty.length === 0) break;
    faulty.forEach(reset);
    next = withField(app, table.id, { ...candidate } as Field);
  }
  return next;
}

/**
 * Changes a field's type, keeping its id (so stored values and references stay attached) and
 * what still fits (see `retype`). Leaving `relation` takes the other side with it; becoming one
 * creates it. Refused when the new type would break something elsewhere — a kanban grouped by
 * it, a lookup through it, an expression using it as a number — naming those places.
 */
export function changeFieldType(
  app: AppDefinition,
  args: { tableId: string; fieldId: string; spec: FieldSpec },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const field = table.fields.find((candidate) => candidate.id === args.fieldId);
  if (!field) return refused(missing('field', args.fieldId));
  const { spec } = args;
  if (field.type === spec.type && isPlainFieldType(spec.type)) return edited(app);
  if (field.type === 'relation' && spec.type === 'relation' && field.targetTableId === spec.targetTableId)
    return setRelationCardinality(app, {
      tableId: table.id,
      fieldId: field.id,
      cardinality: spec.cardinality,
    });
  if (table.primaryFieldId === field.id && (spec.type === 'attachment' || spec.type === 'relation'))
    return refused(
      `${quoted(field.label)} names the rows of ${quoted(table.label)}, and a ${spec.type} field cannot; make another field the primary one first.`,
    );
  if ((spec.type === 'lookup' || spec.type === 'rollup') && spec.relationFieldId === field.id)
    return refused(`A ${spec.type} cannot go through itself.`);
  const problem = specProblem(app, table, spec);
  if (problem) return refused(problem);

  let next = retype(app, table, field, spec);
  const removed: RemovedReference[] = [];
  const created: CreatedEntity[] = [];
  if (field.type === 'relation' && field.inverseFieldId) {
    const other = findTable(next, field.targetTableId);
    if (other?.fields.some((candidate) => candidate.id === field.inverseFieldId)) {
      const result = removeFromApp(next, { fields: [{ tableId: other.id, fieldId: field.inverseFieldId }] });
      if (!result.ok) return result;
      next = result.definition;
      removed.push(
        {
          entity: 'field',
          id: field.inverseFieldId,
          tableId: other.id,
          summary: `the other side of ${quoted(field.label)} in table ${quoted(other.label)} removed`,
        },
        ...result.removed,
      );
    }
  }
  if (spec.type === 'relation' && !spec.inverseFieldId) {
    const linked = withInverse(next, table.id, field.id);
    next = linked.app;
    if (linked.inverseId)
      created.push({ entity: 'field', id: linked.inverseId, tableId: spec.targetTableId });
  }
  const at = fieldPath(next, table.id, field.id);
  const broken = at ? issuesUnder(introducedIssues(app, next), at).elsewhere : [];
  if (broken.length)
    return refused(
      wouldBreak(`Changing ${quoted(field.label)} to ${spec.type.replace('_', ' ')}`, next, broken),
    );
  return edited(next, { removed, created });
}

/**
 * Changes how many rows a relation joins, on both sides at once (the inverse mirrors it);
 * refused when that breaks something, e.g. a rollup over what becomes a single row.
 */
export function setRelationCardinality(
  app: AppDefinition,
  args: { tableId: string; fieldId: string; cardinality: Cardinality },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  const field = table?.fields.find((candidate) => candidate.id === args.fieldId);
  if (!table || field?.type !== 'relation') return refused(missing('relation field', args.fieldId));
  if (field.cardinality === args.cardinality) return edited(app);
  let next = withField(app, table.id, { ...field, cardinality: args.cardinality });
  const target = findTable(next, field.targetTableId);
  const inverse = target?.fields.find((candidate) => candidate.id === field.inverseFieldId);
  if (target && inverse?.type === 'relation')
    next = withField(next, target.id, { ...inverse, cardinality: INVERSE_CARDINALITY[args.cardinality] });
  const broken = introducedIssues(app, next);
  if (broken.length)
    return refused(
      wouldBreak(`Making ${quoted(field.label)} ${args.cardinality.replaceAll('_', '-')}`, next, broken),
    );
  return edited(next);
}
