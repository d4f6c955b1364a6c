/**
 * Autonumbers of new rows, per app + table + field, from a counter row in `app_autonumbers`
 * (migration 20261125019100). Taking numbers updates that row in the caller's transaction, so
 * concurrent inserts take turns on it and each gets the numbers after the other's; a transaction
 * that rolls back gives its numbers back with it (no gaps), and a deleted row's number is never
 * handed out again (the counter only goes up). Runs as the caller, under row-level security.
 */
import type { Table } from '../../schemas/definitions.ts';
import type { Tx } from './db.ts';

type AutonumberField = Extract<Table['fields'][number], { type: 'autonumber' }>;

/** Digits a prefixed number is padded to ("PO-0042"), so prefixed numbers sort as text in order. */
export const PREFIXED_DIGITS = 4;

/** A number as the field stores it: a number, or with its prefix as text. */
export function formatAutonumber(field: AutonumberField, n: number): number | string {
  return field.prefix === undefined ? n : `${field.prefix}${String(n).padStart(PREFIXED_DIGITS, '0')}`;
}

/**
 * Takes `count` numbers for each autonumber field of the table and returns, per new row in order,
 * the values by field id (empty objects when the table has none). The first number of a field is
 * its `start` (1 when not given); raising `start` later skips ahead, lowering it never goes back.
 * Fields are taken in id order, so two inserts never wait for each other in a circle.
 */
export async function takeAutonumbers(
  tx: Tx,
  app: { appId: string; ownerId: string },
  table: Table,
  count: number,
): Promise<Record<string, number | string>[]> {
  const rows = Array.from({ length: count }, () => ({}) as Record<string, number | string>);
  const fields = table.fields
    .filter((field): field is AutonumberField => field.type === 'autonumber')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (count === 0) return rows;
  for (const field of fields) {
    const [taken] = await tx.query<{ last: string }>(
      `insert into public.app_autonumbers as c (app_id, user_id, table_id, field_id, last_value)
       values ($1, $2, $3, $4, $5::bigint + $6::bigint - 1)
       on conflict (app_id, table_id, field_id)
       do update set last_value = greatest(c.last_value, $5::bigint - 1) + $6::bigint
       returning c.last_value::text as last`,
      [app.appId, app.ownerId, table.id, field.id, field.start ?? 1, count],
    );
    const first = Number(taken!.last) - count + 1;
    rows.forEach((row, i) => {
      row[field.id] = formatAutonumber(field, first + i);
    });
  }
  return rows;
}

/**
 * The numbers `takeAutonumbers` would give `count` new rows now, without taking them (nothing is
 * written or locked): for a preview, such as a dry run of an import. A concurrent insert may take
 * them first, so a write takes its numbers with `takeAutonumbers`.
 */
export async function peekAutonumbers(
  tx: Tx,
  app: { appId: string },
  table: Table,
  count: number,
): Promise<Record<string, number | string>[]> {
  const rows = Array.from({ length: count }, () => ({}) as Record<string, number | string>);
  const fields = table.fields.filter((field): field is AutonumberField => field.type === 'autonumber');
  if (count === 0) return rows;
  for (const field of fields) {
    const [counter] = await tx.query<{ last: string }>(
      `select last_value::text as last from public.app_autonumbers
       where app_id = $1 and table_id = $2 and field_id = $3`,
      [app.appId, table.id, field.id],
    );
    const start = field.start ?? 1;
    const first = counter ? Math.max(Number(counter.last), start - 1) + 1 : start;
    rows.forEach((row, i) => {
      row[field.id] = formatAutonumber(field, first + i);
    });
  }
  return rows;
}
