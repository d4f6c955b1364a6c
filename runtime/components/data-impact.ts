import type { AppDefinition } from '../../schemas/definitions.ts';

export type DataChange =
  | { change: 'table_removed'; tableId: string; label: string }
  | { change: 'field_removed'; tableId: string; fieldId: string; label: string }
  | { change: 'field_retyped'; tableId: string; fieldId: string; label: string; from: string; to: string };

/**
 * What a new published version does to rows stored under the old one: tables and fields that
 * disappear, and fields whose type changes. Stored values are never deleted by a publish — rows
 * keep them in storage — so these are reported, not executed.
 */
export function dataChanges(before: AppDefinition, after: AppDefinition): DataChange[] {
  const changes: DataChange[] = [];
  const afterTables = new Map(after.tables.map((t) => [t.id, t]));
  for (const table of before.tables) {
    const next = afterTables.get(table.id);
    if (!next) {
      changes.push({ change: 'table_removed', tableId: table.id, label: table.label });
      continue;
    }
    const nextFields = new Map(next.fields.map((f) => [f.id, f]));
    for (const field of table.fields) {
      const now = nextFields.get(field.id);
      if (!now)
        changes.push({ change: 'field_removed', tableId: table.id, fieldId: field.id, label: field.label });
      else if (now.type !== field.type) {
        changes.push({
          change: 'field_retyped',
          tableId: table.id,
          fieldId: field.id,
          label: field.label,
          from: field.type,
          to: now.type,
        });
      }
    }
  }
  return changes;
}
