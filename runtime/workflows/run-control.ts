import type { WorkflowPorts } from './ports.ts';

/** Why a run stopped from outside its steps. */
export type RunStopReason = 'timed_out' | 'cancelled';

/** Calls `onTime` after `ms`; returns a function that cancels it. */
export type Timer = (ms: number, onTime: () => void) => () => void;

/** The platform's timer, for ports that bring none (setTimeout exists in Node, workerd and browsers). */
const platformTimer: Timer = (ms, onTime) => {
  const handle = setTimeout(onTime, Math.min(ms, 2_147_483_647)); // longer delays fire at once
  return () => clearTimeout(handle);
};

const ignore = () => {};

/**
 * The run's hard stops: its deadline (by the clock port, and by a timer so that a step that hangs
 * is cut off) and the caller's cancel signal. `signal` aborts on either; every step attempt and
 * backoff sleep listens to it, so nothing outlives the run.
 */
export class RunControl {
  readonly deadline: number;
  readonly timer: Timer;
  private readonly controller = new AbortController();
  private readonly cancelTimer: () => void;
  private stopped: RunStopReason | undefined;
  private readonly onCancel = () => this.stop('cancelled');

  constructor(
    private readonly ports: WorkflowPorts,
    readonly timeoutMs: number,
    private readonly cancel: AbortSignal | undefined,
  ) {
    this.deadline = ports.now() + timeoutMs;
    this.timer = ports.timer ? ports.timer.bind(ports) : platformTimer;
    this.cancelTimer = this.timer(timeoutMs, () => this.stop('timed_out'));
    if (cancel?.aborted) this.stop('cancelled');
    else cancel?.addEventListener('abort', this.onCancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run must stop, if it must: checked before every step. */
  get stopReason(): RunStopReason | undefined {
    if (!this.stopped && this.ports.now() >= this.deadline) this.stop('timed_out');
    return this.stopped;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.ports.now());
  }

  stop(reason: RunStopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    // an explicit reason: aborting without one builds a DOMException, costly on a hot path
    this.controller.abort(new RunStopped(reason));
  }

  /** Releases the run's timer and listeners. */
  dispose(): void {
    this.cancelTimer();
    this.cancel?.removeEventListener('abort', this.onCancel);
  }
}

/** A failure of one attempt that is not the step's own: the run was stopped while it ran. */
export class RunStopped extends Error {
  constructor(readonly reason: RunStopReason) {
    super(reason);
    this.name = 'RunStopped';
  }
}

/**
 * Runs `work` with a signal that aborts after `ms` or when the run stops, and gives up on it at
 * that moment even if `work` ignores its signal (a port that hangs cannot hold the run).
 * Rejects with `onTimeout()` on the timeout, with RunStopped when the run stopped.
 */
export async function raceDeadline<T>(
  run: RunControl,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  onTimeout: () => Error,
): Promise<T> {
  if (run.stopReason) throw new RunStopped(run.stopReason);
  const attempt = new AbortController();
  let giveUp: (reason: unknown) => void = ignore;
  const aborted = new Promise<never>((_, reject) => {
    giveUp = reject;
  });
  const onRunStop = () => {
    const reason = run.signal.reason;
    attempt.abort(reason);
    giveUp(reason);
  };
  run.signal.addEventListener('abort', onRunStop, { once: true });
  const cancelTimer = run.timer(ms, () => {
    const reason = onTimeout();
    attempt.abort(reason);
    giveUp(reason);
  });
  try {
    const working = work(attempt.signal);
    working.catch(ignore); // when it loses the race, its late failure is nobody's business
    return await Promise.race([working, aborted]);
  } finally {
    cancelTimer();
    run.signal.removeEventListener('abort', onRunStop);
  }
}
