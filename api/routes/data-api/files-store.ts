import type { Tx } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';

/**
 * The `app_files` records of uploads, read and written under the caller's claims: RLS scopes
 * them to the app the claims name (or the builder's own apps), as with `app_data`.
 */
export interface AppFile {
  key: string;
  tableId: string;
  fieldId: string;
  name: string;
  type: string;
  size: number;
}

interface FileRow {
  key: string;
  table_id: string;
  field_id: string;
  name: string;
  content_type: string;
  size_bytes: string | number;
}

const toFile = (row: FileRow): AppFile => ({
  key: row.key,
  tableId: row.table_id,
  fieldId: row.field_id,
  name: row.name,
  type: row.content_type,
  size: Number(row.size_bytes),
});

const COLUMNS = 'key, table_id, field_id, name, content_type, size_bytes';

/**
 * Blob keys of an app: everything of a builder under their user id (the design's layout), then
 * the app, then 24 random URL-safe characters that nobody can guess.
 */
export function newFileKey(app: PublishedApp): string {
  const random = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return `${appKeyPrefix(app)}${random}`;
}

export const appKeyPrefix = (app: PublishedApp) => `${app.ownerId}/apps/${app.appId}/`;

export interface StorageQuota {
  max: number;
  used: number;
  plan: string;
}

/** The app's builder's plan limit on stored bytes and what they store now. */
export async function storageQuota(tx: Tx, appId: string): Promise<StorageQuota> {
  const [row] = await tx.query<{ max_bytes: string | number; used_bytes: string | number; plan: string }>(
    'select max_bytes, used_bytes, plan from public.app_file_quota($1::uuid)',
    [appId],
  );
  // The function answers every caller the API lets through; no row would be a bug, so fail closed.
  if (!row) throw new Error('app_file_quota returned no row for the app being served');
  return { max: Number(row.max_bytes), used: Number(row.used_bytes), plan: row.plan };
}

/** Records an uploaded blob; the database refuses it (BPL01 artifact_bytes) past the plan's limit. */
export async function recordFile(tx: Tx, app: PublishedApp, file: AppFile, endUserId: string | null) {
  await tx.query(
    `insert into app_files (key, user_id, app_id, table_id, field_id, name, content_type, size_bytes, end_user_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      file.key,
      app.ownerId,
      app.appId,
      file.tableId,
      file.fieldId,
      file.name,
      file.type,
      file.size,
      endUserId,
    ],
  );
}

/** The records of these keys that belong to this app (others, and made-up keys, are absent). */
export async function filesOfApp(
  tx: Tx,
  appId: string,
  keys: readonly string[],
): Promise<Map<string, AppFile>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query<FileRow>(
    `select ${COLUMNS} from app_files
     where app_id = $1::uuid and key in (select jsonb_array_elements_text($2::jsonb))`,
    [appId, JSON.stringify(keys)],
  );
  return new Map(rows.map((row) => [row.key, toFile(row)]));
}

/**
 * Whether a row of the file's table holds the key in the file's field, within the row scope
 * (`endUserId`: only rows that end user created). Attachment values are lists of
 * `{ key, name, size, type }`, so containment finds the key wherever it sits in the list.
 */
export async function isAttached(
  tx: Tx,
  appId: string,
  file: AppFile,
  endUserId: string | null,
): Promise<boolean> {
  const params: string[] = [appId, file.tableId, file.fieldId, JSON.stringify([{ key: file.key }])];
  const scope = endUserId ? ` and end_user_id = $${params.push(endUserId)}::uuid` : '';
  const rows = await tx.query(
    `select 1 from app_data
     where app_id = $1::uuid and table_id = $2 and data -> $3 @> $4::jsonb${scope}
     limit 1`,
    params,
  );
  return rows.length > 0;
}
