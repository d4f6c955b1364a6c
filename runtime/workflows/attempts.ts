import type { Step } from '../../schemas/definitions.ts';
import { StepFailure, type WorkflowPorts } from './ports.ts';
import { type RunControl, RunStopped, raceDeadline } from './run-control.ts';

export type AttemptOutcome =
  | { ok: true; output: unknown; attempts: number }
  | { ok: false; error: { code: string; message: string }; attempts: number; stopped?: RunStopped };

/** The delay before attempt `failed + 1`, after `failed` failed attempts. */
export function backoffDelay(retry: NonNullable<Step['retry']>, failed: number): number {
  return retry.backoff === 'fixed' ? retry.delayMs : retry.delayMs * 2 ** (failed - 1);
}

/**
 * Makes a port step's call, with its retries and per-attempt timeout. `retry.attempts` is the
 * total number of attempts; a StepFailure with `retryable: false` ends them at once. Each attempt
 * gets the step's timeout (default 30 s), never more than the run has left.
 */
export async function attemptWithRetries(
  step: Step,
  attempt: (signal: AbortSignal) => Promise<unknown>,
  run: RunControl,
  ports: WorkflowPorts,
  defaultTimeoutMs: number,
): Promise<AttemptOutcome> {
  const total = step.retry?.attempts ?? 1;
  const stepTimeout = step.timeoutMs ?? defaultTimeoutMs;
  let last: { code: string; message: string } = { code: 'step_failed', message: 'the step failed' };
  for (let n = 1; n <= total; n++) {
    const remaining = run.remainingMs();
    const ms = Math.min(stepTimeout, remaining);
    // cut short by the run's deadline rather than its own: that is the run timing out
    const onTimeout = () => {
      if (remaining >= stepTimeout)
        return new StepFailure(
          `the step did not finish within ${formatMs(ms)} (its timeout)`,
          'step_timeout',
        );
      run.stop('timed_out');
      return new RunStopped('timed_out');
    };
    try {
      const output = await raceDeadline(run, ms, attempt, onTimeout);
      return { ok: true, output, attempts: n };
    } catch (error) {
      if (error instanceof RunStopped) return stopped(error, n);
      last = failureOf(error);
      if (error instanceof StepFailure && !error.retryable) return { ok: false, error: last, attempts: n };
    }
    if (n < total && step.retry) {
      try {
        await ports.sleep(backoffDelay(step.retry, n), run.signal);
      } catch {
        // the sleep only ends early when the run stops
      }
      if (run.stopReason) return stopped(new RunStopped(run.stopReason), n);
    }
  }
  return { ok: false, error: last, attempts: total };
}

function stopped(error: RunStopped, attempts: number): AttemptOutcome {
  return { ok: false, error: stopError(error.reason), attempts, stopped: error };
}

export function stopError(reason: RunStopped['reason']): { code: string; message: string } {
  return reason === 'timed_out'
    ? { code: 'run_timeout', message: 'the run reached its time limit and was stopped' }
    : { code: 'cancelled', message: 'the run was cancelled' };
}

/** A port's error as the run log shows it. */
export function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof StepFailure) return { code: error.code, message: error.message };
  const message = error instanceof Error && error.message ? error.message : 'the step failed';
  return { code: 'step_failed', message };
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
