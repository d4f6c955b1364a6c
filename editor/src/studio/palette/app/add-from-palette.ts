import type { AppDefinition, FieldType, ViewKind } from '../../../../../schemas/definitions.ts';
import { parseNodeId } from '../../graph/node-ids.ts';
import { type EditResult, refused } from '../../model/edit-result.ts';
import {
  type AutomationKind,
  addAutomation,
  addField,
  addTable,
  addView,
  fieldTypes,
  VIEW_KINDS,
} from '../../model/index.ts';
import { defaultFieldSpec } from '../../nodes/app/table/field-spec.ts';

/**
 * Palette item ids, the drag payload of `PALETTE_MIME`: `table`, `field:<type>`, `view:<kind>`,
 * `automation:<kind>`, and `automation:start_workflow:<workflow id>` (one per known workflow,
 * since that automation cannot exist without naming one).
 */
export type PaletteItemId = string;

const AUTOMATION_KINDS: readonly AutomationKind[] = ['notify', 'update_record', 'start_workflow'];

/**
 * The table a new field, view or automation goes on: the selected table, or the table of a
 * selected view or automation (the first such in selection order), else none.
 */
export function paletteTable(app: AppDefinition, selected: readonly string[]): string | undefined {
  for (const nodeId of selected) {
    const node = parseNodeId(nodeId);
    if (node?.entity === 'table' && app.tables.some((t) => t.id === node.id)) return node.id;
    if (node?.entity === 'view') {
      const tableId = app.views.find((v) => v.id === node.id)?.tableId;
      if (tableId && app.tables.some((t) => t.id === tableId)) return tableId;
    }
    if (node?.entity === 'automation') {
      const tableId = app.automations.find((a) => a.id === node.id)?.tableId;
      if (tableId && app.tables.some((t) => t.id === tableId)) return tableId;
    }
  }
  return undefined;
}

/**
 * Adds what a palette item stands for, by the model's own edits: a table; a field, view or
 * automation on `tableId` (or the first table when none is given or it is gone). A refusal's
 * reason is for the page to show ("A board's columns come from a single-select field…").
 */
export function addFromPalette(
  app: AppDefinition,
  itemId: PaletteItemId,
  options: { tableId?: string } = {},
): EditResult<AppDefinition> {
  if (itemId === 'table') return addTable(app);
  const [group, kind, ...rest] = itemId.split(':');
  const table = app.tables.find((t) => t.id === options.tableId) ?? app.tables[0];
  if (!table) return refused('Add a table first: fields, views and automations belong to a table.');
  if (group === 'field' && (fieldTypes() as string[]).includes(kind ?? ''))
    return addField(app, { tableId: table.id, spec: defaultFieldSpec(app, table, kind as FieldType) });
  if (group === 'view' && (VIEW_KINDS as readonly string[]).includes(kind ?? ''))
    return addView(app, { tableId: table.id, kind: kind as ViewKind });
  if (group === 'automation' && (AUTOMATION_KINDS as readonly string[]).includes(kind ?? '')) {
    const workflowId = rest.join(':');
    return addAutomation(app, {
      tableId: table.id,
      kind: kind as AutomationKind,
      ...(workflowId ? { workflowId } : {}),
    });
  }
  return refused(`The palette has no item "${itemId}".`);
}
