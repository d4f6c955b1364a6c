import type { OrderTerm } from './ast.ts';
import { columnSql } from './sql-expr.ts';

/**
 * ORDER BY for every read, and the columns of the indexes that serve it: one function, so the two
 * cannot drift apart and the planner can match them.
 *
 * A field in `data` may be empty, so it sorts as two keys: a null flag, then the value, both in
 * the term's direction. `due asc nulls last` is `(due is null) asc, due asc`;
 * `due desc nulls last` is `(due is not null) desc, due desc`. Written this way every key of a
 * term runs the same way, so a keyset is one row comparison — `(flag, due, id) > (false, $1, $2)` —
 * that a btree index on the same expressions answers with a range scan. System columns are never
 * null and sort as themselves. The row id breaks ties, in the terms' direction when they share one.
 */

/** A table's order when none is asked for: oldest first, the order `app_data_table_idx` keeps. */
export const NATURAL_ORDER: readonly OrderTerm[] = [
  { column: { name: 'created_at', source: 'created_at', type: 'datetime' }, direction: 'asc', nulls: 'last' },
];

/** Whether the flag reads `is null` (true for empty values) or `is not null`. */
function flagIsNull(term: OrderTerm): boolean {
  return (term.nulls === 'last') === (term.direction === 'asc');
}

/** The term's null flag expression, or null for a system column. */
export function nullFlagSql(term: OrderTerm, alias = 'r'): string | null {
  if (term.column.source !== 'data') return null;
  return `(${columnSql(term.column, alias)} is ${flagIsNull(term) ? '' : 'not '}null)`;
}

/** The flag's value on a row whose value is empty (`isNull`) or not: the row-comparison constant. */
export function nullFlagValue(term: OrderTerm, isNull: boolean): boolean {
  return flagIsNull(term) ? isNull : !isNull;
}

/** One direction for every term, or null when they differ (then `id` goes ascending). */
export function uniformDirection(terms: readonly OrderTerm[]): 'asc' | 'desc' | null {
  return terms.every((t) => t.direction === terms[0]?.direction) ? (terms[0]?.direction ?? 'asc') : null;
}

/** The ORDER BY list (alias 'r') or the index's columns (alias ''), ending with the `id` tie-breaker. */
export function sortElements(terms: readonly OrderTerm[], alias = 'r'): string[] {
  const elements: string[] = [];
  for (const term of terms) {
    const flag = nullFlagSql(term, alias);
    if (flag) elements.push(`${flag} ${term.direction}`);
    elements.push(`${columnSql(term.column, alias)} ${term.direction}`);
    if (term.column.source === 'id') return elements; // unique: nothing after it matters
  }
  elements.push(`${alias ? `${alias}.` : ''}id ${uniformDirection(terms) ?? 'asc'}`);
  return elements;
}
