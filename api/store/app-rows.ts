/**
 * Rows of a builder's app, for CSV import and export. Every function runs inside `withUser` as the
 * builder, so row-level security keeps it to the builder's own apps; `user_id` of a new row is the
 * builder (the column's default, `auth.uid()`), who owns the app.
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

/** Of the given unique values, the ones a stored row of the table already holds. */
export async function storedUniqueValues(
  tx: Tx,
  appId: string,
  tableId: string,
  checks: readonly { fieldId: string; value: unknown }[],
): Promise<{ fieldId: string; value: unknown }[]> {
  const byField = new Map<string, unknown[]>();
  for (const { fieldId, value } of checks) byField.set(fieldId, [...(byField.get(fieldId) ?? []), value]);
  const taken: { fieldId: string; value: unknown }[] = [];
  for (const [fieldId, values] of byField) {
    const rows = await tx.query<{ value: unknown }>(
      `select distinct data -> $3 as value from app_data
       where app_id = $1 and table_id = $2 and data -> $3 in (select jsonb_array_elements($4::jsonb))`,
      [appId, tableId, fieldId, JSON.stringify(values)],
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
 * Inserts rows in file order, in chunks (one statement each). `created_at` steps by a microsecond
 * per row, so the natural order (created_at, id) keeps the file's order even within one transaction.
 * The plan's row limit is the `app_data_count_rows` trigger's: it raises BPL01 at the first row over.
 */
export async function insertAppRows(
  tx: Tx,
  appId: string,
  tableId: string,
  rows: readonly { id: string; data: Record<string, unknown> }[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK).map((row, i) => ({ ...row, n: start + i }));
    await tx.query(
      `insert into app_data (id, app_id, table_id, data, created_at, updated_at)
       select x.id, $1::uuid, $2, x.data, now() + x.n * interval '1 microsecond', now()
       from jsonb_to_recordset($3::jsonb) as x(id uuid, data jsonb, n int)
       order by x.n`,
      [appId, tableId, JSON.stringify(chunk)],
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
