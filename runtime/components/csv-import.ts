/**
 * Importing a CSV into a table: which column feeds which field, then every row through the same
 * write pipeline as any other write (`prepareWrite`, as the app's owner creating rows), so a cell
 * is coerced, checked and computed exactly as a form or the data API would. Pure: the caller reads
 * what only the database knows (rows named in relation cells, unique values already stored) and
 * hands it in, then stores the valid rows — or, for a dry run, shows the report.
 */

import type { AppDefinition } from '../../schemas/definitions.ts';
import { DERIVED_FIELD_TYPES, type Field, type Table } from '../../schemas/definitions.ts';
import { describeValue } from './coerce-text.ts';
import { type CsvRecord, unescapeFormula } from './csv.ts';
import { type FieldError, prepareWrite } from './write.ts';
import { labelled } from './write-row.ts';

/** CSV column (as its header reads) → the field id it fills, or null: not imported. */
export type ColumnMapping = Record<string, string | null>;

/** Rows listed in a report's `invalid`; the counts cover every row. */
export const REPORTED_INVALID_ROWS = 100;

export interface CsvImportReport {
  /** Data rows in the file (blank lines and rows of empty cells are not counted). */
  total: number;
  valid: number;
  /** The first 100 rows that would fail, by the line of the file they start on (the header is line 1). */
  invalid: { line: number; errors: FieldError[] }[];
  /** Every column of the header and the field it fills (null: left out). */
  columns: ColumnMapping;
  unmappedColumns: string[];
  /** Required fields no column fills and that have no default: every row will lack them. */
  missingRequiredFields: string[];
  /**
   * Columns that name (by mapping, or by their header) a field the app sets — an autonumber, a
   * lookup, a rollup, a computed field… — and so are not imported, with the reason.
   */
  refusedColumns: RefusedColumn[];
}

/** A column left out because the field it names is set by the app. */
export interface RefusedColumn {
  column: string;
  /** The field's id. */
  field: string;
  message: string;
  /** Named by the request's mapping (refused outright when importing), not just by the header. */
  mapped: boolean;
}

export interface ImportRow {
  line: number;
  id: string;
  data: Record<string, unknown>;
  uniqueChecks: { fieldId: string; value: unknown }[];
}

export interface CsvImportPlan
  extends Pick<
    CsvImportReport,
    'total' | 'columns' | 'unmappedColumns' | 'missingRequiredFields' | 'refusedColumns'
  > {
  /** The rows ready to store, in file order. */
  rows: ImportRow[];
  failures: CsvImportReport['invalid'];
}

/** A problem with the request itself (the header or the mapping), with the body path it concerns. */
export interface ImportIssue {
  path: string;
  message: string;
}

type Relation = Extract<Field, { type: 'relation' }>;

/** Rows named by relation cells: field id → lower-cased row id or name → the ids of the rows it names. */
export type RelationMatches = ReadonlyMap<string, ReadonlyMap<string, string[]>>;

/** Fields a CSV cell may fill: not the ones the app sets, and not files (a cell cannot carry one). */
export function importableFields(table: Table): Field[] {
  return table.fields.filter((field) => !DERIVED_FIELD_TYPES.has(field.type) && field.type !== 'attachment');
}

/** The header's column names, or what is wrong with them: a blank one is `column N`, twice the same is refused. */
export function headerColumns(
  header: CsvRecord,
): { ok: true; columns: string[] } | { ok: false; issue: ImportIssue } {
  const columns = header.cells.map((cell, i) => unescapeFormula(cell).trim() || `column ${i + 1}`);
  for (let i = 0; i < columns.length; i++) {
    const again = columns.indexOf(columns[i]!, i + 1);
    if (again >= 0)
      return {
        ok: false,
        issue: {
          path: 'csv',
          message: `line ${header.line}: the column "${columns[i]}" appears twice in the header (columns ${i + 1} and ${again + 1}); rename one`,
        },
      };
  }
  return { ok: true, columns };
}

/**
 * The mapping used: the given entries, and for the other columns the importable field whose id or
 * label is the column's name (ignoring case), unless a given entry already fills that field.
 */
export function resolveMapping(
  table: Table,
  columns: readonly string[],
  given: ColumnMapping = {},
): { ok: true; mapping: ColumnMapping; refused: RefusedColumn[] } | { ok: false; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const refused: RefusedColumn[] = [];
  const importable = importableFields(table);
  const filledBy = new Map<string, string>();
  for (const [column, fieldId] of Object.entries(given)) {
    const path = `mapping.${column}`;
    if (!columns.includes(column)) {
      issues.push({
        path,
        message: `there is no column "${column}" in the CSV (columns: ${columns.join(', ')})`,
      });
      continue;
    }
    if (fieldId === null) continue;
    const field = table.fields.find((candidate) => candidate.id === fieldId);
    if (!field) issues.push({ path, message: `${table.label} has no field "${fieldId}"` });
    else if (DERIVED_FIELD_TYPES.has(field.type))
      refused.push({ column, field: field.id, message: setByApp(table, field, column), mapped: true });
    else if (field.type === 'attachment')
      issues.push({ path, message: `"${field.label}" holds uploaded files, which a CSV cannot carry` });
    else if (filledBy.has(fieldId))
      issues.push({
        path,
        message: `"${field.label}" is already filled from the column "${filledBy.get(fieldId)}"`,
      });
    else filledBy.set(fieldId, column);
  }
  if (issues.length > 0) return { ok: false, issues };
  const refusedColumns = new Set(refused.map((entry) => entry.column));
  const entries = columns.map((column): [string, string | null] => {
    if (refusedColumns.has(column)) return [column, null];
    if (Object.hasOwn(given, column)) return [column, given[column] ?? null];
    const name = column.toLowerCase();
    const field =
      importable.find((candidate) => candidate.id.toLowerCase() === name && !filledBy.has(candidate.id)) ??
      importable.find((candidate) => candidate.label.toLowerCase() === name && !filledBy.has(candidate.id));
    if (field) filledBy.set(field.id, column);
    else {
      // A column named after a field the app sets (as an export writes them) is left out, and said so.
      const derived = table.fields.filter((candidate) => DERIVED_FIELD_TYPES.has(candidate.type));
      const named =
        derived.find((candidate) => candidate.id.toLowerCase() === name) ??
        derived.find((candidate) => candidate.label.toLowerCase() === name);
      if (named)
        refused.push({ column, field: named.id, message: setByApp(table, named, column), mapped: false });
    }
    return [column, field?.id ?? null];
  });
  // fromEntries defines each key, so a column named `__proto__` is a column like any other.
  const mapping: ColumnMapping = Object.fromEntries(entries);
  return { ok: true, mapping, refused };
}

/** Why a column cannot fill a field the app sets, naming the field. */
function setByApp(table: Table, field: Field, column: string): string {
  const via = (relationFieldId: string) =>
    table.fields.find((candidate) => candidate.id === relationFieldId)?.label ?? relationFieldId;
  const skipped = `so the column "${column}" is not imported`;
  switch (field.type) {
    case 'autonumber':
      return `"${field.label}" is an autonumber: the app numbers new rows itself, in order, ${skipped}`;
    case 'lookup':
      return `"${field.label}" is a lookup through "${via(field.relationFieldId)}": it shows the related row's value, ${skipped}`;
    case 'rollup':
      return `"${field.label}" is a rollup of "${via(field.relationFieldId)}": it is computed from the related rows, ${skipped}`;
    default:
      return `"${field.label}" is set by the app and cannot be imported`;
  }
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** A relation cell's parts: the whole cell, or (to-many) its comma-separated names or ids. */
function relationParts(field: Relation, cell: string, matches?: ReadonlyMap<string, string[]>): string[] {
  const whole = cell.trim();
  if (field.cardinality === 'many_to_one' || matches?.get(whole.toLowerCase())?.length === 1) return [whole];
  return whole
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** What the caller must look up for relation cells: per relation field, every id or name its cells give. */
export function relationKeys(
  table: Table,
  mapping: ColumnMapping,
  columns: readonly string[],
  records: readonly CsvRecord[],
): { field: Relation; keys: string[] }[] {
  const wanted: { field: Relation; keys: string[] }[] = [];
  columns.forEach((column, index) => {
    const field = table.fields.find((candidate) => candidate.id === mapping[column]);
    if (field?.type !== 'relation') return;
    const keys = new Set<string>();
    for (const record of records) {
      const cell = unescapeFormula(record.cells[index] ?? '');
      if (cell.trim() === '') continue;
      keys.add(cell.trim());
      for (const part of relationParts(field, cell)) keys.add(part);
    }
    wanted.push({ field, keys: [...keys] });
  });
  return wanted;
}

/** A relation cell as row ids, or why it names no single row. */
function relationValue(
  app: AppDefinition,
  field: Relation,
  cell: string,
  matches: ReadonlyMap<string, string[]>,
) {
  const target =
    app.tables.find((candidate) => candidate.id === field.targetTableId)?.label ?? field.targetTableId;
  const ids: string[] = [];
  const problems: string[] = [];
  for (const part of relationParts(field, cell, matches)) {
    const found = matches.get(part.toLowerCase()) ?? [];
    if (found.length === 1) ids.push(found[0]!);
    else if (found.length === 0)
      problems.push(`no row of ${target} is named ${describeValue(part)} or has it as id`);
    else
      problems.push(`${found.length} rows of ${target} are named ${describeValue(part)}: give the row's id`);
  }
  if (problems.length > 0) return { ok: false as const, message: labelled(field, problems.join('; ')) };
  const unique = [...new Set(ids)];
  return { ok: true as const, value: field.cardinality === 'many_to_one' ? unique[0] : unique };
}

export interface PlanInput {
  app: AppDefinition;
  table: Table;
  columns: readonly string[];
  mapping: ColumnMapping;
  /** The data rows (without the header). */
  records: readonly CsvRecord[];
  /** The request's time, ISO 8601. */
  now: string;
  /** A new row id (a UUID). */
  newId: () => string;
  /** From `relationKeys`, looked up; without it relation cells must be row ids and are not checked. */
  relationMatches?: RelationMatches;
  /** From `resolveMapping`: columns left out because they name fields the app sets. */
  refused?: readonly RefusedColumn[];
  /**
   * What only the database knows about each row `importValues` gives (in its order): the row's
   * lookups and rollups (as `loadRelated` gives them for its values) and its autonumbers, which
   * the stored row gets too. Without it, expressions see neither.
   */
  extras?: readonly RowExtras[];
}

export interface RowExtras {
  related: Record<string, unknown>;
  autonumbers: Record<string, number | string>;
}

/** The data rows as values by field id (relation cells as row ids), before the write pipeline. */
export interface ImportValues {
  total: number;
  entries: { line: number; values: Record<string, unknown> }[];
  failures: CsvImportReport['invalid'];
}

/** Every non-blank data row as the values its cells give, or why its cells cannot be read. */
export function importValues(input: Omit<PlanInput, 'now' | 'newId' | 'extras'>): ImportValues {
  const { app, table, columns, mapping, records } = input;
  const entries: ImportValues['entries'] = [];
  const failures: ImportValues['failures'] = [];
  let total = 0;
  for (const record of records) {
    if (isBlank(record.cells)) continue;
    total++;
    const extra = record.cells.slice(columns.length);
    if (!isBlank(extra)) {
      failures.push({
        line: record.line,
        errors: [
          { message: `has ${record.cells.length} cells but the header has ${columns.length} columns` },
        ],
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    const errors: FieldError[] = [];
    columns.forEach((column, index) => {
      const fieldId = mapping[column];
      const cell = unescapeFormula(record.cells[index] ?? '');
      // An empty cell gives no value, so the field's default applies as it would in a form.
      if (!fieldId || cell.trim() === '') return;
      const field = table.fields.find((candidate) => candidate.id === fieldId);
      const matches = input.relationMatches?.get(fieldId);
      if (field?.type !== 'relation' || !matches) {
        values[fieldId] = cell;
        return;
      }
      const resolved = relationValue(app, field, cell, matches);
      if (resolved.ok) values[fieldId] = resolved.value;
      else errors.push({ field: fieldId, message: resolved.message });
    });
    if (errors.length > 0) failures.push({ line: record.line, errors });
    else entries.push({ line: record.line, values });
  }
  return { total, entries, failures };
}

/** Every data row through the write pipeline, then unique values checked across the file. */
export function planCsvImport(input: PlanInput): CsvImportPlan {
  const { app, table, columns, mapping } = input;
  const read = importValues(input);
  const rows: ImportRow[] = [];
  const failures: CsvImportPlan['failures'] = [...read.failures];
  const seen = new Map<string, number>();
  for (const [index, { line, values }] of read.entries.entries()) {
    const record = { line };
    const extras = input.extras?.[index];
    const id = input.newId();
    const result = prepareWrite({
      app,
      tableId: table.id,
      mode: 'create',
      values,
      actor: { kind: 'owner' },
      now: input.now,
      recordId: id,
      related: { ...extras?.related, ...extras?.autonumbers },
    });
    if (!result.ok) {
      failures.push({ line: record.line, errors: result.errors });
      continue;
    }
    const clashes = result.uniqueChecks.flatMap(({ fieldId, value }) => {
      const key = `${fieldId}\u0000${JSON.stringify(value)}`;
      const first = seen.get(key);
      if (first === undefined) return [];
      return [{ field: fieldId, message: uniqueMessage(table, fieldId, value, `line ${first} has it too`) }];
    });
    if (clashes.length > 0) failures.push({ line: record.line, errors: clashes });
    else {
      for (const { fieldId, value } of result.uniqueChecks)
        seen.set(`${fieldId}\u0000${JSON.stringify(value)}`, record.line);
      const data = { ...result.data, ...extras?.autonumbers };
      rows.push({ line: record.line, id, data, uniqueChecks: result.uniqueChecks });
    }
  }
  const mapped = new Set(Object.values(mapping));
  return {
    columns: mapping,
    refusedColumns: [...(input.refused ?? [])],
    unmappedColumns: columns.filter((column) => !mapping[column]),
    missingRequiredFields: importableFields(table)
      .filter((field) => field.required && !mapped.has(field.id))
      .filter((field) => !('default' in field && field.default !== undefined))
      .filter((field) => field.id !== table.stateMachine?.fieldId)
      .map((field) => field.id),
    total: read.total,
    rows,
    failures,
  };
}

function uniqueMessage(table: Table, fieldId: string, value: unknown, where: string): string {
  const field = table.fields.find((candidate) => candidate.id === fieldId);
  const shown = typeof value === 'string' ? describeValue(value) : JSON.stringify(value);
  return field ? labelled(field, `must be unique: ${shown} is already taken (${where})`) : where;
}

/** Rows whose unique values a stored row already holds move from `rows` to `failures`. */
export function withStoredClashes(
  plan: CsvImportPlan,
  table: Table,
  stored: readonly { fieldId: string; value: unknown }[],
): CsvImportPlan {
  if (stored.length === 0) return plan;
  const taken = new Set(stored.map(({ fieldId, value }) => `${fieldId}\u0000${JSON.stringify(value)}`));
  const rows: ImportRow[] = [];
  const failures = [...plan.failures];
  for (const row of plan.rows) {
    const errors = row.uniqueChecks
      .filter(({ fieldId, value }) => taken.has(`${fieldId}\u0000${JSON.stringify(value)}`))
      .map(({ fieldId, value }) => ({
        field: fieldId,
        message: uniqueMessage(table, fieldId, value, 'a stored row has it'),
      }));
    if (errors.length > 0) failures.push({ line: row.line, errors });
    else rows.push(row);
  }
  return { ...plan, rows, failures };
}

export function importReport(plan: CsvImportPlan): CsvImportReport {
  return {
    total: plan.total,
    valid: plan.rows.length,
    invalid: [...plan.failures].sort((a, b) => a.line - b.line).slice(0, REPORTED_INVALID_ROWS),
    columns: plan.columns,
    unmappedColumns: plan.unmappedColumns,
    missingRequiredFields: plan.missingRequiredFields,
    refusedColumns: plan.refusedColumns,
  };
}
