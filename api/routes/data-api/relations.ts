import type { AppDefinition, Table } from '../../../schemas/definitions.ts';
import type { Tx } from '../../store/db.ts';
import { RestError } from './errors.ts';

type RelationField = Extract<Table['fields'][number], { type: 'relation' }>;

const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

function relationFields(app: AppDefinition, tableId: string): RelationField[] {
  const table = app.tables.find((t) => t.id === tableId);
  return (table?.fields.filter((f) => f.type === 'relation') ?? []) as RelationField[];
}

/** Every related row a write names must exist in the relation's target table of the same app. */
export async function checkRelations(
  tx: Tx,
  app: AppDefinition,
  appId: string,
  tableId: string,
  data: Record<string, unknown>,
) {
  for (const field of relationFields(app, tableId)) {
    const ids = [...new Set(idsOf(data[field.id]))];
    if (ids.length === 0) continue;
    const found = await tx.query<{ id: string }>(
      'select id from app_data where app_id = $1 and table_id = $2 and id = any($3::uuid[])',
      [appId, field.targetTableId, `{${ids.join(',')}}`],
    );
    const missing = ids.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) {
      throw new RestError(
        400,
        '23503',
        `${field.id}: no row ${missing.join(', ')} in ${field.targetTableId}`,
      );
    }
  }
}

/**
 * Keeps the other side of each relation in step with a written row: each relation field stores
 * its own ids, so setting `task.project = P` adds the task to `P.tasks` and removes it from the
 * project it left. Runs in the write's transaction, as the same caller.
 */
export async function syncInverses(
  tx: Tx,
  app: AppDefinition,
  appId: string,
  tableId: string,
  rowId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
) {
  for (const field of relationFields(app, tableId)) {
    if (!field.inverseFieldId) continue;
    const inverse = relationFields(app, field.targetTableId).find((f) => f.id === field.inverseFieldId);
    if (!inverse) continue;
    const old = new Set(idsOf(before?.[field.id]));
    const now = new Set(idsOf(after?.[field.id]));
    const removed = [...old].filter((id) => !now.has(id));
    const added = [...now].filter((id) => !old.has(id));
    const key = inverse.id;
    if (removed.length > 0) {
      await tx.query(
        inverse.cardinality === 'many_to_one'
          ? `update app_data set data = data - $4 where app_id = $1 and table_id = $2 and id = any($3::uuid[]) and data ->> $4 = $5`
          : `update app_data set data = jsonb_set(data, array[$4], coalesce((select jsonb_agg(e) from jsonb_array_elements(data -> $4) e where e <> to_jsonb($5::text)), '[]'::jsonb))
             where app_id = $1 and table_id = $2 and id = any($3::uuid[]) and jsonb_typeof(data -> $4) = 'array'`,
        [appId, field.targetTableId, `{${removed.join(',')}}`, key, rowId],
      );
    }
    if (added.length > 0) {
      await tx.query(
        inverse.cardinality === 'many_to_one'
          ? `update app_data set data = jsonb_set(data, array[$4], to_jsonb($5::text)) where app_id = $1 and table_id = $2 and id = any($3::uuid[])`
          : `update app_data set data = jsonb_set(data, array[$4],
               case when jsonb_typeof(data -> $4) = 'array' and not (data -> $4) @> jsonb_build_array($5::text)
                    then (data -> $4) || jsonb_build_array($5::text)
                    when jsonb_typeof(data -> $4) = 'array' then data -> $4
                    else jsonb_build_array($5::text) end)
             where app_id = $1 and table_id = $2 and id = any($3::uuid[])`,
        [appId, field.targetTableId, `{${added.join(',')}}`, key, rowId],
      );
    }
  }
}
