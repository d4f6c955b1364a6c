import type { AppDefinition, Table } from '../../../../schemas/definitions.ts';
import { findTable, missing } from './app-parts.ts';
import { type EditResult, edited, quoted, refused } from './edit-result.ts';
import { checkLabel, idFromLabel, labelTaken, uniqueId, uniqueLabel } from './ids.ts';

const MAX_TABLES = 200;

/**
 * A new table: a unique id and label, and a first text field that names its rows (a table needs
 * a field, and a text primary field is what every picker and title shows). No role gets access
 * to it until the builder says so: tables not listed in a role are out of its reach.
 */
export function addTable(
  app: AppDefinition,
  args: { label?: string; id?: string } = {},
): EditResult<AppDefinition> {
  if (app.tables.length >= MAX_TABLES) return refused(`An app can have at most ${MAX_TABLES} tables.`);
  const label = uniqueLabel(
    args.label ?? 'Table',
    app.tables.map((table) => table.label),
  );
  const checked = checkLabel(label);
  if (!checked.ok) return refused(checked.reason);
  const id = uniqueId(
    args.id ?? idFromLabel(label, 'table'),
    app.tables.map((table) => table.id),
  );
  const table: Table = {
    id,
    label: checked.label,
    fields: [{ id: 'name', label: 'Name', type: 'text', required: true }],
    primaryFieldId: 'name',
  };
  return edited({ ...app, tables: [...app.tables, table] }, { created: [{ entity: 'table', id }] });
}

/** Which field names a row of the table; it must be one a person can read (not a file or a link to rows). */
export function setPrimaryField(
  app: AppDefinition,
  args: { tableId: string; fieldId: string },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const field = table.fields.find((candidate) => candidate.id === args.fieldId);
  if (!field) return refused(missing('field', args.fieldId));
  if (field.type === 'attachment' || field.type === 'relation')
    return refused(`A ${field.type} field cannot name a row; choose a text, number or date field.`);
  return edited({
    ...app,
    tables: app.tables.map((t) => (t.id === table.id ? { ...t, primaryFieldId: field.id } : t)),
  });
}

/** Renames a table: its label changes, its id (and every reference to it) stays. */
export function renameTable(
  app: AppDefinition,
  args: { tableId: string; label: string },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const checked = checkLabel(args.label);
  if (!checked.ok) return refused(checked.reason);
  if (labelTaken(checked.label, app.tables, table.id))
    return refused(`There is already a table named ${quoted(checked.label)}.`);
  return edited({
    ...app,
    tables: app.tables.map((t) => (t.id === table.id ? { ...t, label: checked.label } : t)),
  });
}

export function renameField(
  app: AppDefinition,
  args: { tableId: string; fieldId: string; label: string },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  if (!table.fields.some((field) => field.id === args.fieldId))
    return refused(missing('field', args.fieldId));
  const checked = checkLabel(args.label);
  if (!checked.ok) return refused(checked.reason);
  if (labelTaken(checked.label, table.fields, args.fieldId))
    return refused(`Table ${quoted(table.label)} already has a field named ${quoted(checked.label)}.`);
  const fields = table.fields.map((field) =>
    field.id === args.fieldId ? { ...field, label: checked.label } : field,
  );
  return edited({ ...app, tables: app.tables.map((t) => (t.id === table.id ? { ...t, fields } : t)) });
}

export function renameView(
  app: AppDefinition,
  args: { viewId: string; label: string },
): EditResult<AppDefinition> {
  if (!app.views.some((view) => view.id === args.viewId)) return refused(missing('view', args.viewId));
  const checked = checkLabel(args.label);
  if (!checked.ok) return refused(checked.reason);
  return edited({
    ...app,
    views: app.views.map((view) => (view.id === args.viewId ? { ...view, label: checked.label } : view)),
  });
}

export function renameAutomation(
  app: AppDefinition,
  args: { automationId: string; label: string },
): EditResult<AppDefinition> {
  if (!app.automations.some((automation) => automation.id === args.automationId))
    return refused(missing('automation', args.automationId));
  const checked = checkLabel(args.label);
  if (!checked.ok) return refused(checked.reason);
  return edited({
    ...app,
    automations: app.automations.map((automation) =>
      automation.id === args.automationId ? { ...automation, label: checked.label } : automation,
    ),
  });
}

export function renameApp(app: AppDefinition, args: { name: string }): EditResult<AppDefinition> {
  const checked = checkLabel(args.name);
  if (!checked.ok) return refused(checked.reason);
  return edited({ ...app, name: checked.label });
}
