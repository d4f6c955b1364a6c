import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { limitReached } from '../../kernel/errors.ts';
import { limitFromDbError } from '../../store/limits.ts';
import {
  claimJob,
  countAttempt,
  failStage,
  finishStage,
  type JobRow,
  releaseJob,
  renewLease,
  setActivity,
} from '../../store/pipeline.ts';
import { builderClaims } from '../../workflows/builder-claims.ts';
import { AgentError, type PipelineWorker } from '../contracts.ts';
import { discardBlobs, recordArtifacts, stageArtifacts } from './artifacts.ts';
import {
  runStage,
  STAGE_NAMES,
  type StageEnv,
  StageFailure,
  type StageJob,
  type StageOutcome,
} from './stages.ts';

// The pipeline's worker: claims stage jobs from `pipeline_jobs` (queued ones, and running ones a
// dead process left when their lease ran out), runs each as its builder, and settles it in one
// transaction with what it stored. A finished stage is never run again; an interrupted one runs
// again when its lease expires.

export interface PipelineWorkerOptions {
  env: StageEnv;
  /** How long a claim lasts without renewal (renewed every third of it while the stage runs). */
  leaseMs?: number;
  pollMs?: number;
  /** Stages at once in this process. */
  concurrency?: number;
  /** Attempts per claim for retryable model errors (rate limit, overload, unavailable). */
  maxAttempts?: number;
  /** First retry's wait; doubled each time; capped by `maxRetryMs` (also a 429's retry-after). */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** The stage runner (tests may wrap it). */
  run?: (env: StageEnv, job: StageJob) => Promise<StageOutcome>;
}

export interface RunningPipelineWorker extends PipelineWorker {
  /** Resolves once nothing is running and nothing is claimable right now (tests). */
  idle(): Promise<void>;
  readonly owner: string;
}

class LeaseLost extends Error {}

/**
 * Attempts (claims and retries together) after which a job fails instead of running again: a
 * stage that brings its process down every time must not take every restart down with it.
 */
export const MAX_JOB_ATTEMPTS = 10;

/** Why a stage failed, in words for the builder: which stage, and the agent's or the platform's reason. */
export function failureReason(stage: JobRow['stage'], error: unknown): string {
  const name = STAGE_NAMES[stage];
  if (error instanceof AgentError || error instanceof StageFailure) return `${name} failed: ${error.message}`;
  const limit = limitFromDbError(error);
  if (limit) return `${name} failed: ${limitReached(limit).message}`;
  return `${name} failed on an internal error; retry the build from this stage.`;
}

export function startPipelineWorker(options: PipelineWorkerOptions): RunningPipelineWorker {
  const { env } = options;
  const { db, log } = env;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 2_000;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const run = options.run ?? runStage;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const running = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  let stopping = false;
  let ticking: Promise<void> | null = null;
  let again = false;
  let lastClaimEmpty = false;

  async function claimAll(): Promise<void> {
    while (!stopping && running.size < concurrency) {
      const job = await db.asService('pipeline-worker', (tx) => claimJob(tx, owner, leaseMs));
      lastClaimEmpty = !job;
      if (!job) return;
      const controller = new AbortController();
      const promise = execute(job, controller).catch((error) =>
        log.error('pipeline_stage_crashed', { jobId: job.id, error: String(error) }),
      );
      running.set(job.id, { promise, controller });
      promise.finally(() => {
        running.delete(job.id);
        tick();
      });
    }
  }

  function tick(): void {
    if (stopping) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = claimAll()
      .catch((error) => log.error('pipeline_claim_failed', { error: String(error) }))
      .finally(() => {
        ticking = null;
        if (again) {
          again = false;
          tick();
        }
      });
  }

  async function execute(job: JobRow, controller: AbortController): Promise<void> {
    const claims = builderClaims(job.user_id);
    const target = { id: job.id, featureId: job.feature_id, stage: job.stage };
    // Activity writes go one after another, and are all done before the stage is settled.
    let activityChain: Promise<void> = Promise.resolve();
    const activity = (text: string) => {
      activityChain = activityChain
        .then(() => db.withUser(claims, (tx) => setActivity(tx, job.feature_id, text)))
        .catch((error) => log.error('pipeline_activity_failed', { jobId: job.id, error: String(error) }));
    };
    const renew = setInterval(() => {
      db.withUser(claims, (tx) => renewLease(tx, job.id, owner, leaseMs))
        .then((ours) => {
          if (!ours) controller.abort(new LeaseLost('the job is no longer this process’s'));
        })
        .catch((error) =>
          log.error('pipeline_lease_renewal_failed', { jobId: job.id, error: String(error) }),
        );
    }, leaseMs / 3);
    const stageJob: StageJob = {
      userId: job.user_id,
      featureId: job.feature_id,
      stage: job.stage,
      feedback: job.feedback,
      signal: controller.signal,
      activity,
    };
    try {
      if (job.attempts > MAX_JOB_ATTEMPTS)
        throw new StageFailure(
          `it was interrupted ${MAX_JOB_ATTEMPTS} times (the server stopped while it ran); retry the build from this stage`,
        );
      const outcome = await withRetries(stageJob, job, activity);
      await activityChain;
      const staged = await stageArtifacts(env.blobs, job.user_id, job.feature_id, outcome.artifacts);
      let replaced: string[];
      try {
        replaced = await db.withUser(claims, async (tx) => {
          const old = await recordArtifacts(tx, job.feature_id, staged);
          if (!(await finishStage(tx, target, owner, outcome.next))) throw new LeaseLost();
          return old;
        });
      } catch (error) {
        await discardBlobs(
          env.blobs,
          staged.map((s) => s.blobKey),
        );
        throw error;
      }
      await discardBlobs(env.blobs, replaced);
      log.info('pipeline_stage_done', { jobId: job.id, stage: job.stage, next: outcome.next });
    } catch (error) {
      await activityChain;
      if (error instanceof LeaseLost || controller.signal.reason instanceof LeaseLost) {
        log.info('pipeline_stage_abandoned', { jobId: job.id, stage: job.stage });
        return;
      }
      if (stopping) {
        // A graceful stop: the job goes back to the queue for the next process, unpaid stages intact.
        await db.withUser(claims, (tx) => releaseJob(tx, job.id, owner)).catch(() => {});
        return;
      }
      const reason = failureReason(job.stage, error);
      if (!(error instanceof AgentError || error instanceof StageFailure))
        log.error('pipeline_stage_error', { jobId: job.id, stage: job.stage, error: String(error) });
      await db.withUser(claims, (tx) => failStage(tx, target, owner, reason));
      log.info('pipeline_stage_failed', { jobId: job.id, stage: job.stage, reason });
    } finally {
      clearInterval(renew);
    }
  }

  /** Runs the stage; retryable model errors are tried again, with backoff, up to `maxAttempts`. */
  async function withRetries(
    stageJob: StageJob,
    job: JobRow,
    activity: (text: string) => void,
  ): Promise<StageOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(env, stageJob);
      } catch (error) {
        if (!(error instanceof AgentError) || !error.retryable || attempt >= maxAttempts || stopping)
          throw error;
        const wait = Math.min(
          error.retryAfterSeconds !== undefined
            ? error.retryAfterSeconds * 1000
            : retryBaseMs * 2 ** (attempt - 1),
          maxRetryMs,
        );
        activity(
          `${error.message}; trying again in ${Math.ceil(wait / 1000)} s (attempt ${attempt + 1} of ${maxAttempts})`,
        );
        await db.withUser(builderClaims(job.user_id), (tx) => countAttempt(tx, job.id, owner));
        await sleep(wait, undefined, { signal: stageJob.signal });
      }
    }
  }

  const timer = setInterval(tick, pollMs);
  timer.unref?.();
  tick();

  return {
    owner,
    wake: tick,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await ticking;
      for (const { controller } of running.values()) controller.abort();
      await Promise.all([...running.values()].map((r) => r.promise));
    },
    async idle() {
      for (;;) {
        if (ticking) await ticking;
        if (running.size > 0) {
          await Promise.all([...running.values()].map((r) => r.promise));
          continue;
        }
        tick();
        await ticking;
        if (running.size === 0 && lastClaimEmpty) return;
      }
    },
  };
}
