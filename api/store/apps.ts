import type { AppSummary, AppVersion } from '../../schemas/index.ts';
import type { Tx } from './db.ts';
import {
  APP_DEFINITIONS,
  type Author,
  type SaveOutcome as DraftOutcome,
  getVersion as getDefinitionVersion,
  insertVersion,
  listVersions as listDefinitionVersions,
  saveDraftVersion,
} from './definition-versions.ts';

interface AppRow {
  id: string;
  name: string;
  slug: string;
  current_version: number;
  published_version: number | null;
  published_at: Date | null;
  row_count: number;
  updated_at: Date;
}

const COLUMNS = 'id, name, slug, current_version, published_version, published_at, row_count, updated_at';

export function toSummary(row: AppRow, urlBase: string | null): AppSummary {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    currentVersion: row.current_version,
    publishedVersion: row.published_version,
    publishedAt: row.published_at?.toISOString() ?? null,
    rowCount: row.row_count,
    url: row.published_version !== null && urlBase ? `${urlBase}/${row.slug}` : null,
    updatedAt: row.updated_at.toISOString(),
  };
}

// Every function here runs inside `withUser` (RLS keeps it to the caller's apps), except
// `markPublished`, which runs as the 'app-publisher' service job.

export async function listApps(tx: Tx): Promise<AppRow[]> {
  return tx.query<AppRow>(`select ${COLUMNS} from app_definitions order by updated_at desc, id`);
}

export async function getApp(tx: Tx, id: string): Promise<AppRow | null> {
  const [row] = await tx.query<AppRow>(`select ${COLUMNS} from app_definitions where id = $1`, [id]);
  return row ?? null;
}

/** A new app with its first version; its access level is set when a version is published. */
export async function createApp(tx: Tx, name: string, slug: string, definition: unknown) {
  const [row] = await tx.query<AppRow>(
    `insert into app_definitions (name, slug) values ($1, $2) returning ${COLUMNS}`,
    [name, slug],
  );
  await insertVersion(tx, APP_DEFINITIONS, row!.id, 1, definition, 'builder', 'Created');
  await tx.query('insert into app_access (app_id) values ($1)', [row!.id]);
  return row!;
}

export type SaveOutcome = DraftOutcome<AppRow>;

/** A new draft version of an app, renaming it (and its slug) when the draft has usable ones. */
export function saveDraft(
  tx: Tx,
  id: string,
  baseVersion: number,
  definition: unknown,
  author: Author,
  names: { name?: string; slug?: string },
): Promise<SaveOutcome> {
  return saveDraftVersion<AppRow>(tx, APP_DEFINITIONS, id, baseVersion, definition, author, names, COLUMNS);
}

export function getVersion(tx: Tx, appId: string, version: number): Promise<unknown | undefined> {
  return getDefinitionVersion(tx, APP_DEFINITIONS, appId, version);
}

export async function listVersions(
  tx: Tx,
  appId: string,
  publishedVersion: number | null,
): Promise<AppVersion[]> {
  const rows = await listDefinitionVersions(tx, APP_DEFINITIONS, appId);
  return rows.map((r) => ({ ...r, published: r.version === publishedVersion }));
}

export async function deleteApp(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('delete from app_definitions where id = $1 returning id', [id])).length > 0;
}

/** Service job 'app-publisher': the reviewed version goes live (the plan-limit trigger may refuse). */
export async function markPublished(
  serviceTx: Tx,
  appId: string,
  userId: string,
  version: number,
  level: string,
) {
  await serviceTx.query(
    `update app_definitions set published_version = $3, published_at = now(), updated_at = now()
     where id = $1 and user_id = $2`,
    [appId, userId, version],
  );
  await serviceTx.query('update app_access set level = $2, updated_at = now() where app_id = $1', [
    appId,
    level,
  ]);
}

/** How many rows of a table hold a value for each of the given fields (for the publish report). */
export async function countFieldValues(tx: Tx, appId: string, tableId: string, fieldIds: string[]) {
  const counts: Record<string, number> = {};
  for (const fieldId of fieldIds) {
    const [row] = await tx.query<{ n: number }>(
      `select count(*)::int as n from app_data
       where app_id = $1 and table_id = $2 and data ? $3 and data -> $3 <> 'null'::jsonb`,
      [appId, tableId, fieldId],
    );
    counts[fieldId] = row?.n ?? 0;
  }
  return counts;
}

export async function countTableRows(tx: Tx, appId: string, tableId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    'select count(*)::int as n from app_data where app_id = $1 and table_id = $2',
    [appId, tableId],
  );
  return row?.n ?? 0;
}

/**
 * The expression indexes a published version's views need (derived by the runtime), created as
 * the database owner — DDL is not a builder's to run — and the app's stale ones dropped. Index
 * names are derived from the app id and checked against their prefix; the SQL comes from
 * `indexesForViews`, which only ever embeds ids the definition schema allows.
 * Built inside a transaction, so writes to app_data wait while an index builds; CREATE INDEX
 * CONCURRENTLY needs a statement outside a transaction, which the Db port does not offer yet.
 */
export async function syncAppIndexes(ownerTx: Tx, prefix: string, wanted: { name: string; sql: string }[]) {
  const existing = await ownerTx.query<{ indexname: string }>(
    `select indexname from pg_indexes where schemaname = 'public' and tablename = 'app_data' and starts_with(indexname, $1)`,
    [prefix],
  );
  const keep = new Set(wanted.map((index) => index.name));
  for (const { indexname } of existing) {
    if (!keep.has(indexname) && /^[a-z0-9_]+$/.test(indexname))
      await ownerTx.exec(`drop index if exists public.${indexname}`);
  }
  for (const index of wanted) {
    if (!index.name.startsWith(prefix)) throw new Error(`index ${index.name} is not one of this app's`);
    await ownerTx.exec(index.sql);
  }
  return wanted.map((index) => index.name);
}
