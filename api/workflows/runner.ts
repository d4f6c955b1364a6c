import { randomUUID } from 'node:crypto';
import { runWorkflow } from '../../runtime/workflows/index.ts';
import type { RunResult, WorkflowPorts } from '../../runtime/workflows/ports.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { RunTrigger, StepRecord } from '../../schemas/index.ts';
import type { Logger } from '../kernel/context.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { Db } from '../store/db.ts';
import { finishRun, insertRun, recordProgress } from '../store/workflow-runs.ts';
import type { ActiveWorkflows, WorkflowPlan } from './active-workflows.ts';
import { builderClaims } from './builder-claims.ts';
import { executionLimit } from './execution-limit.ts';
import { finishedRunBatcher } from './finished-runs.ts';
import { recoverRuns } from './recovery.ts';
import { Redactor } from './redact.ts';
import type { RunRequest, StartedRun } from './run-request.ts';

/** What a run's ports are built from: whose run it is, and what to redact from its log. */
export interface RunContext {
  runId: string;
  userId: string;
  workflowId: string;
  definition: WorkflowDefinition;
  redactor: Redactor;
}

export type PortsFor = (run: RunContext) => WorkflowPorts;

export interface WorkflowRunnerOptions {
  db: Db;
  rateLimiter: RateLimiter;
  log: Logger;
  active: ActiveWorkflows;
  portsFor: PortsFor;
  now?: () => number;
  /** How long a run's claim lasts without renewal; a crashed process's runs expire after it. */
  leaseMs?: number;
}

/** One run to carry out: a version of a workflow, for its builder, within their plan. */
export interface RunJob {
  workflowId: string;
  userId: string;
  version: number;
  definition: WorkflowDefinition;
  plan: WorkflowPlan;
  trigger: RunTrigger;
  triggerInput: unknown;
  idempotencyKey?: string;
  resume?: { fromStep: string; outputs: Record<string, unknown> };
  rerunOf?: { runId: string; fromStep: string };
}

export interface LaunchOptions {
  /** Resolve with the result (sync webhooks, test runs) instead of once the run is stored. */
  wait?: boolean;
  /** Secret values the trigger brought (a webhook's token), blanked in everything stored. */
  secrets?: string[];
  /** Told the run's id as soon as it has one (a sync webhook that times out still names it). */
  onRunId?: (runId: string) => void;
}

export type LaunchedRun = StartedRun & { result?: RunResult };

/** Only steps that change nothing outside the run: such a run needs no durable record until it ends. */
const SELF_CONTAINED = new Set(['map', 'condition', 'respond', 'for_each']);

const PROGRESS_EVERY_MS = 1_000;

export class WorkflowNotActive extends Error {
  constructor(readonly workflowId: string) {
    super('This workflow is not active');
  }
}

/**
 * Starts and carries out workflow runs: stores each run before it executes (so a restart finds
 * it), records its steps as they finish and renews its lease meanwhile, and settles runs that a
 * stopped process left behind (`recover`).
 */
export function workflowRunner(options: WorkflowRunnerOptions) {
  const { db, log, active, portsFor } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 20_000;
  const limit = executionLimit(options.rateLimiter, now);
  const finished = finishedRunBatcher(db, log);
  const inFlight = new Set<Promise<unknown>>();
  const stopping = new AbortController();

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    promise.finally(() => inFlight.delete(promise)).catch(() => {});
    return promise;
  }

  async function execute(job: RunJob, runId: string, redactor: Redactor, persist: boolean) {
    const started = now();
    const steps: StepRecord[] = [];
    let lastSaved = started;
    let saving: Promise<void> = Promise.resolve();
    const claims = builderClaims(job.userId);
    const save = () => {
      lastSaved = now();
      const snapshot = redactor.value(steps.slice());
      saving = saving
        .then(() =>
          db.withUser(claims, (tx) => recordProgress(tx, runId, snapshot, new Date(now() + leaseMs))),
        )
        .catch((error) => log.error('workflow_run_progress_failed', { runId, error: String(error) }));
    };
    // Marked running before its first step, so a crash from here on is not mistaken for a run
    // that never started (which a restart would start again).
    if (persist) save();
    const renew = persist ? setInterval(save, leaseMs / 3) : undefined;
    let result: RunResult;
    try {
      result = await runWorkflow(
        {
          definition: job.definition,
          trigger: job.triggerInput,
          timeoutMs: job.plan.timeoutSeconds * 1000,
          ...(job.resume ? { resume: job.resume } : {}),
          signal: stopping.signal,
          onStep: (record) => {
            steps.push(record);
            if (persist && now() - lastSaved >= PROGRESS_EVERY_MS) save();
          },
        },
        portsFor({
          runId,
          userId: job.userId,
          workflowId: job.workflowId,
          definition: job.definition,
          redactor,
        }),
      );
    } catch (error) {
      // The executor reports failures in its result; a throw is a bug, recorded as such.
      log.error('workflow_run_crashed', { runId, error: String(error) });
      result = {
        status: 'failed',
        steps,
        error: { code: 'internal', message: 'The run stopped on an internal error' },
        tokens: { input: 0, output: 0 },
      };
    } finally {
      if (renew) clearInterval(renew);
    }
    const outcome = {
      status: result.status,
      steps: redactor.value(result.steps),
      error: result.error ? redactor.text(describeError(result.error)) : null,
      response: redactor.value(result.response),
      tokens: result.tokens,
      durationMs: now() - started,
    };
    if (persist) {
      await saving;
      await db.withUser(claims, (tx) => finishRun(tx, runId, outcome));
    } else {
      await finished.add({
        id: runId,
        userId: job.userId,
        workflowId: job.workflowId,
        version: job.version,
        trigger: job.trigger,
        triggerInput: redactor.value(job.triggerInput),
        ...outcome,
      });
    }
    return { ...result, steps: outcome.steps, response: outcome.response };
  }

  async function launch(job: RunJob, launchOptions: LaunchOptions = {}): Promise<LaunchedRun> {
    await limit.take(job.userId, job.plan);
    const redactor = new Redactor();
    for (const secret of launchOptions.secrets ?? []) redactor.add(secret);
    const runId = randomUUID();
    const selfContained =
      launchOptions.wait &&
      !job.idempotencyKey &&
      !job.rerunOf &&
      job.definition.steps.every((step) => SELF_CONTAINED.has(step.kind));
    if (selfContained) {
      launchOptions.onRunId?.(runId);
      const result = await track(execute(job, runId, redactor, false));
      return { runId, duplicate: false, result };
    }
    const stored = await db.withUser(builderClaims(job.userId), (tx) =>
      insertRun(tx, {
        id: runId,
        userId: job.userId,
        workflowId: job.workflowId,
        version: job.version,
        trigger: job.trigger,
        triggerInput: redactor.value(job.triggerInput),
        ...(job.idempotencyKey ? { idempotencyKey: job.idempotencyKey } : {}),
        ...(job.rerunOf ? { rerunOf: job.rerunOf } : {}),
        status: 'queued',
        leaseUntil: new Date(now() + leaseMs),
      }),
    );
    if (stored.duplicate) return { runId: stored.id, duplicate: true };
    launchOptions.onRunId?.(runId);
    const running = track(execute(job, runId, redactor, true));
    if (launchOptions.wait) return { runId, duplicate: false, result: await running };
    running.catch((error) => log.error('workflow_run_not_recorded', { runId, error: String(error) }));
    return { runId, duplicate: false };
  }

  return {
    /** A trigger's run of the workflow's active version. */
    async start(request: RunRequest, launchOptions: LaunchOptions = {}): Promise<LaunchedRun> {
      const workflow = await active.find(request.workflowId);
      if (!workflow || workflow.userId !== request.userId) throw new WorkflowNotActive(request.workflowId);
      return launch(
        {
          ...workflow,
          trigger: request.trigger,
          triggerInput: request.triggerInput,
          ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
        },
        launchOptions,
      );
    },
    /** Any version, as the routes decide (test runs of a draft, re-runs). */
    launch,
    /**
     * A scheduled or received trigger that could not run (the plan's hourly limit): stored as a
     * failed run saying why, so the builder sees the gap in the run list (a webhook's sender gets
     * the 429 instead, and may retry).
     */
    async recordRefused(request: RunRequest, reason: string): Promise<void> {
      const workflow = await active.find(request.workflowId);
      if (!workflow || workflow.userId !== request.userId) return;
      await finished.add({
        id: randomUUID(),
        userId: workflow.userId,
        workflowId: workflow.workflowId,
        version: workflow.version,
        trigger: request.trigger,
        triggerInput: request.triggerInput,
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
        status: 'failed',
        steps: [],
        error: reason,
        response: undefined,
        tokens: { input: 0, output: 0 },
        durationMs: 0,
      });
    },
    /**
     * Settles the runs a stopped process left (after a restart, and now and then while running:
     * another process on the same database may have stopped).
     */
    recover() {
      return recoverRuns({
        db,
        log,
        now,
        leaseMs,
        restart: (job, runId) => {
          track(execute(job, runId, new Redactor(), true)).catch((error) =>
            log.error('workflow_run_not_recorded', { runId, error: String(error) }),
          );
        },
      });
    },
    /** Resolves when the runs under way have finished (shutdown, tests). */
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await finished.flush();
    },
    /**
     * Lets the runs under way finish for up to `graceMs`, then stops the rest (they end failed,
     * "cancelled", and say so) and waits until every run is on record.
     */
    async stop(graceMs = 10_000): Promise<void> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([this.drain(), grace]);
      clearTimeout(timer);
      stopping.abort();
      await this.drain();
    },
    leaseMs,
  };
}

export type WorkflowRunner = ReturnType<typeof workflowRunner>;

function describeError(error: NonNullable<RunResult['error']>): string {
  return error.stepId ? `Step "${error.stepId}": ${error.message}` : error.message;
}
