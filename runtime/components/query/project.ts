import type { ColumnItem, ColumnRef, ReadQuery } from './ast.ts';
import type { RawRow } from './sql.ts';

/**
 * Turns the rows of `compileSelect` into the JSON a PostgREST client expects: one object per row
 * with exactly the selected keys, in select order. Only the selected (hence visible) fields are
 * copied, so a hidden field in `data` never reaches the answer.
 */
export function projectRows(query: ReadQuery, rows: readonly RawRow[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const entries: [string, unknown][] = [];
    let embedIndex = 0;
    for (const item of query.select) {
      if (item.kind === 'column') {
        entries.push([item.alias, columnValue(item.column, row)]);
        continue;
      }
      const embedded = parseJson(row[`embed_${embedIndex++}`]);
      if (item.relation.toMany)
        entries.push([
          item.alias,
          Array.isArray(embedded) ? embedded.map((r) => projectRow(item.columns, r)) : [],
        ]);
      else entries.push([item.alias, isRow(embedded) ? projectRow(item.columns, embedded) : null]);
    }
    // fromEntries defines own properties, so an alias like "__proto__" is just a key.
    return Object.fromEntries(entries);
  });
}

function projectRow(columns: readonly ColumnItem[], row: unknown): Record<string, unknown> | null {
  if (!isRow(row)) return null;
  return Object.fromEntries(columns.map((item) => [item.alias, columnValue(item.column, row)]));
}

function columnValue(column: ColumnRef, row: RawRow): unknown {
  switch (column.source) {
    case 'id':
      return row.id;
    case 'created_at':
    case 'updated_at':
      return timestamp(row[column.source]);
    default: {
      const data = row.data;
      if (!data || !Object.hasOwn(data, column.name)) return null;
      return data[column.name] ?? null;
    }
  }
}

/** Timestamps come back as `Date` from the drivers and as text inside embedded JSON: both become ISO strings. */
function timestamp(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') {
    const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
    return Number.isNaN(date.getTime()) ? value : date.toISOString();
  }
  return null;
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function isRow(value: unknown): value is RawRow {
  return typeof value === 'object' && value !== null && 'id' in value;
}
