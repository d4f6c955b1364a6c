import type { RunDetail, RunStatus, RunSummary, RunTrigger, StepRecord } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

// Workflow runs. Everything here runs as the workflow's builder (`withUser`), so RLS keeps each
// run to its builder, except `interruptedRuns`, the restart job's look across builders.

export interface NewRun {
  id: string;
  userId: string;
  workflowId: string;
  version: number;
  trigger: RunTrigger;
  triggerInput: unknown;
  idempotencyKey?: string;
  status: 'queued' | 'running';
  leaseUntil: Date;
  rerunOf?: { runId: string; fromStep: string };
}

export interface FinishedRun {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  steps: StepRecord[];
  error: string | null;
  response: unknown;
  tokens: { input: number; output: number };
  durationMs: number;
}

interface RunRow {
  id: string;
  workflow_id: string;
  version: number;
  trigger: RunTrigger;
  status: RunStatus;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  error: string | null;
}

interface RunDetailRow extends RunRow {
  trigger_input: unknown;
  steps: StepRecord[];
  response: unknown;
  input_tokens: number;
  output_tokens: number;
  rerun_of: string | null;
  from_step: string | null;
}

const SUMMARY = 'id, workflow_id, version, trigger, status, started_at, finished_at, duration_ms, error';
const json = (value: unknown) => JSON.stringify(value ?? null);

/** Stores a new run; with an idempotency key already used by this workflow, finds that run. */
export async function insertRun(tx: Tx, run: NewRun): Promise<{ id: string; duplicate: boolean }> {
  const inserted = await tx.query<{ id: string }>(
    `insert into workflow_runs (id, user_id, workflow_id, version, trigger, status, idempotency_key,
       trigger_input, lease_until, rerun_of, from_step)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)
     on conflict (workflow_id, idempotency_key) do nothing
     returning id`,
    [
      run.id,
      run.userId,
      run.workflowId,
      run.version,
      run.trigger,
      run.status,
      run.idempotencyKey ?? null,
      json(run.triggerInput),
      run.leaseUntil,
      run.rerunOf?.runId ?? null,
      run.rerunOf?.fromStep ?? null,
    ],
  );
  if (inserted[0]) return { id: inserted[0].id, duplicate: false };
  const [existing] = await tx.query<{ id: string }>(
    'select id from workflow_runs where workflow_id = $1 and idempotency_key = $2',
    [run.workflowId, run.idempotencyKey ?? null],
  );
  if (!existing) throw new Error('a run with this idempotency key exists but cannot be read');
  return { id: existing.id, duplicate: true };
}

/** The steps so far, and a renewed lease, while the run goes on. */
export async function recordProgress(tx: Tx, runId: string, steps: StepRecord[], leaseUntil: Date) {
  await tx.query(
    `update workflow_runs set status = 'running', steps = $2::jsonb, lease_until = $3 where id = $1`,
    [runId, json(steps), leaseUntil],
  );
}

export async function finishRun(tx: Tx, runId: string, run: FinishedRun): Promise<void> {
  await tx.query(
    `update workflow_runs set status = $2, steps = $3::jsonb, error = $4, response = $5::jsonb,
       input_tokens = $6, output_tokens = $7, duration_ms = $8, finished_at = now(), lease_until = null
     where id = $1`,
    [
      runId,
      run.status,
      json(run.steps),
      run.error,
      run.response === undefined ? null : json(run.response),
      run.tokens.input,
      run.tokens.output,
      Math.round(run.durationMs),
    ],
  );
}

/**
 * Runs that finished within the request that started them (sync webhooks of workflows that touch
 * nothing outside), stored in one statement at the end: there was nothing to resume had the
 * process stopped half-way, and the sender got no answer then.
 */
/** A run stored only once it has finished. */
export type FinishedRunEntry = Omit<NewRun, 'status' | 'leaseUntil'> & FinishedRun;

export async function insertFinishedRuns(tx: Tx, runs: readonly FinishedRunEntry[]): Promise<void> {
  if (runs.length === 0) return;
  // One parameter, a JSON array of the runs: the statement's text is the same for any number of
  // runs, so the driver prepares it once instead of once per batch size.
  const rows = runs.map((run) => ({
    id: run.id,
    user_id: run.userId,
    workflow_id: run.workflowId,
    version: run.version,
    trigger: run.trigger,
    status: run.status,
    idempotency_key: run.idempotencyKey ?? null,
    trigger_input: run.triggerInput ?? null,
    steps: run.steps,
    error: run.error,
    response: run.response ?? null,
    input_tokens: run.tokens.input,
    output_tokens: run.tokens.output,
    duration_ms: Math.round(run.durationMs),
  }));
  await tx.query(
    `insert into workflow_runs (id, user_id, workflow_id, version, trigger, status, idempotency_key,
       trigger_input, steps, error, response, input_tokens, output_tokens, duration_ms, started_at, finished_at)
     select r.id, r.user_id, r.workflow_id, r.version, r.trigger, r.status, r.idempotency_key,
            coalesce(r.trigger_input, 'null'), r.steps, r.error, r.response, r.input_tokens, r.output_tokens,
            r.duration_ms, now() - r.duration_ms * interval '1 millisecond', now()
     from jsonb_to_recordset($1::jsonb) as r(id uuid, user_id uuid, workflow_id uuid, version integer,
       trigger text, status text, idempotency_key text, trigger_input jsonb, steps jsonb, error text,
       response jsonb, input_tokens integer, output_tokens integer, duration_ms integer)
     on conflict (workflow_id, idempotency_key) do nothing`,
    [JSON.stringify(rows)],
  );
}

const toSummary = (row: RunRow): RunSummary => ({
  id: row.id,
  workflowId: row.workflow_id,
  version: row.version,
  trigger: row.trigger,
  status: row.status,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
  durationMs: row.duration_ms,
  error: row.error,
});

/** Newest first; `before` pages on from a run. */
export async function listRuns(
  tx: Tx,
  workflowId: string,
  limit: number,
  before?: string,
): Promise<RunSummary[]> {
  const rows = await tx.query<RunRow>(
    before
      ? `select ${SUMMARY} from workflow_runs
         where workflow_id = $1 and (started_at, id) < (select started_at, id from workflow_runs where id = $3)
         order by started_at desc, id desc limit $2`
      : `select ${SUMMARY} from workflow_runs where workflow_id = $1 order by started_at desc, id desc limit $2`,
    before ? [workflowId, limit, before] : [workflowId, limit],
  );
  return rows.map(toSummary);
}

export async function getRun(tx: Tx, workflowId: string, runId: string): Promise<RunDetail | null> {
  const [row] = await tx.query<RunDetailRow>(
    `select ${SUMMARY}, trigger_input, steps, response, input_tokens, output_tokens, rerun_of, from_step
     from workflow_runs where workflow_id = $1 and id = $2`,
    [workflowId, runId],
  );
  if (!row) return null;
  return {
    ...toSummary(row),
    triggerInput: row.trigger_input,
    steps: row.steps,
    ...(row.response === null ? {} : { response: row.response }),
    tokens: { input: row.input_tokens, output: row.output_tokens },
    rerunOf: row.rerun_of && row.from_step ? { runId: row.rerun_of, fromStep: row.from_step } : null,
  };
}

export interface InterruptedRun {
  id: string;
  userId: string;
  workflowId: string;
  version: number;
  status: 'queued' | 'running';
}

/** Service job 'workflow-recovery': unfinished runs whose process stopped renewing their lease. */
export function interruptedRuns(serviceTx: Tx, now: Date, limit = 500): Promise<InterruptedRun[]> {
  return serviceTx.query<InterruptedRun>(
    `select id, user_id as "userId", workflow_id as "workflowId", version, status
     from workflow_runs
     where status in ('queued', 'running') and (lease_until is null or lease_until < $1)
     order by started_at limit $2
     for update skip locked`,
    [now, limit],
  );
}
