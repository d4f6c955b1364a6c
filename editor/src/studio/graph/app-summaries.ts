import type { AppDefinition, Automation, Table, View } from '../../../../schemas/definitions.ts';

/** Words for what a view and an automation do, as their nodes show them. */

function fieldLabel(table: Table | undefined, fieldId: string | undefined): string {
  if (fieldId === undefined) return '—';
  return table?.fields.find((field) => field.id === fieldId)?.label ?? fieldId;
}

function fieldList(table: Table | undefined, ids: readonly string[], max = 3): string {
  const names = ids.slice(0, max).map((id) => fieldLabel(table, id));
  return ids.length > max ? `${names.join(', ')} +${ids.length - max}` : names.join(', ') || '—';
}

const CHART_AGGREGATES = { count: 'Count', sum: 'Sum', avg: 'Average', min: 'Min', max: 'Max' } as const;

/** The key settings of a view, by kind: what a builder checks first. */
export function viewSettingsSummary(
  view: View,
  table: Table | undefined,
): { label: string; value: string }[] {
  const field = (id: string | undefined) => fieldLabel(table, id);
  switch (view.kind) {
    case 'list':
      return [
        { label: 'Columns', value: fieldList(table, view.columns) },
        ...(view.groupByFieldId ? [{ label: 'Grouped by', value: field(view.groupByFieldId) }] : []),
        { label: 'Rows per page', value: String(view.pageSize) },
      ];
    case 'detail':
      return [
        { label: 'Sections', value: view.sections.map((section) => section.label).join(', ') },
        ...(view.relatedLists?.length
          ? [{ label: 'Related lists', value: String(view.relatedLists.length) }]
          : []),
      ];
    case 'form':
      return [
        {
          label: 'Mode',
          value: { create: 'Create', edit: 'Edit', create_or_edit: 'Create or edit' }[view.mode],
        },
        {
          label: 'Fields',
          value: String(view.sections.reduce((n, section) => n + section.fields.length, 0)),
        },
        {
          label: 'Who may submit',
          value: view.allowedRoles === 'anyone' ? 'Anyone' : view.allowedRoles.join(', '),
        },
      ];
    case 'card_grid':
      return [
        { label: 'Title', value: field(view.titleFieldId) },
        ...(view.imageFieldId ? [{ label: 'Image', value: field(view.imageFieldId) }] : []),
      ];
    case 'kanban':
      return [
        { label: 'Columns from', value: field(view.groupByFieldId) },
        { label: 'Card title', value: field(view.cardTitleFieldId) },
      ];
    case 'calendar':
      return [
        {
          label: 'Dates from',
          value: view.endFieldId
            ? `${field(view.startFieldId)} – ${field(view.endFieldId)}`
            : field(view.startFieldId),
        },
        { label: 'Shows', value: view.defaultRange === 'month' ? 'Month' : 'Week' },
      ];
    case 'chart':
      return [
        { label: 'Chart', value: view.chartType },
        {
          label: 'Value',
          value:
            view.aggregate === 'count'
              ? 'Count of rows'
              : `${CHART_AGGREGATES[view.aggregate]} of ${field(view.yFieldId)}`,
        },
        ...(view.xFieldId ? [{ label: 'By', value: field(view.xFieldId) }] : []),
      ];
  }
}

/** One line per action, e.g. `E-mail to role Manager`, `Update related Orders`. */
export function actionSummary(app: AppDefinition, automation: Automation, index: number): string {
  const action = automation.actions[index]!;
  const table = app.tables.find((t) => t.id === automation.tableId);
  switch (action.kind) {
    case 'notify': {
      const channel = action.channel === 'email' ? 'E-mail' : 'Notify';
      const to =
        action.to.kind === 'address'
          ? action.to.email
          : action.to.kind === 'role'
            ? `role ${app.access.roles.find((r) => r.id === (action.to as { roleId: string }).roleId)?.label ?? action.to.roleId}`
            : `the address in ${fieldLabel(table, action.to.fieldId)}`;
      return `${channel} ${to}`;
    }
    case 'update_record': {
      const fields = action.set.map((assignment) => assignment.fieldId);
      if (action.target === 'this') return `Update this row: ${fields.join(', ')}`;
      return `Update rows in ${fieldLabel(table, action.target.relationFieldId)}: ${fields.join(', ')}`;
    }
    case 'start_workflow':
      return `Start workflow ${action.workflowId}`;
  }
}
