import type { AutomationAction, ViewKind } from '../../../../../../schemas/definitions.ts';

/** What builders call each view kind, with a glyph for the node's badge. */
export const VIEW_KIND_INFO: Record<ViewKind, { name: string; glyph: string; blurb: string }> = {
  list: { name: 'List', glyph: '☰', blurb: 'Rows in a table with columns' },
  detail: { name: 'Detail', glyph: '▤', blurb: 'One row, field by field' },
  form: { name: 'Form', glyph: '✎', blurb: 'A form that adds or edits rows' },
  card_grid: { name: 'Cards', glyph: '▦', blurb: 'Rows as cards, with a picture' },
  kanban: { name: 'Board', glyph: '▥', blurb: 'Cards in columns by status' },
  calendar: { name: 'Calendar', glyph: '31', blurb: 'Rows placed on their dates' },
  chart: { name: 'Chart', glyph: '▟', blurb: 'Bars, lines, a pie or a number' },
};

export const ACTION_KIND_INFO: Record<
  AutomationAction['kind'],
  { name: string; glyph: string; blurb: string }
> = {
  notify: { name: 'Notify', glyph: '✉', blurb: 'Send an e-mail or an in-app message' },
  update_record: { name: 'Update rows', glyph: '✎', blurb: 'Set fields of this row or related rows' },
  start_workflow: { name: 'Start a workflow', glyph: '▶', blurb: 'Run one of your workflows' },
};
