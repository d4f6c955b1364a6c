/**
 * Reading related rows by name. A relation field stores ids (one for many_to_one, a list for the
 * to-many kinds); a related row is named by its table's primary field. Reads embed the related
 * rows (`*,_rel_company:company(id,name)`) so a page names them without one request per row, and
 * the picker searches the target table with `ilike` on its primary field.
 */

import { fieldColumnType } from '../../../../runtime/components/query/columns.ts';
import type { ViewerApp } from '../../../../schemas/api/viewer.ts';
import type { AppDefinition, Table } from '../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../schemas/app/fields.ts';
import { likeLiteral } from '../views/list/postgrest-query.ts';
import { displayText } from './display-text.ts';
import { type RelatedRow, shortId } from './value-format.ts';

export type RelationField = Extract<Field, { type: 'relation' }>;

export interface RelationTarget {
  definition: AppDefinition;
  table: Table;
  /** The target's primary field, when the caller sees it. */
  primary: Field | undefined;
  /** Whether the caller may read the target's rows (else only ids can be shown or typed). */
  readable: boolean;
}

export function relationTarget(app: ViewerApp, field: RelationField): RelationTarget | null {
  const table = app.definition.tables.find((candidate) => candidate.id === field.targetTableId);
  if (!table) return null;
  const primary = table.fields.find((candidate) => candidate.id === table.primaryFieldId);
  return { definition: app.definition, table, primary, readable: app.rights[table.id]?.read === true };
}

/** Where a read puts a relation's named rows (a `-` is in no field id, so it never clashes). */
const embedAlias = (fieldId: string) => `rel-${fieldId}`;

/** The relation fields among `fieldIds` whose target the caller can read. */
function embeddable(app: ViewerApp, table: Table, fieldIds: readonly string[]) {
  return fieldIds.flatMap((id) => {
    const field = table.fields.find((candidate) => candidate.id === id);
    if (field?.type !== 'relation') return [];
    const target = relationTarget(app, field);
    return target?.readable ? [{ field, target }] : [];
  });
}

/** `*` plus one embed per readable relation among `fieldIds`, naming the related rows. */
export function selectWithRelations(app: ViewerApp, table: Table, fieldIds: readonly string[]): string {
  const embeds = embeddable(app, table, fieldIds).map(({ field, target }) => {
    const columns = target.primary && target.primary.id !== 'id' ? `id,${target.primary.id}` : 'id';
    return `${embedAlias(field.id)}:${field.id}(${columns})`;
  });
  return ['*', ...embeds].join(',');
}

/** A related row's name: its primary field's value as text, else a short form of its id. */
export function rowName(target: RelationTarget | null, row: Record<string, unknown>): string {
  const id = String(row.id ?? '');
  const text = target?.primary
    ? displayText(target.definition, target.table, target.primary, row[target.primary.id])
    : '';
  return text || shortId(id);
}

/** Related row id → name, from the embeds of rows read with `selectWithRelations`. */
export function relationLabels(
  app: ViewerApp,
  table: Table,
  fieldIds: readonly string[],
  rows: readonly Record<string, unknown>[],
  into: Map<string, string> = new Map(),
): Map<string, string> {
  for (const { field, target } of embeddable(app, table, fieldIds))
    for (const row of rows) {
      const embedded = row[embedAlias(field.id)];
      const list = Array.isArray(embedded) ? embedded : embedded ? [embedded] : [];
      for (const item of list)
        if (item && typeof item === 'object' && 'id' in item)
          into.set(String(item.id), rowName(target, item as Record<string, unknown>));
    }
  return into;
}

/**
 * A relation value's rows, named from the read's embed, as FieldValue takes them (`related`);
 * undefined when the read could not embed them (FieldValue then shows short ids).
 */
export function relatedOf(
  app: ViewerApp,
  field: Field,
  row: Record<string, unknown>,
): RelatedRow[] | undefined {
  if (field.type !== 'relation') return undefined;
  const target = relationTarget(app, field);
  const embedded = row[embedAlias(field.id)];
  if (!target?.readable || embedded === undefined) return undefined;
  const list = Array.isArray(embedded) ? embedded : embedded ? [embedded] : [];
  return list
    .filter(
      (item): item is Record<string, unknown> => typeof item === 'object' && item !== null && 'id' in item,
    )
    .map((item) => ({ id: String(item.id), label: rowName(target, item) }));
}

/**
 * Rows of the target a picker offers for `search`: a text primary field is searched with
 * `ilike`, a number one matched exactly, anything else by the first rows in order.
 */
export function pickerQuery(
  app: ViewerApp,
  target: RelationTarget,
  search: string,
  limit = 20,
): URLSearchParams {
  const params = new URLSearchParams();
  const primary = target.primary;
  params.set('select', primary && primary.id !== 'id' ? `id,${primary.id}` : 'id');
  params.set('limit', String(limit));
  if (!primary) return params;
  const type = fieldColumnType(app.definition, target.table, primary);
  const text = search.trim();
  if (type === 'text' || type === 'number' || type === 'date' || type === 'datetime' || type === 'boolean')
    params.set('order', `${primary.id}.asc`);
  if (text === '') return params;
  if (type === 'text') params.set(primary.id, `ilike.*${likeLiteral(text)}*`);
  else if (type === 'number' && /^-?\d+(\.\d+)?$/.test(text)) params.set(primary.id, `eq.${text}`);
  return params;
}

/** The rows named by `ids` (to name the ones a value already holds). */
export function rowsByIdQuery(target: RelationTarget, ids: readonly string[]): URLSearchParams {
  const primary = target.primary;
  return new URLSearchParams({
    select: primary && primary.id !== 'id' ? `id,${primary.id}` : 'id',
    id: `in.(${ids.join(',')})`,
  });
}
