/**
 * A kanban board's columns: one per option of the grouping field, in the field's order and
 * colours, then "No value" for rows without one (or with an option the field no longer has).
 * Moving a card is setting that field; a refused move puts the card back where it was.
 */

import type { Field } from '../../../../../schemas/app/fields.ts';
import type { Color } from '../../../../../schemas/common.ts';

export type GroupField = Extract<Field, { type: 'single_select' }>;

/** The key of the "No value" column (option ids are identifiers, so this cannot be one). */
export const NO_VALUE = '-none-';

export interface KanbanColumn<R> {
  /** The option id, or NO_VALUE. */
  key: string;
  label: string;
  color: Color | null;
  rows: R[];
}

type AnyRow = Record<string, unknown> & { id: string };

/** The column a row belongs in. */
export function columnKeyOf(field: GroupField, row: AnyRow): string {
  const value = row[field.id];
  return typeof value === 'string' && field.options.some((option) => option.id === value) ? value : NO_VALUE;
}

/**
 * The board's columns with their rows (in the order given). "No value" is shown when it holds
 * cards, or when a card may be moved there (the field is not required).
 */
export function kanbanColumns<R extends AnyRow>(field: GroupField, rows: readonly R[]): KanbanColumn<R>[] {
  const columns: KanbanColumn<R>[] = field.options.map((option) => ({
    key: option.id,
    label: option.label,
    color: option.color,
    rows: [],
  }));
  const none: KanbanColumn<R> = { key: NO_VALUE, label: 'No value', color: null, rows: [] };
  const byKey = new Map(columns.map((column) => [column.key, column]));
  for (const row of rows) (byKey.get(columnKeyOf(field, row)) ?? none).rows.push(row);
  if (none.rows.length > 0 || !field.required) columns.push(none);
  return columns;
}

/** The value a move to a column writes. */
export const valueOfColumn = (key: string): string | null => (key === NO_VALUE ? null : key);

/** The rows with one row's grouping value changed (an optimistic move, or putting it back). */
export function withGroupValue<R extends AnyRow>(
  rows: readonly R[],
  rowId: string,
  fieldId: string,
  value: unknown,
): R[] {
  return rows.map((row) => (row.id === rowId ? { ...row, [fieldId]: value } : row));
}

/** The column before or after a card's own, for the keyboard's "move left / right". */
export function neighbourKey<R>(
  columns: readonly KanbanColumn<R>[],
  key: string,
  direction: -1 | 1,
): string | null {
  const index = columns.findIndex((column) => column.key === key);
  const next = columns[index + direction];
  return index >= 0 && next ? next.key : null;
}

/** What the live region says after a move, or after a refused one. */
export function moveMessage(
  title: string,
  to: string,
  outcome: { ok: true } | { ok: false; reason: string; allowed: string | null },
): string {
  if (outcome.ok) return `Moved “${title}” to ${to}.`;
  const allowed =
    outcome.allowed && !outcome.reason.includes(outcome.allowed) ? ` Allowed moves: ${outcome.allowed}.` : '';
  return `“${title}” stays where it was: ${outcome.reason}${allowed}`;
}
