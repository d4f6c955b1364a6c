/**
 * What the end-to-end tests of one example app can check without recomputing anything by hand:
 * counts, chart numbers, a legal and an illegal card move per kanban, an event per calendar, a
 * good and a bad input per form. Built from the rows as the server stored them, so ids, autonumbers
 * and what automations changed are the real ones.
 */
import type { Builder } from '../../../api/testing/builders.ts';
import type { AppDefinition, Field, Table, View } from '../../../schemas/definitions.ts';
import { type ChartFact, chartFacts } from './charts.ts';
import type { Row, RowsByTable, SeedMonth } from './rest.ts';

export interface KanbanMove {
  rowId: string;
  /** The card's title as the board shows it. */
  title: string;
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
}

export interface KanbanFact {
  viewId: string;
  tableId: string;
  /** The single-select field the columns come from. */
  fieldId: string;
  /** Whether the field is the table's state machine (moves are then state changes). */
  stateMachine: boolean;
  /** A move the owner may make; `reversible` when moving the card back (`to → from`) is allowed too. */
  legal: KanbanMove & { reversible: boolean };
  /**
   * A move the state machine refuses (409), with the states it allows from `from` (option ids and
   * labels; the refusal names each as "→ {label}"). Null on a board without a state machine.
   */
  illegal: (KanbanMove & { allowedTargets: string[]; allowedLabels: string[] }) | null;
}

export interface CalendarFact {
  viewId: string;
  tableId: string;
  /** Null when no row of the seed passes the calendar's filter; `why` says what stops it. */
  event: {
    rowId: string;
    /** The title the calendar should show (a lookup resolved through its relation). */
    title: string;
    start: string;
    end: string | null;
    /** The day it falls on, `YYYY-MM-DD`, in the current month. */
    day: string;
    /** New values for the start (and end) fields that keep it in the current month and valid; null when none exists. */
    rescheduleTo: { start: string; end: string | null; day: string } | null;
  } | null;
  why?: string;
}

export interface FormFact {
  viewId: string;
  tableId: string;
  /** A role that may submit it (`owner` for the builder). */
  role: string;
  /** Values by field id that the server accepts; `labels` says what a relation picker shows for its ids. */
  valid: { values: Record<string, unknown>; labels: Record<string, string> };
  /** Values that break a field constraint or a validation rule, only in fields the form shows. */
  invalid: {
    values: Record<string, unknown>;
    labels: Record<string, string>;
    field?: string;
    message: string;
  };
}

export interface SignInFact {
  role: string;
  email: string;
  /** A table the role reads, how many rows it sees there, and fields hidden from it. */
  tableId: string;
  rows: number;
  hiddenFields: string[];
}

export interface ExampleFacts {
  counts: Record<string, number>;
  charts: ChartFact[];
  kanbans: KanbanFact[];
  calendars: CalendarFact[];
  forms: FormFact[];
  /** For invite-only apps: whom to invite and what they see. */
  signIn: SignInFact | null;
}

export interface SeededExample {
  rows: RowsByTable;
  facts: ExampleFacts;
}

export interface ExampleSeed {
  /** Inserts the rows through the data API as the builder, then reads every table back. */
  seedExample(
    serverUrl: string,
    builder: Builder,
    username: string,
    slug: string,
    today: Date,
  ): Promise<SeededExample>;
  /** The facts of rows as stored (pure). */
  exampleFacts(rows: RowsByTable, app: AppDefinition, today: Date): ExampleFacts;
}

export function tableOf(app: AppDefinition, tableId: string): Table {
  const table = app.tables.find((t) => t.id === tableId);
  if (!table) throw new Error(`no table ${tableId}`);
  return table;
}

function fieldOf(table: Table, fieldId: string): Field {
  const field = table.fields.find((f) => f.id === fieldId);
  if (!field) throw new Error(`no field ${table.id}.${fieldId}`);
  return field;
}

function viewOf<K extends View['kind']>(app: AppDefinition, viewId: string, kind: K) {
  const view = app.views.find((v) => v.id === viewId);
  if (view?.kind !== kind) throw new Error(`no ${kind} view ${viewId}`);
  return view as Extract<View, { kind: K }>;
}

export function rowById(rows: RowsByTable, tableId: string, id: string): Row {
  const row = rows[tableId]?.find((r) => r.id === id);
  if (!row) throw new Error(`no row ${id} in ${tableId}`);
  return row;
}

/** What a field shows for a row: its value, or for a lookup the related row's value. */
export function displayValue(
  app: AppDefinition,
  rows: RowsByTable,
  tableId: string,
  row: Row,
  fieldId: string,
): string {
  const table = tableOf(app, tableId);
  const field = fieldOf(table, fieldId);
  if (field.type === 'lookup') {
    const relation = fieldOf(table, field.relationFieldId);
    const targetId = row[field.relationFieldId];
    if (relation.type !== 'relation' || typeof targetId !== 'string') return '';
    const target = rows[relation.targetTableId]?.find((r) => r.id === targetId);
    return target ? displayValue(app, rows, relation.targetTableId, target, field.targetFieldId) : '';
  }
  const value = row[fieldId];
  return value === null || value === undefined ? '' : String(value);
}

/** The primary field's value of each related row, by id, for the relation values of a form input. */
export function relationLabels(
  app: AppDefinition,
  rows: RowsByTable,
  tableId: string,
  values: Record<string, unknown>,
): Record<string, string> {
  const table = tableOf(app, tableId);
  const labels: Record<string, string> = {};
  for (const [fieldId, value] of Object.entries(values)) {
    const field = table.fields.find((f) => f.id === fieldId);
    if (field?.type !== 'relation') continue;
    const target = tableOf(app, field.targetTableId);
    for (const id of Array.isArray(value) ? value : [value])
      labels[String(id)] = String(rowById(rows, target.id, String(id))[target.primaryFieldId]);
  }
  return labels;
}

function optionLabel(table: Table, fieldId: string, optionId: string): string {
  const field = fieldOf(table, fieldId);
  if (field.type !== 'single_select') throw new Error(`${table.id}.${fieldId} is not a single select`);
  const option = field.options.find((o) => o.id === optionId);
  if (!option) throw new Error(`${table.id}.${fieldId} has no option ${optionId}`);
  return option.label;
}

/** The states the owner may move a row to from `from` (every role's moves; guards aside). */
export function allowedTargets(table: Table, from: string): string[] {
  const machine = table.stateMachine;
  if (!machine) return [];
  const targets = machine.transitions
    .filter((t) => t.from === '*' || t.from.includes(from))
    .map((t) => t.to)
    .filter((to) => to !== from);
  return [...new Set(targets)];
}

/** A kanban view's fact from the two moves chosen for it (the illegal one only with a state machine). */
export function kanbanFact(
  app: AppDefinition,
  rows: RowsByTable,
  viewId: string,
  legal: { rowId: string; to: string },
  illegal: { rowId: string; to: string } | null,
): KanbanFact {
  const view = viewOf(app, viewId, 'kanban');
  const table = tableOf(app, view.tableId);
  const fieldId = view.groupByFieldId;
  const stateMachine = table.stateMachine?.fieldId === fieldId;
  const move = ({ rowId, to }: { rowId: string; to: string }): KanbanMove => {
    const row = rowById(rows, table.id, rowId);
    const from = String(row[fieldId]);
    return {
      rowId,
      title: displayValue(app, rows, table.id, row, view.cardTitleFieldId),
      from,
      to,
      fromLabel: optionLabel(table, fieldId, from),
      toLabel: optionLabel(table, fieldId, to),
    };
  };
  const legalMove = move(legal);
  if (stateMachine && !allowedTargets(table, legalMove.from).includes(legal.to))
    throw new Error(`${viewId}: ${legalMove.from} → ${legal.to} is not a transition`);
  const reversible = !stateMachine || allowedTargets(table, legal.to).includes(legalMove.from);
  let illegalMove: KanbanFact['illegal'] = null;
  if (stateMachine && illegal) {
    const refused = move(illegal);
    const targets = allowedTargets(table, refused.from);
    if (targets.includes(illegal.to))
      throw new Error(`${viewId}: ${refused.from} → ${illegal.to} is allowed`);
    illegalMove = {
      ...refused,
      allowedTargets: targets,
      allowedLabels: targets.map((id) => optionLabel(table, fieldId, id)),
    };
  }
  return {
    viewId,
    tableId: table.id,
    fieldId,
    stateMachine,
    legal: { ...legalMove, reversible },
    illegal: illegalMove,
  };
}

/** A calendar view's fact for one row, and where to move it (null: no day keeps it valid). */
export function calendarFact(
  app: AppDefinition,
  rows: RowsByTable,
  month: SeedMonth,
  viewId: string,
  rowId: string | null,
  rescheduleTo: { start: string; end?: string } | null,
  why?: string,
): CalendarFact {
  const view = viewOf(app, viewId, 'calendar');
  if (!rowId) return { viewId, tableId: view.tableId, event: null, ...(why ? { why } : {}) };
  const row = rowById(rows, view.tableId, rowId);
  const start = String(row[view.startFieldId]);
  const day = (value: string) => value.slice(0, 10);
  if (!month.contains(day(start))) throw new Error(`${viewId}: ${start} is not in the current month`);
  return {
    viewId,
    tableId: view.tableId,
    event: {
      rowId,
      title: displayValue(app, rows, view.tableId, row, view.titleFieldId),
      start,
      end: view.endFieldId ? String(row[view.endFieldId] ?? '') || null : null,
      day: day(start),
      rescheduleTo: rescheduleTo
        ? { start: rescheduleTo.start, end: rescheduleTo.end ?? null, day: day(rescheduleTo.start) }
        : null,
    },
  };
}

/** Another day of the month than `day` for a move in the calendar: nearby, the same week when it can be. */
export function otherDay(month: SeedMonth, day: string, notAfterToday = false): string | null {
  const current = Number(day.slice(8, 10));
  const last = notAfterToday ? month.day : month.days;
  // Days since Monday: a week view (Monday to Sunday) shows both days when the step stays within it.
  const sinceMonday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const steps = [1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6].filter((step) => {
    const candidate = current + step;
    return candidate >= 1 && candidate <= last;
  });
  const sameWeek = steps.find((step) => step >= -sinceMonday && step <= 6 - sinceMonday);
  const step = sameWeek ?? steps[0];
  return step === undefined ? null : month.date(current + step);
}

export function rowCounts(rows: RowsByTable): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([tableId, list]) => [tableId, list.length]));
}

/** The facts every app has in the same form: counts and charts. */
export function commonFacts(app: AppDefinition, rows: RowsByTable) {
  return { counts: rowCounts(rows), charts: chartFacts(app, rows) };
}
