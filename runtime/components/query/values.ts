import { type ColumnRef, type ColumnType, fail } from './ast.ts';

/**
 * Checks a filter value against its column's type before it goes to the database, so a bad value
 * is a 400 naming the column rather than a cast error from Postgres. Values stay strings; the
 * compiler casts the parameter (`$3::numeric`).
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})([T ](\d{2}):(\d{2})(:(\d{2})(\.\d{1,6})?)?)?(Z|z|[+-]\d{2}(:?\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BOOLEANS: Record<string, 'true' | 'false'> = {
  true: 'true',
  t: 'true',
  yes: 'true',
  on: 'true',
  '1': 'true',
  false: 'false',
  f: 'false',
  no: 'false',
  off: 'false',
  '0': 'false',
};

/** Postgres text cannot hold NUL; refuse it here rather than let the driver fail. */
export function checkText(value: string, where: string): string {
  if (value.includes('\u0000')) fail('22P02', `values may not contain the NUL character (in ${where})`);
  return value;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function validDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1;
}

const EXAMPLES: Partial<Record<ColumnType, string>> = {
  number: 'a number like 42 or -1.5',
  boolean: 'true or false',
  date: 'a date like 2026-01-31',
  datetime: 'a date-time like 2026-01-31T09:00:00Z',
  uuid: 'a row id (a UUID)',
};

/** The value in the form the compiler sends, or null when it does not fit the type. */
export function normalizeValue(type: ColumnType, value: string): string | null {
  switch (type) {
    case 'number':
      return NUMBER.test(value) ? value : null;
    case 'boolean':
      return BOOLEANS[value.toLowerCase()] ?? null;
    case 'date': {
      const m = DATE.exec(value);
      return m && validDate(m[1]!, m[2]!, m[3]!) ? value : null;
    }
    case 'datetime': {
      const m = DATETIME.exec(value);
      if (!m || !validDate(m[1]!, m[2]!, m[3]!)) return null;
      if (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[8] ?? 0) > 59))
        return null;
      return value;
    }
    case 'uuid':
      return UUID.test(value) ? value.toLowerCase() : null;
    default:
      return value.includes('\u0000') ? null : value;
  }
}

export function checkValue(column: ColumnRef, value: string, where: string): string {
  checkText(value, where);
  const normal = normalizeValue(column.type, value);
  if (normal === null) {
    const plus = column.type === 'datetime' && / \d{2}(:?\d{2})?$/.test(value);
    fail(
      '22P02',
      `"${value}" is not ${EXAMPLES[column.type] ?? 'a valid value'} (column "${column.name}" in ${where})`,
      {
        ...(plus ? { hint: 'A "+" in a URL reads as a space; write the offset as %2B, e.g. %2B02:00.' } : {}),
      },
    );
  }
  return normal;
}
