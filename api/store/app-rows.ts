/**
 * Rows of an app: CSV import and export (as the builder) and the data API's inserts and unique
 * checks (as whoever calls the published app). Every function runs inside the caller's
 * transaction, so row-level security keeps it to the apps that caller may reach.
 */
import type { Tx } from './db.ts';

/** The definition rows are checked against: the published version once there is one, else the latest draft. */
export async function dataDefinition(
  tx: Tx,
  appId: string,
): Promise<{ version: number; published: boolean; definition: unknown } | null> {
  const [row] = await tx.query<{ version: number; published: boolean; definition: unknown }>(
    `select v.version, a.published_version is not null as published, v.definition
     from app_definitions a
     join definition_versions v on v.app_id = a.id and v.version = coalesce(a.published_version, a.current_version)
     where a.id = $1`,
    [appId],
  );
  return row ?? null;
}

/** The app's stored rows and its owner's plan limit on them. */
export async function rowAllowance(
  tx: Tx,
  appId: string,
): Promise<{ current: number; max: number | null; plan: string } | null> {
  const [row] = await tx.query<{ current: number; max: number | null; plan: string }>(
    `select a.row_count as current, p.rows_per_app as max, p.id as plan
     from app_definitions a join profiles pr on pr.id = a.user_id join plans p on p.id = pr.plan
     where a.id = $1`,
    [appId],
  );
  return row ?? null;
}

type UniqueCheck = { fieldId: string; value: unknown };

/** A value's JSON with object keys sorted, so equal jsonb values give one lock key. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** Most values of one field a transaction locks one by one; beyond it, it locks the whole field. */
const VALUE_LOCKS_PER_FIELD = 32;

/** What each open transaction has locked already, so a second call takes nothing twice. */
const heldLocks = new WeakMap<Tx, { fields: Set<string>; values: Set<string> }>();

/**
 * Locks unique values until the transaction ends, so that checking them (storedUniqueValues) and
 * then storing them cannot race: two writes of one value take turns, and the second sees the
 * first's row. Advisory locks keyed by (app, table, field, value); `pg_advisory_xact_lock` and
 * `hashtextextended` are executable by every role, so this runs under the caller's RLS role.
 *
 * Each advisory lock takes a slot in the server's shared lock table (max_locks_per_transaction,
 * 64 by default, per connection), so a write with more than VALUE_LOCKS_PER_FIELD values of one
 * field (a bulk insert, a CSV import) locks that field exclusively instead. Writes of a few values
 * hold the field lock shared, which is how the two kinds exclude each other. Locks are taken field
 * by field in id order, values in key order, so two writes never wait for each other in a circle.
 */
export async function lockUniqueValues(
  tx: Tx,
  appId: string,
  tableId: string,
  checks: readonly UniqueCheck[],
): Promise<void> {
  const held = heldLocks.get(tx) ?? { fields: new Set<string>(), values: new Set<string>() };
  heldLocks.set(tx, held);
  const byField = new Map<string, Set<string>>();
  for (const { fieldId, value } of checks)
    byField.set(fieldId, (byField.get(fieldId) ?? new Set()).add(canonicalJson(value)));
  const locks: { key: string; shared: boolean }[] = [];
  for (const fieldId of [...byField.keys()].sort()) {
    const fieldKey = JSON.stringify(['unique', appId, tableId, fieldId]);
    if (held.fields.has(fieldKey)) continue;
    const values = [...byField.get(fieldId)!]
      .map((json) => `${fieldKey} ${json}`)
      .filter((key) => !held.values.has(key))
      .sort();
    if (values.length === 0) continue;
    if (values.length > VALUE_LOCKS_PER_FIELD) {
      held.fields.add(fieldKey);
      locks.push({ key: fieldKey, shared: false });
      continue;
    }
    locks.push({ key: fieldKey, shared: true }, ...values.map((key) => ({ key, shared: false })));
    for (const key of values) held.values.add(key);
  }
  if (locks.length === 0) return;
  // jsonb_to_recordset yields the locks in the order given, one after another.
  await tx.query(
    `select case when l.shared then pg_advisory_xact_lock_shared(hashtextextended(l.key, 0))
                 else pg_advisory_xact_lock(hashtextextended(l.key, 0)) end
     from jsonb_to_recordset($1::jsonb) as l(key text, shared boolean)`,
    [JSON.stringify(locks)],
  );
}

/**
 * Of the given unique values, the ones a stored row of the table (other than `exceptIds`) already
 * holds. The values are locked first (lockUniqueValues), so the answer holds until the
 * transaction ends: a concurrent write of the same value waits, then sees this one's row.
 */
export async function storedUniqueValues(
  tx: Tx,
  appId: string,
  tableId: string,
  checks: readonly UniqueCheck[],
  exceptIds: readonly string[] = [],
): Promise<UniqueCheck[]> {
  await lockUniqueValues(tx, appId, tableId, checks);
  const byField = new Map<string, unknown[]>();
  for (const { fieldId, value } of checks) byField.set(fieldId, [...(byField.get(fieldId) ?? []), value]);
  const taken: UniqueCheck[] = [];
  for (const [fieldId, values] of byField) {
    const rows = await tx.query<{ value: unknown }>(
      `select distinct data -> $3 as value from app_data
       where app_id = $1 and table_id = $2 and data -> $3 in (select jsonb_array_elements($4::jsonb))
         and id <> all($5::uuid[])`,
      [appId, tableId, fieldId, JSON.stringify(values), `{${exceptIds.join(',')}}`],
    );
    for (const { value } of rows) taken.push({ fieldId, value });
  }
  return taken;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rows of `tableId` that relation cells name, by id or by their primary field (ignoring case):
 * lower-cased key → the ids of the rows it names (several when a name is shared).
 */
export async function rowsByIdOrName(
  tx: Tx,
  appId: string,
  tableId: string,
  primaryFieldId: string,
  keys: readonly string[],
): Promise<Map<string, string[]>> {
  const lowered = [...new Set(keys.map((key) => key.toLowerCase()))];
  const rows = await tx.query<{ id: string; name: string | null }>(
    `select id::text as id, data ->> $3 as name from app_data
     where app_id = $1 and table_id = $2
       and (id in (select v::uuid from jsonb_array_elements_text($4::jsonb) as v)
            or lower(data ->> $3) in (select jsonb_array_elements_text($5::jsonb)))`,
    [
      appId,
      tableId,
      primaryFieldId,
      JSON.stringify(lowered.filter((key) => UUID.test(key))),
      JSON.stringify(lowered),
    ],
  );
  const matches = new Map<string, string[]>();
  const add = (key: string, id: string) => {
    const ids = matches.get(key) ?? [];
    if (!ids.includes(id)) matches.set(key, [...ids, id]);
  };
  for (const { id, name } of rows) {
    add(id.toLowerCase(), id);
    if (name !== null) add(name.toLowerCase(), id);
  }
  return matches;
}

const INSERT_CHUNK = 500;

/**
 * Inserts rows in the given order, in chunks (one statement each). `created_at` steps by a
 * microsecond per row, so the natural order (created_at, id) keeps that order even within one
 * transaction. The plan's row limit is the `app_data_count_rows` trigger's: once per statement it
 * raises BPL01 when the rows would take the app past its limit. `user_id` is the caller's
 * (`auth.uid()`, the builder) unless `owner` names the app's builder and the end user writing.
 */
export async function insertAppRows(
  tx: Tx,
  appId: string,
  tableId: string,
  rows: readonly { id: string; data: Record<string, unknown> }[],
  owner?: { userId: string; endUserId: string | null },
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK).map((row, i) => ({ ...row, n: start + i }));
    await tx.query(
      `insert into app_data (id, user_id, app_id, table_id, end_user_id, data, created_at, updated_at)
       select x.id, coalesce($4::uuid, auth.uid()), $1::uuid, $2, $5::uuid, x.data,
              now() + x.n * interval '1 microsecond', now()
       from jsonb_to_recordset($3::jsonb) as x(id uuid, data jsonb, n int)
       order by x.n`,
      [appId, tableId, JSON.stringify(chunk), owner?.userId ?? null, owner?.endUserId ?? null],
    );
  }
}

/** Rows of other tables by id, for the relations, lookups and rollups an export shows. */
export async function rowsById(
  tx: Tx,
  appId: string,
  wanted: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<Map<string, Map<string, Record<string, unknown>>>> {
  const found = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [tableId, ids] of wanted) {
    const valid = [...ids].filter((id) => UUID.test(id));
    const rows =
      valid.length === 0
        ? []
        : await tx.query<{ id: string; data: Record<string, unknown> }>(
            `select id::text as id, data from app_data where app_id = $1 and table_id = $2
             and id in (select v::uuid from jsonb_array_elements_text($3::jsonb) as v)`,
            [appId, tableId, JSON.stringify(valid)],
          );
    found.set(tableId, new Map(rows.map((row) => [row.id, row.data])));
  }
  return found;
}
