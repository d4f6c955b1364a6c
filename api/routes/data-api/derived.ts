import type { Actor } from '../../../runtime/components/access.ts';
import { compileDerivedValues } from '../../../runtime/components/query/index.ts';
import { dependentsOf, recomputeStoredFields } from '../../../runtime/components/write-related.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { Tx } from '../../store/db.ts';

/**
 * Lookups and rollups on the write side. A write evaluates its expressions (computed fields,
 * guards, validation rules, then automation conditions) on the row with its lookups and rollups,
 * which `loadRelated` fetches in one query for all the rows being written, in the writer's
 * transaction and under its row-level security.
 *
 * Computed fields are stored, so one that reads a lookup or rollup goes stale when the related
 * rows change. `refreshDependents` computes such fields again, in the same transaction, for the
 * rows of other tables whose lookups and rollups reach the written rows — a purchase order's
 * total when a line is added, an event's seats left when someone registers — and, since those
 * rows may in turn be read by others, follows that at most MAX_REFRESH_LEVELS deep. It does not
 * follow lookups of lookups (a row reading a value two relations away is refreshed only when the
 * row in between changes), and a refreshed row sets off no automations: nobody edited it.
 */

export interface DerivedContext {
  app: AppDefinition;
  appId: string;
  actor: Actor;
  /** The write's time, ISO 8601. */
  now: string;
}

/** How many times a refresh passes on to the rows that read the rows it changed. */
export const MAX_REFRESH_LEVELS = 3;

/** Rows of one table one refresh level computes again at most; beyond it, rows are left as they are. */
const MAX_REFRESH_ROWS = 10_000;

/** The lookups and rollups of each row (given by its `data` as it will be stored), in order. */
export async function loadRelated(
  tx: Tx,
  app: AppDefinition,
  appId: string,
  tableId: string,
  rows: readonly Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const query = rows.length > 0 ? compileDerivedValues(app, appId, tableId, rows) : null;
  if (!query) return rows.map(() => ({}));
  const answer = await tx.query<{ n: number; derived: Record<string, unknown> | null }>(
    query.text,
    query.params,
  );
  const out = rows.map(() => ({}) as Record<string, unknown>);
  for (const { n, derived } of answer) if (derived) out[Number(n) - 1] = derived;
  return out;
}

type Pending = Map<string, Set<string>>;

const idsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

const uuidArray = (ids: Iterable<string>) => `{${[...ids].join(',')}}`;

function add(pending: Pending, tableId: string, ids: Iterable<string>) {
  const set = pending.get(tableId) ?? new Set<string>();
  for (const id of ids) set.add(id);
  if (set.size > 0) pending.set(tableId, set);
}

/**
 * The rows whose stored computed fields read lookups or rollups through rows `ids` of `tableId`:
 * those whose relation names one of them now, and (`before`/`after`: the written rows' values)
 * those a relation of the written rows named before or names now, whose inverse relation the
 * write changed.
 */
export async function dependentRows(
  tx: Tx,
  ctx: DerivedContext,
  tableId: string,
  ids: readonly string[],
  written: readonly { before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] = [],
): Promise<Pending> {
  const pending: Pending = new Map();
  if (ids.length === 0) return pending;
  const dependents = dependentsOf(ctx.app, tableId);
  for (const { tableId: dependent, relationFieldId } of dependents) {
    const rows = await tx.query<{ id: string }>(
      `select id::text as id from app_data
       where app_id = $1 and table_id = $2 and data -> $3 ?| $4::text[] limit ${MAX_REFRESH_ROWS}`,
      [ctx.appId, dependent, relationFieldId, uuidArray(ids)],
    );
    add(
      pending,
      dependent,
      rows.map((row) => row.id),
    );
  }
  const table = ctx.app.tables.find((t) => t.id === tableId);
  const dependentTables = new Set(dependents.map((d) => d.tableId));
  for (const field of table?.fields ?? []) {
    if (field.type !== 'relation' || !field.inverseFieldId || !dependentTables.has(field.targetTableId))
      continue;
    for (const { before, after } of written)
      add(pending, field.targetTableId, [...idsOf(before?.[field.id]), ...idsOf(after?.[field.id])]);
  }
  const own = pending.get(tableId);
  if (own) for (const id of ids) own.delete(id);
  return pending;
}

/**
 * Computes the stored computed fields of the pending rows again and stores those that changed,
 * then does the same for the rows that read those, level by level.
 */
export async function refreshRows(tx: Tx, ctx: DerivedContext, pending: Pending, level = 0): Promise<void> {
  if (level >= MAX_REFRESH_LEVELS) return;
  for (const [tableId, idSet] of pending) {
    if (idSet.size === 0) continue;
    // In id order, so two writes refreshing the same rows lock them in the same order.
    const rows = await tx.query<{ id: string; data: Record<string, unknown> }>(
      `select id::text as id, data from app_data
       where app_id = $1 and table_id = $2 and id = any($3::uuid[]) order by id for update`,
      [ctx.appId, tableId, uuidArray(idSet)],
    );
    const related = await loadRelated(
      tx,
      ctx.app,
      ctx.appId,
      tableId,
      rows.map((row) => row.data),
    );
    const changed: { id: string; data: Record<string, unknown> }[] = [];
    rows.forEach((row, i) => {
      const data = recomputeStoredFields({ ...ctx, tableId, row, related: related[i] ?? {} });
      if (data) changed.push({ id: row.id, data });
    });
    if (changed.length === 0) continue;
    await tx.query(
      `update app_data a set data = x.data from jsonb_to_recordset($2::jsonb) as x(id uuid, data jsonb)
       where a.app_id = $1 and a.id = x.id`,
      [ctx.appId, JSON.stringify(changed)],
    );
    const next = await dependentRows(
      tx,
      ctx,
      tableId,
      changed.map((row) => row.id),
    );
    await refreshRows(tx, ctx, next, level + 1);
  }
}

/** After rows of `tableId` were inserted or updated: the rows that read them, computed again. */
export async function refreshDependents(
  tx: Tx,
  ctx: DerivedContext,
  tableId: string,
  written: readonly {
    id: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[],
): Promise<void> {
  if (written.length === 0 || !ctx.app.tables.some((t) => t.fields.some((f) => f.type === 'computed')))
    return;
  const pending = await dependentRows(
    tx,
    ctx,
    tableId,
    written.map((row) => row.id),
    written,
  );
  await refreshRows(tx, ctx, pending);
}
