import { versionSummary } from '../../runtime/definitions/version-summary.ts';
import type { SqlParam, Tx } from './db.ts';

/**
 * Apps and workflows keep their history the same way: every save is a row of
 * `definition_versions` under the definition's own id column, and the definition's row points at
 * its newest one with `current_version`. Only the table, that column and which names a draft may
 * carry differ.
 */
export interface VersionedDefinitions {
  /** What a person calls one ("app", "workflow"), for messages. */
  noun: 'app' | 'workflow';
  table: 'app_definitions' | 'workflow_definitions';
  versionKey: 'app_id' | 'workflow_id';
  /** Columns a saved draft may rename (only when the draft holds a usable value). */
  nameColumns: readonly ('name' | 'slug')[];
}

export const APP_DEFINITIONS: VersionedDefinitions = {
  noun: 'app',
  table: 'app_definitions',
  versionKey: 'app_id',
  nameColumns: ['name', 'slug'],
};

export const WORKFLOW_DEFINITIONS: VersionedDefinitions = {
  noun: 'workflow',
  table: 'workflow_definitions',
  versionKey: 'workflow_id',
  nameColumns: ['name'],
};

export type Author = 'builder' | 'agent';

export interface VersionRow {
  version: number;
  author: Author;
  createdAt: string;
  /** What changed from the version before, in one line (null for versions saved before summaries). */
  summary: string | null;
}

export async function insertVersion(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
  version: number,
  definition: unknown,
  author: Author,
  summary: string,
) {
  await tx.query(
    `insert into definition_versions (${of.versionKey}, version, definition, author, summary) values ($1, $2, $3::jsonb, $4, $5)`,
    [id, version, JSON.stringify(definition), author, summary],
  );
}

export async function getVersion(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
  version: number,
): Promise<unknown | undefined> {
  const [row] = await tx.query<{ definition: unknown }>(
    `select definition from definition_versions where ${of.versionKey} = $1 and version = $2`,
    [id, version],
  );
  return row?.definition;
}

/** Newest first. */
export async function listVersions(tx: Tx, of: VersionedDefinitions, id: string): Promise<VersionRow[]> {
  const rows = await tx.query<{ version: number; author: Author; created_at: Date; summary: string | null }>(
    `select version, author, created_at, summary from definition_versions where ${of.versionKey} = $1 order by version desc`,
    [id],
  );
  return rows.map((r) => ({
    version: r.version,
    author: r.author,
    createdAt: r.created_at.toISOString(),
    summary: r.summary,
  }));
}

export type SaveOutcome<Row> = { ok: true; row: Row } | { ok: false; currentVersion: number } | null;

/**
 * Saves a new draft version. The caller says which version it edited; if another tab or the
 * co-pilot saved in between, nothing is written and the current version comes back (a conflict).
 * `null` when there is no such definition (or it is another builder's: RLS hides it).
 * `returning` is the caller's column list for the row it gets back.
 */
export async function saveDraftVersion<Row>(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
  baseVersion: number,
  definition: unknown,
  author: Author,
  names: { name?: string; slug?: string },
  returning: string,
): Promise<SaveOutcome<Row>> {
  const [current] = await tx.query<{ current_version: number }>(
    `select current_version from ${of.table} where id = $1 for update`,
    [id],
  );
  if (!current) return null;
  if (current.current_version !== baseVersion) return { ok: false, currentVersion: current.current_version };
  const version = baseVersion + 1;
  const before = await getVersion(tx, of, id, baseVersion);
  await insertVersion(tx, of, id, version, definition, author, versionSummary(before, definition));
  const sets = ['current_version = $2', 'updated_at = now()'];
  const params: SqlParam[] = [id, version];
  for (const column of of.nameColumns) {
    const value = names[column];
    if (value) sets.push(`${column} = $${params.push(value)}`);
  }
  const [row] = await tx.query<Row>(
    `update ${of.table} set ${sets.join(', ')} where id = $1 returning ${returning}`,
    params,
  );
  return { ok: true, row: row! };
}
