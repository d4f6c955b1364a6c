import type { FeatureMode, FeatureStatus, PipelineStage } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

// The pipeline's queue (`pipeline_jobs`) and the feature columns it moves. Claiming runs as the
// 'pipeline-worker' service job (it looks across builders); everything else runs as the builder,
// under RLS, inside `withUser`.

export interface JobRow {
  id: string;
  user_id: string;
  feature_id: string;
  stage: PipelineStage;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  feedback: string | null;
}

const JOB_COLUMNS = 'id, user_id, feature_id, stage, status, attempts, feedback';

/**
 * Service job 'pipeline-worker': takes the oldest queued job, or a running one whose lease ran
 * out (its process died), and leases it to `owner`. SKIP LOCKED: two processes never take the
 * same job, and neither waits for the other. With `featureId`, only that feature's job (the
 * Worker runs each feature's stages in that feature's Durable Object).
 */
export async function claimJob(
  serviceTx: Tx,
  owner: string,
  leaseMs: number,
  featureId?: string,
): Promise<JobRow | null> {
  const [row] = await serviceTx.query<JobRow>(
    `update pipeline_jobs
        set status = 'running', lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
            attempts = attempts + 1, started_at = coalesce(started_at, now())
      where id = (
        select id from pipeline_jobs
         where (status = 'queued' or (status = 'running' and lease_until < now()))
           and ($3::uuid is null or feature_id = $3::uuid)
         order by created_at
         for update skip locked
         limit 1)
      returning ${JOB_COLUMNS}`,
    [owner, leaseMs, featureId ?? null],
  );
  return row ?? null;
}

/**
 * Service job 'pipeline-worker' (the Worker's Cron Trigger): the features whose job waits to be
 * claimed, or runs under a lease that ran out (the runner holding it stopped), oldest first.
 */
export async function featuresWaitingForRunner(serviceTx: Tx, limit = 500): Promise<string[]> {
  const rows = await serviceTx.query<{ feature_id: string }>(
    `select feature_id from pipeline_jobs
      where status = 'queued' or (status = 'running' and lease_until < now())
      order by created_at
      limit $1`,
    [limit],
  );
  return rows.map((row) => row.feature_id);
}

/**
 * Service job 'pipeline-worker': when the feature's job is running under a lease that has not
 * run out, when it does (a runner that stopped mid-stage leaves it so); else null.
 */
export async function leaseEnd(serviceTx: Tx, featureId: string): Promise<Date | null> {
  const [row] = await serviceTx.query<{ lease_until: Date | string }>(
    `select lease_until from pipeline_jobs
      where feature_id = $1 and status = 'running' and lease_until >= now()`,
    [featureId],
  );
  return row ? new Date(row.lease_until) : null;
}

/** Extends the lease; false when the job is no longer this process's (taken over, cancelled, deleted). */
export async function renewLease(tx: Tx, jobId: string, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await tx.query(
    `update pipeline_jobs set lease_until = now() + $3 * interval '1 millisecond'
      where id = $1 and lease_owner = $2 and status = 'running' returning id`,
    [jobId, owner, leaseMs],
  );
  return rows.length > 0;
}

/** Counts one more attempt of a running job (a retried model error). */
export async function countAttempt(tx: Tx, jobId: string, owner: string): Promise<void> {
  await tx.query(
    `update pipeline_jobs set attempts = attempts + 1 where id = $1 and lease_owner = $2 and status = 'running'`,
    [jobId, owner],
  );
}

/** Gives a job back to the queue (a graceful stop): the next process picks it up at once. */
export async function releaseJob(tx: Tx, jobId: string, owner: string): Promise<void> {
  await tx.query(
    `update pipeline_jobs set status = 'queued', lease_owner = null, lease_until = null
      where id = $1 and lease_owner = $2 and status = 'running'`,
    [jobId, owner],
  );
}

/**
 * Marks the job done (only while this process holds it) and moves the feature on: to the next
 * stage with its job queued, or to `awaiting_approval`. False when the job was not ours any more,
 * and then nothing changed.
 */
export async function finishStage(
  tx: Tx,
  job: { id: string; featureId: string },
  owner: string,
  next: PipelineStage | 'awaiting_approval',
): Promise<boolean> {
  const done = await tx.query(
    `update pipeline_jobs set status = 'done', finished_at = now(), lease_owner = null, lease_until = null
      where id = $1 and lease_owner = $2 and status = 'running' returning id`,
    [job.id, owner],
  );
  if (done.length === 0) return false;
  await tx.query(
    `update features set status = $2, activity = null, failed_stage = null, failure_reason = null,
            updated_at = now() where id = $1`,
    [job.featureId, next],
  );
  if (next !== 'awaiting_approval') await queueJob(tx, job.featureId, next, null);
  return true;
}

/** The stage failed: the job and the feature say which stage and why. */
export async function failStage(
  tx: Tx,
  job: { id: string; featureId: string; stage: PipelineStage },
  owner: string,
  reason: string,
): Promise<boolean> {
  const failed = await tx.query(
    `update pipeline_jobs set status = 'failed', finished_at = now(), error = $3, lease_owner = null,
            lease_until = null
      where id = $1 and lease_owner = $2 and status = 'running' returning id`,
    [job.id, owner, reason],
  );
  if (failed.length === 0) return false;
  await tx.query(
    `update features set status = 'failed', failed_stage = $2, failure_reason = $3, activity = null,
            updated_at = now() where id = $1`,
    [job.featureId, job.stage, reason.slice(0, 4000)],
  );
  return true;
}

/** Queues `stage` for the feature (the caller has checked no job is open: the unique index would refuse). */
export async function queueJob(
  tx: Tx,
  featureId: string,
  stage: PipelineStage,
  feedback: string | null,
): Promise<void> {
  await tx.query('insert into pipeline_jobs (feature_id, stage, feedback) values ($1, $2, $3)', [
    featureId,
    stage,
    feedback,
  ]);
}

export async function openJob(
  tx: Tx,
  featureId: string,
): Promise<Pick<JobRow, 'stage' | 'status' | 'attempts'> | null> {
  const [row] = await tx.query<JobRow>(
    `select stage, status, attempts from pipeline_jobs
      where feature_id = $1 and status in ('queued', 'running') limit 1`,
    [featureId],
  );
  return row ? { stage: row.stage, status: row.status, attempts: row.attempts } : null;
}

/** What the studio shows of the running stage; the worker writes it as it goes. */
export async function setActivity(tx: Tx, featureId: string, activity: string): Promise<void> {
  await tx.query(
    `update features set activity = $2, updated_at = now()
      where id = $1 and status in ('spec', 'planning', 'testing', 'implementing', 'reviewing')`,
    [featureId, activity.slice(0, 500)],
  );
}

export interface PipelineFeatureRow {
  id: string;
  user_id: string;
  title: string;
  mode: FeatureMode | null;
  status: FeatureStatus;
  recommended_mode: FeatureMode | null;
  mode_reason: string | null;
  activity: string | null;
  failed_stage: PipelineStage | null;
  failure_reason: string | null;
  rejection_comment: string | null;
  token_budget: number;
  tokens_used: string | number;
  cost_usd: string | number;
  app_id: string | null;
  workflow_id: string | null;
  approved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const FEATURE_COLUMNS = `id, user_id, title, mode, status, recommended_mode, mode_reason, activity, failed_stage,
  failure_reason, rejection_comment, token_budget, tokens_used, cost_usd, app_id, workflow_id, approved_at,
  created_at, updated_at`;

export async function getPipelineFeature(
  tx: Tx,
  id: string,
  lock = false,
): Promise<PipelineFeatureRow | null> {
  const [row] = await tx.query<PipelineFeatureRow>(
    `select ${FEATURE_COLUMNS} from features where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  return row ?? null;
}

/** Starts (or restarts) a build at `stage`: the mode fixed, the budget set, failure cleared. */
export async function startBuild(
  tx: Tx,
  featureId: string,
  changes: { stage: PipelineStage; mode?: FeatureMode; tokenBudget?: number; feedback?: string | null },
): Promise<void> {
  await tx.query(
    `update features set status = $2, mode = coalesce($3, mode), token_budget = coalesce($4, token_budget),
            failed_stage = null, failure_reason = null, activity = null, approved_at = null,
            updated_at = now()
      where id = $1`,
    [featureId, changes.stage, changes.mode ?? null, changes.tokenBudget ?? null],
  );
  await queueJob(tx, featureId, changes.stage, changes.feedback ?? null);
}

export async function setRejection(tx: Tx, featureId: string, comment: string | null): Promise<void> {
  await tx.query('update features set rejection_comment = $2, updated_at = now() where id = $1', [
    featureId,
    comment,
  ]);
}

export async function markApproved(
  tx: Tx,
  featureId: string,
  result: { appId?: string; workflowId?: string },
): Promise<void> {
  await tx.query(
    `update features set status = 'done', approved_at = now(), activity = null,
            app_id = coalesce($2, app_id), workflow_id = coalesce($3, workflow_id), updated_at = now()
      where id = $1`,
    [featureId, result.appId ?? null, result.workflowId ?? null],
  );
}

/** Remembers the app or workflow an approval created, so the next approval makes a new version. */
export async function linkResult(
  tx: Tx,
  featureId: string,
  result: { appId?: string; workflowId?: string },
): Promise<void> {
  await tx.query(
    `update features set app_id = coalesce($2, app_id), workflow_id = coalesce($3, workflow_id),
            updated_at = now() where id = $1`,
    [featureId, result.appId ?? null, result.workflowId ?? null],
  );
}

export interface ChatRow {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: Date;
}

export function listChat(tx: Tx, featureId: string): Promise<ChatRow[]> {
  return tx.query<ChatRow>(
    'select id, role, content, created_at from chat_messages where feature_id = $1 order by created_at, id',
    [featureId],
  );
}

export interface AgentRunRow {
  id: string;
  agent: string;
  stage: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: string | number;
  duration_ms: number;
  status: 'ok' | 'error';
  error: string | null;
  created_at: Date;
}

export function listAgentRuns(tx: Tx, featureId: string): Promise<AgentRunRow[]> {
  return tx.query<AgentRunRow>(
    `select id, agent, stage, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
            cost_usd, duration_ms, status, error, created_at
       from agent_runs where feature_id = $1 order by created_at, id`,
    [featureId],
  );
}
