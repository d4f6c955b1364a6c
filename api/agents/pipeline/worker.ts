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
// again when its lease expires. Running one claimed job (`runClaimedJob`) is shared with the
// Worker's Durable Object (api/platform/worker/pipeline-object.ts), so this module uses only what
// workerd has too: global crypto and timers, no Node modules.

export interface StageRunnerOptions {
  env: StageEnv;
  /** The name this runner leases jobs under (default: a random one). */
  owner?: string;
  /** How long a claim lasts without renewal (renewed every third of it while the stage runs). */
  leaseMs?: number;
  /** Attempts per claim for retryable model errors (rate limit, overload, unavailable). */
  maxAttempts?: number;
  /** First retry's wait; doubled each time; capped by `maxRetryMs` (also a 429's retry-after). */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** The stage runner (tests may wrap it). */
  run?: (env: StageEnv, job: StageJob) => Promise<StageOutcome>;
}

/** What running one claimed job needs: the options with their defaults filled in. */
export interface StageRunner extends Required<Omit<StageRunnerOptions, 'env' | 'run'>> {
  env: StageEnv;
  run: (env: StageEnv, job: StageJob) => Promise<StageOutcome>;
  /** True once the runner is stopping: an interrupted stage then goes back to the queue, not failed. */
  stopping(): boolean;
}

export interface PipelineWorkerOptions extends StageRunnerOptions {
  pollMs?: number;
  /** Stages at once in this process. */
  concurrency?: number;
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

/** The options with the defaults both runners (the Node loop, the Durable Object) use. */
export function stageRunner(options: StageRunnerOptions, stopping: () => boolean = () => false): StageRunner {
  return {
    env: options.env,
    owner: options.owner ?? `pipeline:${crypto.randomUUID().slice(0, 8)}`,
    leaseMs: options.leaseMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 3,
    retryBaseMs: options.retryBaseMs ?? 2_000,
    maxRetryMs: options.maxRetryMs ?? 30_000,
    run: options.run ?? runStage,
    stopping,
  };
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (global timers: workerd has them). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs one job `runner.owner` has claimed, to its end: the lease renewed while it runs, retryable
 * model errors tried again with backoff, the stage's artifacts stored and the feature moved on in
 * one transaction, or the stage settled as failed with the reason. Never throws for the stage's
 * own failure; a lost lease (another runner took the job over) leaves the job to that runner, and
 * an abort while `runner.stopping()` gives it back to the queue.
 */
export async function runClaimedJob(
  runner: StageRunner,
  job: JobRow,
  controller: AbortController = new AbortController(),
): Promise<void> {
  const { env, owner, leaseMs } = runner;
  const { db, log } = env;
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
        if (!ours) controller.abort(new LeaseLost('the job is no longer this runner’s'));
      })
      .catch((error) => log.error('pipeline_lease_renewal_failed', { jobId: job.id, error: String(error) }));
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
    const outcome = await withRetries(runner, stageJob, job, activity);
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
    log.info('pipeline_stage_done', { jobId: job.id, stage: job.stage, next: outcome.next, owner });
  } catch (error) {
    await activityChain;
    if (error instanceof LeaseLost || controller.signal.reason instanceof LeaseLost) {
      log.info('pipeline_stage_abandoned', { jobId: job.id, stage: job.stage, owner });
      return;
    }
    if (runner.stopping()) {
      // A graceful stop: the job goes back to the queue for the next process, unpaid stages intact.
      await db.withUser(claims, (tx) => releaseJob(tx, job.id, owner)).catch(() => {});
      return;
    }
    const reason = failureReason(job.stage, error);
    if (!(error instanceof AgentError || error instanceof StageFailure))
      log.error('pipeline_stage_error', { jobId: job.id, stage: job.stage, error: String(error) });
    await db.withUser(claims, (tx) => failStage(tx, target, owner, reason));
    log.info('pipeline_stage_failed', { jobId: job.id, stage: job.stage, reason, owner });
  } finally {
    clearInterval(renew);
  }
}

/** Runs the stage; retryable model errors are tried again, with backoff, up to `maxAttempts`. */
async function withRetries(
  runner: StageRunner,
  stageJob: StageJob,
  job: JobRow,
  activity: (text: string) => void,
): Promise<StageOutcome> {
  const { env, maxAttempts } = runner;
  for (let attempt = 1; ; attempt++) {
    try {
      return await runner.run(env, stageJob);
    } catch (error) {
      if (!(error instanceof AgentError) || !error.retryable || attempt >= maxAttempts || runner.stopping())
        throw error;
      const wait = Math.min(
        error.retryAfterSeconds !== undefined
          ? error.retryAfterSeconds * 1000
          : runner.retryBaseMs * 2 ** (attempt - 1),
        runner.maxRetryMs,
      );
      activity(
        `${error.message}; trying again in ${Math.ceil(wait / 1000)} s (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      await env.db.withUser(builderClaims(job.user_id), (tx) => countAttempt(tx, job.id, runner.owner));
      await sleep(wait, stageJob.signal);
    }
  }
}

/** The Node process's loop: polls for claimable jobs and runs up to `concurrency` at once. */
export function startPipelineWorker(options: PipelineWorkerOptions): RunningPipelineWorker {
  const pollMs = options.pollMs ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  let stopping = false;
  const runner = stageRunner(options, () => stopping);
  const { owner, leaseMs, env } = runner;
  const { db, log } = env;

  const running = new Map<string, { promise: Promise<void>; controller: AbortController }>();
  let ticking: Promise<void> | null = null;
  let again = false;
  let lastClaimEmpty = false;

  async function claimAll(): Promise<void> {
    while (!stopping && running.size < concurrency) {
      const job = await db.asService('pipeline-worker', (tx) => claimJob(tx, owner, leaseMs));
      lastClaimEmpty = !job;
      if (!job) return;
      const controller = new AbortController();
      const promise = runClaimedJob(runner, job, controller).catch((error) =>
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

  const timer = setInterval(tick, pollMs);
  timer.unref?.();
  tick();

  return {
    owner,
    // Any feature's stage: this loop claims across features.
    wake: () => tick(),
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
