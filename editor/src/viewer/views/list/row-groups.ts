import type { Row } from '../../api/client.ts';

export interface RowGroup {
  /** Stable within a page: the group value as JSON. */
  key: string;
  value: unknown;
  rows: Row[];
}

/**
 * Rows in runs of the same group value, in the order they came (the query sorts by the group
 * field first, so each value is one run). Without a group field, one group holds every row.
 */
export function groupRows(rows: readonly Row[], fieldId: string | null): RowGroup[] {
  if (!fieldId) return [{ key: '', value: null, rows: [...rows] }];
  const groups: RowGroup[] = [];
  for (const row of rows) {
    const value = row[fieldId] ?? null;
    const key = JSON.stringify(value);
    const last = groups.at(-1);
    if (last && last.key === key) last.rows.push(row);
    else groups.push({ key, value, rows: [row] });
  }
  return groups;
}
