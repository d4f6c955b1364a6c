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
    // FOR KEY SHARE: a concurrent delete of a named row waits for this write to end (and then
    // finds its reference), or this write waits for the delete and finds the row gone.
    const found = await tx.query<{ id: string }>(
      'select id from app_data where app_id = $1 and table_id = $2 and id = any($3::uuid[]) for key share',
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

/**
 * What a relation field does to its rows when a row it points at is deleted (`onTargetDelete`):
 * - `restrict`: the delete is refused (409) while any row outside the delete points at it;
 * - `clear` (the default, and what deleting did before the option existed): the deleted ids are
 *   removed from the field, leaving the rest of the row;
 * - `cascade`: the rows pointing at it are deleted too, and so on through their own relations.
 */
export const DEFAULT_ON_TARGET_DELETE = 'clear' as const;

/** Most rows one delete may take with it through relations set to cascade. */
export const MAX_CASCADE_ROWS = 10_000;

interface Reference {
  table: Table;
  field: RelationField;
  rule: NonNullable<RelationField['onTargetDelete']>;
}

/** Relation fields of any table of the app (the target's own included) that point at `tableId`. */
function referencesTo(app: AppDefinition, tableId: string): Reference[] {
  return app.tables.flatMap((table) =>
    relationFields(app, table.id)
      .filter((field) => field.targetTableId === tableId)
      .map((field) => ({ table, field, rule: field.onTargetDelete ?? DEFAULT_ON_TARGET_DELETE })),
  );
}

const uuidArray = (ids: Iterable<string>) => `{${[...ids].join(',')}}`;

/** Rows that point at `ids` through `field`, outside the rows being deleted. */
const REFERENCING = `app_id = $1 and table_id = $2 and data -> $3 ?| $4::text[] and id <> all($5::uuid[])`;

/**
 * Deletes rows of `tableId` and applies every relation's `onTargetDelete` to the rows that point
 * at them, all in the caller's transaction, so a refusal or a failure anywhere deletes nothing.
 *
 * The rules are the app's, chosen by its builder, so they apply whoever deletes: an end user who
 * may not delete tasks still deletes a project's tasks when its relation says cascade, and a clear
 * changes rows they may not edit. They run as the caller all the same (never as service_role):
 * row-level security lets every caller of a published app reach all of that app's rows and no
 * other app's, which is all a cascade needs, so it needs no more rights than that.
 *
 * Cascades are followed level by level; the set of rows already being deleted stops cycles
 * (self-relations, two tables pointing at each other), and MAX_CASCADE_ROWS bounds the work.
 * Restrict and clear then look only at rows outside that set. One statement deletes them all, so
 * the row counter's trigger counts them once.
 */
export async function deleteWithRelations(
  tx: Tx,
  app: AppDefinition,
  appId: string,
  tableId: string,
  ids: readonly string[],
  maxCascadeRows = MAX_CASCADE_ROWS,
): Promise<void> {
  if (ids.length === 0) return;
  const deleting = new Map<string, string>(ids.map((id) => [id, tableId]));
  let frontier = new Map<string, string[]>([[tableId, [...ids]]]);
  while (frontier.size > 0) {
    const next = new Map<string, string[]>();
    for (const [target, targetIds] of frontier)
      for (const { table, field } of referencesTo(app, target).filter((r) => r.rule === 'cascade')) {
        const rows = await tx.query<{ id: string }>(
          `select id::text as id from app_data where ${REFERENCING} for update`,
          [appId, table.id, field.id, uuidArray(targetIds), uuidArray(deleting.keys())],
        );
        for (const { id } of rows) {
          if (deleting.has(id)) continue;
          if (deleting.size - ids.length >= maxCascadeRows)
            throw new RestError(
              409,
              '54001',
              `Deleting these rows would delete more than ${maxCascadeRows} further rows through relations set to cascade`,
              `${table.id}.${field.id} cascades deletes of ${target}`,
              'Delete the rows that point at them first, in smaller parts',
            );
          deleting.set(id, table.id);
          next.set(table.id, [...(next.get(table.id) ?? []), id]);
        }
      }
    frontier = next;
  }

  const byTable = new Map<string, string[]>();
  for (const [id, table] of deleting) byTable.set(table, [...(byTable.get(table) ?? []), id]);
  const everyId = uuidArray(deleting.keys());
  for (const [target, targetIds] of byTable) {
    const references = referencesTo(app, target);
    for (const { table, field } of references.filter((r) => r.rule === 'restrict')) {
      const [{ n } = { n: 0 }] = await tx.query<{ n: number }>(
        `select count(*)::int as n from app_data where ${REFERENCING}`,
        [appId, table.id, field.id, uuidArray(targetIds), everyId],
      );
      if (n > 0) throw stillReferenced(table, field, n);
    }
    for (const { table, field } of references.filter((r) => r.rule === 'clear')) {
      await tx.query(
        `update app_data set data = case when jsonb_typeof(data -> $3) = 'array'
           then jsonb_set(data, array[$3], coalesce((select jsonb_agg(e) from jsonb_array_elements(data -> $3) e
                                                      where (e #>> '{}') <> all($4::text[])), '[]'::jsonb))
           else data - $3 end
         where ${REFERENCING}`,
        [appId, table.id, field.id, uuidArray(targetIds), everyId],
      );
    }
  }
  await tx.query('delete from app_data where app_id = $1 and id = any($2::uuid[])', [appId, everyId]);
}

/** The 409 of a restricting relation, naming where the references are and how many. */
function stillReferenced(table: Table, field: RelationField, count: number): RestError {
  const rows = count === 1 ? '1 row' : `${count} rows`;
  return new RestError(
    409,
    '23503',
    `Cannot delete: ${rows} of ${table.label} still point at it through ${field.label}, which does not allow deleting what it points at`,
    `Referenced from table "${table.id}", field "${field.id}", by ${rows}`,
    `Delete those rows or change their ${field.label} first`,
  );
}
