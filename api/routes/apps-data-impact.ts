import type { z } from 'zod';
import { dataChanges } from '../../runtime/components/data-impact.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import type { DataImpact } from '../../schemas/index.ts';
import { countFieldValues, countTableRows } from '../store/apps.ts';
import type { Db, JwtClaims } from '../store/db.ts';

/** The publish report's account of stored rows touched by removed or retyped fields. */
export async function describeDataImpact(
  db: Db,
  claims: JwtClaims,
  appId: string,
  before: AppDefinition | undefined,
  after: AppDefinition,
): Promise<z.infer<typeof DataImpact>[]> {
  if (!before) return [];
  const changes = dataChanges(before, after);
  if (changes.length === 0) return [];
  return db.withUser(claims, async (tx) => {
    const impact: z.infer<typeof DataImpact>[] = [];
    for (const change of changes) {
      if (change.change === 'table_removed') {
        const rows = await countTableRows(tx, appId, change.tableId);
        impact.push({
          tableId: change.tableId,
          change: change.change,
          rows,
          message: `Table "${change.label}" is gone from the app; its ${rows} row(s) stay stored, hidden, and come back if you restore the table.`,
        });
        continue;
      }
      const rows = (await countFieldValues(tx, appId, change.tableId, [change.fieldId]))[change.fieldId] ?? 0;
      impact.push({
        tableId: change.tableId,
        fieldId: change.fieldId,
        change: change.change,
        rows,
        message:
          change.change === 'field_removed'
            ? `Field "${change.label}" is removed; the ${rows} stored value(s) are kept, hidden, and come back if you restore the field.`
            : `Field "${change.label}" changed from ${change.from} to ${change.to}; its ${rows} stored value(s) are kept unchanged, and values that do not fit ${change.to} show as empty until edited.`,
      });
    }
    return impact;
  });
}
