/**
 * CSV as spreadsheets write it (RFC 4180): cells separated by commas, records by CRLF, LF or a
 * lone CR; a cell in double quotes may hold commas, line breaks and `""` for a quote. Pure: the
 * importer (csv-import.ts) and the export route both build on these functions.
 */
import type { AppDefinition, Field, Table } from '../../schemas/definitions.ts';

/** The largest CSV text accepted, in characters (about 5 MB of mostly ASCII text). */
export const CSV_MAX_CHARS = 5 * 1024 * 1024;
/** Records per file: the paid plan's rows per app, plus the header. */
export const CSV_MAX_RECORDS = 100_001;
export const CSV_MAX_CELLS = 500;

export interface CsvRecord {
  /** The line of the file the record starts on (1 = the first line), as a text editor counts. */
  line: number;
  cells: string[];
}

export type CsvParseResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; message: string };

export interface CsvParseOptions {
  delimiter?: ',' | ';' | '\t';
  maxChars?: number;
  maxRecords?: number;
  maxCells?: number;
}

const failAt = (line: number, message: string): CsvParseResult => ({
  ok: false,
  line,
  message: `line ${line}: ${message}`,
});

/** Line breaks in `text` (CRLF counts once). */
const lineBreaks = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * The records of a CSV text, a leading BOM dropped and empty lines skipped. A quote that is never
 * closed is an error naming the line where the cell opened (the usual cause: a stray `"`), since
 * everything after it would otherwise become one enormous cell.
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const { delimiter = ',', maxChars = CSV_MAX_CHARS } = options;
  const { maxRecords = CSV_MAX_RECORDS, maxCells = CSV_MAX_CELLS } = options;
  if (text.length > maxChars)
    return failAt(1, `the file is too large: at most ${maxChars} characters; split it into smaller files`);
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let quotedAny = false;
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        quotedAny = true;
        const opened = line;
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0)
            return failAt(
              opened,
              'a quoted cell is never closed: check for a stray " (write "" for a quote inside a quoted cell)',
            );
          value += text.slice(from, quote);
          if (text[quote + 1] === '"') {
            value += '"';
            from = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        line += lineBreaks(value);
        const next = text[i];
        if (i < n && next !== delimiter && next !== '\r' && next !== '\n')
          return failAt(
            line,
            `unexpected ${JSON.stringify(next)} after the closing quote of a cell (write "" for a quote inside a quoted cell)`,
          );
      } else {
        let end = i;
        while (end < n && text[end] !== delimiter && text[end] !== '\r' && text[end] !== '\n') end++;
        value = text.slice(i, end);
        i = end;
      }
      cells.push(value);
      if (cells.length > maxCells) return failAt(start, `more than ${maxCells} columns`);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') {
      i += text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else if (text[i] === '\n') {
      i++;
      line++;
    }
    if (cells.length === 1 && cells[0] === '' && !quotedAny) continue;
    records.push({ line: start, cells });
    if (records.length > maxRecords)
      return failAt(start, `more than ${maxRecords - 1} rows; split the file into smaller ones`);
  }
  return { ok: true, records };
}

const NEEDS_QUOTES = /[",;\t\r\n]|^\s|\s$/;

/** One cell as CSV: quoted (quotes doubled) when it holds a separator, a quote, a line break or edge spaces. */
export function csvCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function serializeCsv(records: readonly (readonly string[])[]): string {
  return records.map(csvLine).join('');
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made inert for spreadsheets: Excel, LibreOffice and Google Sheets run a cell that
 * starts with `=`, `+`, `-` or `@` (or a tab or CR before one) as a formula, so an end user's
 * `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` would run on the builder's machine. A leading `'`
 * makes the spreadsheet show the text as it is (OWASP's advice for CSV injection).
 */
export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The inverse, for import: a cell exported by `escapeFormula` comes back as it was stored. */
export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

// ---- Cells for export: stored values as a person reads them (and as the importer reads back). ----

/** Rows of other tables an export shows through relations, lookups and rollups: table id → row id → data. */
export type RelatedRows = ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown>>>;

type Relation = Extract<Field, { type: 'relation' }>;

const idsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v) => typeof v === 'string')
      : [];

/** The relation a relation, lookup or rollup field reads through. */
function relationOf(table: Table, field: Field): Relation | undefined {
  const id = field.type === 'relation' ? field.id : 'relationFieldId' in field ? field.relationFieldId : '';
  const relation = table.fields.find((candidate) => candidate.id === id);
  return relation?.type === 'relation' ? relation : undefined;
}

/** The rows of other tables that `fields` show for `rows`: target table id → row ids. */
export function relatedRowIds(
  table: Table,
  fields: readonly Field[],
  rows: readonly Record<string, unknown>[],
): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  for (const field of fields) {
    const relation = relationOf(table, field);
    if (!relation) continue;
    const ids = wanted.get(relation.targetTableId) ?? new Set<string>();
    for (const row of rows) for (const id of idsOf(row[relation.id])) ids.add(id);
    wanted.set(relation.targetTableId, ids);
  }
  return wanted;
}

const round = (n: number) => Math.round(n * 1e10) / 1e10;

/** `2026-01-31 09:30` in UTC (seconds only when there are some): spreadsheets and the importer read it. */
function dateTimeText(value: string): string {
  const iso = new Date(Date.parse(value)).toISOString();
  const seconds = iso.slice(16, 23) === ':00.000' ? '' : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds}`;
}

/** Seconds as `1d 2h 30m 15s`, which `coerceDuration` reads back. */
function durationText(seconds: number): string {
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3_600), 'h'],
    [Math.floor((seconds % 3_600) / 60), 'm'],
    [round(seconds % 60), 's'],
  ];
  return (
    parts
      .filter(([amount]) => amount !== 0)
      .map(([amount, unit]) => `${amount}${unit}`)
      .join(' ') || '0s'
  );
}

interface Shown {
  text: string;
  /** A number, date or yes/no the export wrote itself: no formula can hide in it. */
  inert: boolean;
}

const plain = (value: unknown): Shown => ({
  text: typeof value === 'string' ? value : JSON.stringify(value),
  inert: false,
});
const number = (value: unknown, suffix = ''): Shown =>
  typeof value === 'number' ? { text: `${round(value)}${suffix}`, inert: true } : plain(value);
const yesNo = (value: unknown): Shown => ({ text: value ? 'Yes' : 'No', inert: true });
const moment = (value: unknown): Shown =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value))
    ? { text: dateTimeText(value), inert: true }
    : plain(value);

/** One stored value of a field (not a lookup or rollup) as text. */
function shown(app: AppDefinition, field: Field, value: unknown, related: RelatedRows, hop: number): Shown {
  if (value === null || value === undefined || value === '') return { text: '', inert: true };
  switch (field.type) {
    case 'number':
    case 'rating':
    case 'currency':
    case 'autonumber':
      return number(value);
    case 'percent':
      return number(value, '%');
    case 'duration':
      return typeof value === 'number' ? { text: durationText(value), inert: true } : plain(value);
    case 'boolean':
      return yesNo(value);
    case 'datetime':
    case 'created_at':
    case 'updated_at':
      return moment(value);
    case 'single_select':
      return plain(field.options.find((option) => option.id === value)?.label ?? value);
    case 'multi_select':
      return plain(
        idsOf(value)
          .map((id) => field.options.find((o) => o.id === id)?.label ?? id)
          .join(', '),
      );
    case 'attachment':
      return plain(
        Array.isArray(value) ? value.map((file) => (file as { name?: unknown }).name).join(', ') : '',
      );
    case 'computed':
      if (field.resultType === 'number') return number(value);
      if (field.resultType === 'boolean') return yesNo(value);
      return field.resultType === 'datetime' ? moment(value) : plain(value);
    case 'relation': {
      // The related rows' names (primary fields); ids where a row or a second hop is not at hand.
      const target = app.tables.find((candidate) => candidate.id === field.targetTableId);
      const primary = target?.fields.find((candidate) => candidate.id === target.primaryFieldId);
      const names = idsOf(value).map((id) => {
        const data = hop === 0 ? related.get(field.targetTableId)?.get(id) : undefined;
        const name = data && primary ? shown(app, primary, data[primary.id], related, hop + 1).text : '';
        return name || id;
      });
      return plain(names.join(', '));
    }
    default:
      return plain(value);
  }
}

/** A lookup (the related rows' field) or a rollup (aggregated over them), from the fetched related rows. */
function throughRelation(
  app: AppDefinition,
  table: Table,
  field: Extract<Field, { type: 'lookup' | 'rollup' }>,
  row: Record<string, unknown>,
  related: RelatedRows,
): Shown {
  const relation = relationOf(table, field);
  const target = app.tables.find((candidate) => candidate.id === relation?.targetTableId);
  if (!relation || !target) return { text: '', inert: true };
  const byId = related.get(target.id);
  const rows = idsOf(row[relation.id])
    .map((id) => byId?.get(id))
    .filter((data) => data !== undefined);
  const targetField = target.fields.find((candidate) => candidate.id === field.targetFieldId);
  if (field.type === 'rollup' && field.aggregate === 'count') return number(rows.length);
  if (!targetField) return { text: '', inert: true };
  // A lookup or rollup of a lookup or rollup would need another hop of rows: left empty.
  if (targetField.type === 'lookup' || targetField.type === 'rollup') return { text: '', inert: true };
  const values = rows.map((data) => data[targetField.id]).filter((v) => v !== null && v !== undefined);
  if (field.type === 'lookup') {
    const parts = values.map((value) => shown(app, targetField, value, related, 1));
    return {
      text: parts.map((p) => p.text).join(', '),
      inert: parts.length <= 1 && parts.every((p) => p.inert),
    };
  }
  if (values.length === 0) return { text: '', inert: true };
  if (field.aggregate === 'min' || field.aggregate === 'max') {
    const sorted = values.sort((a, b) =>
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
    );
    return shown(app, targetField, field.aggregate === 'min' ? sorted[0] : sorted.at(-1), related, 1);
  }
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const sum = numbers.reduce((a, b) => a + b, 0);
  return number(field.aggregate === 'sum' ? sum : sum / Math.max(numbers.length, 1));
}

/** A field's cell in an export: formula-escaped unless it is a number, date or yes/no written here. */
export function exportCell(
  app: AppDefinition,
  table: Table,
  field: Field,
  row: Record<string, unknown>,
  related: RelatedRows,
): string {
  const cell =
    field.type === 'lookup' || field.type === 'rollup'
      ? throughRelation(app, table, field, row, related)
      : shown(app, field, row[field.id], related, 0);
  return cell.inert ? cell.text : escapeFormula(cell.text);
}

/** The header of an export: field labels, with the field id added where two fields share a label. */
export function exportHeader(fields: readonly Field[]): string[] {
  const seen = new Set<string>();
  return fields.map((field) => {
    const label = seen.has(field.label.toLowerCase()) ? `${field.label} (${field.id})` : field.label;
    seen.add(field.label.toLowerCase());
    return escapeFormula(label);
  });
}
