import { randomUUID } from 'node:crypto';
import type { RunResult, WorkflowPorts } from '../../runtime/workflows/ports.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { RunTrigger } from '../../schemas/index.ts';
import type { Logger } from '../kernel/context.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { WorkflowRef, WorkflowState } from '../ports/workflow-state.ts';
import type { Db } from '../store/db.ts';
import { insertRun } from '../store/workflow-runs.ts';
import type { ActiveWorkflows, WorkflowPlan } from './active-workflows.ts';
import { builderClaims } from './builder-claims.ts';
import { executionLimit } from './execution-limit.ts';
import { finishedRunBatcher } from './finished-runs.ts';
import { recoverRuns } from './recovery.ts';
import { Redactor } from './redact.ts';
import { executeRun } from './run-execution.ts';
import type { RunRequest, StartedRun } from './run-request.ts';
import { claimStoredRuns } from './stored-runs.ts';

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
  /** The workflows' state (what a deleted workflow leaves there is cleared through it). */
  state: WorkflowState;
  /**
   * Where a stored run that answers nobody goes instead of running here: on Cloudflare, the
   * workflow's Durable Object, whose alarm carries it out (`runStored`) without the request's time
   * limit. Without it (Node), the runner carries out its runs itself.
   */
  handOff?: (run: HandedRun) => Promise<void>;
}

/** A stored, queued run, handed to whoever carries it out. */
export interface HandedRun {
  runId: string;
  workflowId: string;
  userId: string;
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

  const execute = (job: RunJob, runId: string, redactor: Redactor, persist: boolean) =>
    executeRun(
      { db, log, now, leaseMs, portsFor, finished, signal: stopping.signal },
      job,
      runId,
      redactor,
      persist,
    );

  /**
   * A failed hand-off loses nothing: the run stays queued, and once its lease has run out the
   * recovery (the Cron Trigger's) hands it over again.
   */
  async function handOff(run: HandedRun): Promise<void> {
    try {
      await options.handOff!(run);
    } catch (error) {
      log.error('workflow_run_handoff_failed', { runId: run.runId, error: String(error) });
    }
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
    if (options.handOff && !launchOptions.wait) {
      await handOff({ runId, workflowId: job.workflowId, userId: job.userId });
      return { runId, duplicate: false };
    }
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
        ...(options.handOff ? { handOff } : {}),
        restart: (job, runId) => {
          track(execute(job, runId, new Redactor(), true)).catch((error) =>
            log.error('workflow_run_not_recorded', { runId, error: String(error) }),
          );
        },
      });
    },
    /**
     * Carries out runs handed over by `handOff` (the workflow's Durable Object calls this): claims
     * those still queued, and resolves once they are claimed with `done`, which resolves once they
     * have ended. A run already claimed, ended or deleted is passed over.
     */
    async runStored(
      ref: WorkflowRef,
      runIds: readonly string[],
    ): Promise<{ claimed: string[]; done: Promise<unknown> }> {
      const jobs = await db.withUser(builderClaims(ref.userId), (tx) =>
        claimStoredRuns(tx, { ...ref, runIds, leaseUntil: new Date(now() + leaseMs) }),
      );
      const done = jobs.map(({ job, runId }) =>
        track(execute(job, runId, new Redactor(), true)).catch((error) =>
          log.error('workflow_run_not_recorded', { runId, error: String(error) }),
        ),
      );
      return { claimed: jobs.map((job) => job.runId), done: Promise.all(done) };
    },
    /** What a deleted workflow leaves in the runtime: its state (its runs go with its rows). */
    forget(ref: WorkflowRef): Promise<void> {
      return options.state.clearAll(ref);
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
