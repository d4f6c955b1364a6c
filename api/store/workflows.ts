import type { WorkflowSummary, WorkflowVersion } from '../../schemas/index.ts';
import type { Tx } from './db.ts';
import {
  type Author,
  getVersion as getDefinitionVersion,
  insertVersion,
  listVersions as listDefinitionVersions,
  type SaveOutcome,
  saveDraftVersion,
  WORKFLOW_DEFINITIONS,
} from './definition-versions.ts';

// Every function here runs inside `withUser`: RLS keeps it to the caller's workflows, and the
// column grants keep `status` and `active_version` for the activation job (issue #7).

interface WorkflowRow {
  id: string;
  name: string;
  status: WorkflowSummary['status'];
  current_version: number;
  active_version: number | null;
  updated_at: Date;
}

const COLUMNS = 'id, name, status, current_version, active_version, updated_at';

export function toWorkflowSummary(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    currentVersion: row.current_version,
    activeVersion: row.active_version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function listWorkflows(tx: Tx): Promise<WorkflowRow[]> {
  return tx.query<WorkflowRow>(`select ${COLUMNS} from workflow_definitions order by updated_at desc, id`);
}

export async function getWorkflow(tx: Tx, id: string): Promise<WorkflowRow | null> {
  const [row] = await tx.query<WorkflowRow>(`select ${COLUMNS} from workflow_definitions where id = $1`, [
    id,
  ]);
  return row ?? null;
}

/** A new workflow whose version 1 is `definition` (already validated by the caller). */
export async function createWorkflow(tx: Tx, name: string, definition: unknown): Promise<WorkflowRow> {
  const [row] = await tx.query<WorkflowRow>(
    `insert into workflow_definitions (name) values ($1) returning ${COLUMNS}`,
    [name],
  );
  await insertVersion(tx, WORKFLOW_DEFINITIONS, row!.id, 1, definition, 'builder', 'Created');
  return row!;
}

/** A new draft version of a workflow, renaming it when the draft has a usable name. */
export function saveWorkflowDraft(
  tx: Tx,
  id: string,
  baseVersion: number,
  definition: unknown,
  author: Author,
  name: string | undefined,
): Promise<SaveOutcome<WorkflowRow>> {
  return saveDraftVersion<WorkflowRow>(
    tx,
    WORKFLOW_DEFINITIONS,
    id,
    baseVersion,
    definition,
    author,
    name ? { name } : {},
    COLUMNS,
  );
}

export function getWorkflowVersion(tx: Tx, id: string, version: number): Promise<unknown | undefined> {
  return getDefinitionVersion(tx, WORKFLOW_DEFINITIONS, id, version);
}

export async function listWorkflowVersions(
  tx: Tx,
  id: string,
  activeVersion: number | null,
): Promise<WorkflowVersion[]> {
  const rows = await listDefinitionVersions(tx, WORKFLOW_DEFINITIONS, id);
  return rows.map((r) => ({ ...r, active: r.version === activeVersion }));
}

/** Its versions, runs and state go with it (foreign keys on delete cascade). */
export async function deleteWorkflow(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('delete from workflow_definitions where id = $1 returning id', [id])).length > 0;
}
