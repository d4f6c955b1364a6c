import type { ColumnType } from '../../../../../runtime/components/query/ast.ts';
import { fieldColumnType } from '../../../../../runtime/components/query/columns.ts';
import type { AppDefinition, Table } from '../../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../../schemas/app/fields.ts';
import type { SortKey } from '../../../../../schemas/app/filters.ts';

/**
 * What a page of rows reads besides its filter: the columns (with the names of related rows
 * embedded, so a relation shows a name, not an id) and the order the rows come in.
 */

/** How a field's values compare (the same function the server resolves columns with). */
export function columnTypeOf(definition: AppDefinition, table: Table, field: Field): ColumnType {
  if (field.type === 'created_at' || field.type === 'updated_at') return 'datetime';
  return fieldColumnType(definition, table, field);
}

/** Whether a column can be sorted by: lists and files cannot, and a relation would sort by row id. */
export function isSortable(definition: AppDefinition, table: Table, field: Field): boolean {
  if (field.type === 'relation' || field.type === 'created_by' || field.type === 'attachment') return false;
  const type = columnTypeOf(definition, table, field);
  return type !== 'array' && type !== 'json';
}

/** Whether rows can be put in order of a field (lists and files cannot), e.g. to keep a group together. */
export function isOrderable(definition: AppDefinition, table: Table, field: Field): boolean {
  const type = columnTypeOf(definition, table, field);
  return type !== 'array' && type !== 'json';
}

/**
 * The order rows come in: the group field first (so a group's rows are together), then the
 * column the person sorted by, then the view's own sort. A field appears once, where it first does.
 */
export function orderKeys(options: {
  groupBy?: SortKey | null;
  user?: SortKey | null;
  view?: readonly SortKey[];
}): SortKey[] {
  const keys: SortKey[] = [];
  const all = [options.groupBy, options.user, ...(options.view ?? [])];
  // The person's direction for the group field wins over the group's default ascending order.
  if (options.groupBy && options.user?.fieldId === options.groupBy.fieldId) all[0] = options.user;
  for (const key of all) if (key && !keys.some((k) => k.fieldId === key.fieldId)) keys.push(key);
  return keys;
}

export interface RelationEmbed {
  fieldId: string;
  /** The key the related rows come back under: `ref-{field's position}` (a `-` never occurs in a field id). */
  alias: string;
  targetTable: Table;
  /** The target's field that names a row, when the caller can see it. */
  labelFieldId: string | null;
}

/** For each relation among the fields, how to fetch the related rows' names alongside. */
export function relationEmbeds(
  definition: AppDefinition,
  table: Table,
  fieldIds: readonly string[],
): RelationEmbed[] {
  return [...new Set(fieldIds)].flatMap((id) => {
    const index = table.fields.findIndex((f) => f.id === id);
    const field = table.fields[index];
    if (field?.type !== 'relation') return [];
    const targetTable = definition.tables.find((t) => t.id === field.targetTableId);
    if (!targetTable) return [];
    const label = targetTable.fields.find((f) => f.id === targetTable.primaryFieldId);
    return [
      {
        fieldId: id,
        alias: `ref-${index}`,
        targetTable,
        labelFieldId: label && label.type !== 'attachment' ? label.id : null,
      },
    ];
  });
}

/** `select=id,a,b,ref-0:rel(id,name)`: the row id, the fields shown, and names of related rows. */
export function selectParam(definition: AppDefinition, table: Table, fieldIds: readonly string[]): string {
  const ids = [...new Set(fieldIds)].filter((id) => id !== 'id' && table.fields.some((f) => f.id === id));
  const embeds = relationEmbeds(definition, table, ids).flatMap((embed) =>
    embed.labelFieldId ? [`${embed.alias}:${embed.fieldId}(id,${embed.labelFieldId})`] : [],
  );
  return ['id', ...ids, ...embeds].join(',');
}
