import type { WriteResult } from '../../../runtime/components/write.ts';
import { storedUniqueValues } from '../../store/app-rows.ts';
import type { Tx } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { RestError } from './errors.ts';

// Unique fields, checked against the stored rows under a lock on each value (storedUniqueValues
// takes it), so two concurrent writes of one value take turns and the second gets the 409.

type Accepted = Extract<WriteResult, { ok: true }>;

const notUnique = (where: string, fieldId: string, value: unknown, holder = 'another row already has') =>
  new RestError(409, '23505', `${where}${fieldId} must be unique: ${holder} ${JSON.stringify(value)}`);

/**
 * Unique fields of a changed row: no other row of the table may hold a value it sets. The values
 * were locked (storedUniqueValues does it too), so a concurrent write of one waits for this
 * transaction and then finds its row.
 */
export async function checkUnique(
  tx: Tx,
  app: PublishedApp,
  tableId: string,
  result: Accepted,
  selfId: string,
) {
  const [taken] = await storedUniqueValues(tx, app.appId, tableId, result.uniqueChecks, [selfId]);
  if (taken) throw notUnique('', taken.fieldId, taken.value);
}

/** Unique fields of new rows: no stored row may hold a value they set, nor two of them one value. */
export async function checkUniqueInserts(
  tx: Tx,
  app: PublishedApp,
  tableId: string,
  rows: readonly Accepted[],
  bulk: boolean,
) {
  const where = (index: number) => (bulk ? `row ${index}: ` : '');
  const firstRow = new Map<string, number>();
  for (const [index, result] of rows.entries())
    for (const { fieldId, value } of result.uniqueChecks) {
      const key = `${fieldId} ${JSON.stringify(value)}`;
      const earlier = firstRow.get(key);
      if (earlier !== undefined) throw notUnique(where(index), fieldId, value, `row ${earlier} has`);
      firstRow.set(key, index);
    }
  const [taken] = await storedUniqueValues(
    tx,
    app.appId,
    tableId,
    rows.flatMap((result) => result.uniqueChecks),
  );
  if (taken) {
    const index = firstRow.get(`${taken.fieldId} ${JSON.stringify(taken.value)}`) ?? 0;
    throw notUnique(where(index), taken.fieldId, taken.value);
  }
}
