import { runWorkflow } from '../../runtime/workflows/index.ts';
import type { RunResult } from '../../runtime/workflows/ports.ts';
import type { StepRecord } from '../../schemas/index.ts';
import type { Logger } from '../kernel/context.ts';
import type { Db } from '../store/db.ts';
import { finishRun, recordProgress } from '../store/workflow-runs.ts';
import { builderClaims } from './builder-claims.ts';
import type { finishedRunBatcher } from './finished-runs.ts';
import type { Redactor } from './redact.ts';
import type { PortsFor, RunJob } from './runner.ts';

// Carrying out one run (runner.ts decides when and where): its steps recorded as they finish and
// its lease renewed while it goes on, or, for a run that touches nothing outside, stored once
// at its end.

export interface ExecutionContext {
  db: Db;
  log: Logger;
  now: () => number;
  leaseMs: number;
  portsFor: PortsFor;
  finished: ReturnType<typeof finishedRunBatcher>;
  /** Aborted when the runner stops: the run ends "cancelled". */
  signal: AbortSignal;
}

const PROGRESS_EVERY_MS = 1_000;

export async function executeRun(
  context: ExecutionContext,
  job: RunJob,
  runId: string,
  redactor: Redactor,
  persist: boolean,
): Promise<RunResult> {
  const { db, log, now, leaseMs, portsFor, finished } = context;
  const started = now();
  const steps: StepRecord[] = [];
  let lastSaved = started;
  let saving: Promise<void> = Promise.resolve();
  const claims = builderClaims(job.userId);
  const save = () => {
    lastSaved = now();
    const snapshot = redactor.value(steps.slice());
    saving = saving
      .then(() => db.withUser(claims, (tx) => recordProgress(tx, runId, snapshot, new Date(now() + leaseMs))))
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
        signal: context.signal,
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

function describeError(error: NonNullable<RunResult['error']>): string {
  return error.stepId ? `Step "${error.stepId}": ${error.message}` : error.message;
}
