import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../kernel/context.ts';
import type { Db } from '../../store/db.ts';
import type { DueSchedule, StartRun } from '../../workflows/run-request.ts';
import { type SchedulerTickOptions, schedulerTick, type TickResult } from '../../workflows/scheduler.ts';

// The embedded scheduler: a timer in the Node process that runs `schedulerTick` on every whole
// second (cron and polling due times fall on whole seconds, so a due workflow starts a few
// milliseconds after it is due), and again at once while a tick finds a full batch. Its state is
// all in the database, so a restart (or a second process on the same Postgres) carries on.

export interface SchedulerLoopOptions {
  db: Db;
  /** Starts the run for one due time; called with the idempotency key `${kind}:${due ISO time}`. */
  fire: (due: DueSchedule) => Promise<void>;
  log: Logger;
  /** Time between ticks; ticks fall on multiples of it. */
  intervalMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
  /** Claim holder; a fresh one per loop by default. */
  owner?: string;
  tick?: Pick<SchedulerTickOptions, 'batch' | 'leaseMs' | 'concurrency'>;
  /** Called after every tick (the bench and tests watch them). */
  onTick?: (result: TickResult) => void;
}

export interface SchedulerLoop {
  readonly owner: string;
  /** Stops ticking: a tick in flight starts no further firing, gives its other claims back and ends. */
  stop(): Promise<void>;
}

/** The `fire` of the scheduler over the runner: a due time is a run whose key is its due time. */
export function fireWithStartRun(startRun: StartRun): (due: DueSchedule) => Promise<void> {
  return async (due) => {
    await startRun({
      workflowId: due.workflowId,
      userId: due.userId,
      trigger: due.kind,
      triggerInput: { scheduledAt: due.dueAt.toISOString() },
      idempotencyKey: `${due.kind}:${due.dueAt.toISOString()}`,
    });
  };
}

export function startSchedulerLoop(options: SchedulerLoopOptions): SchedulerLoop {
  const intervalMs = options.intervalMs ?? 1000;
  const now = options.now ?? Date.now;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | null = null;
  let failing = false;

  const schedule = (delay: number) => {
    if (abort.signal.aborted) return;
    timer = setTimeout(() => {
      inFlight = runTick().finally(() => {
        inFlight = null;
      });
    }, delay);
  };
  // A couple of milliseconds past the boundary, so the tick's clock reads the due second itself.
  const untilNextBoundary = () => intervalMs - (now() % intervalMs) + 2;

  async function runTick() {
    let result: TickResult | null = null;
    try {
      result = await schedulerTick(options.db, {
        ...options.tick,
        now: new Date(now()),
        fire: options.fire,
        owner,
        signal: abort.signal,
        log: options.log,
      });
      if (failing) options.log.info('workflow_scheduler_recovered', { owner });
      failing = false;
      options.onTick?.(result);
    } catch (error) {
      // A database that is down for a while logs once, not every second.
      if (!failing) {
        options.log.error('workflow_scheduler_tick_failed', {
          owner,
          error: error instanceof Error ? error.message : 'unknown',
        });
      }
      failing = true;
    }
    schedule(result?.more ? 0 : untilNextBoundary());
  }

  schedule(untilNextBoundary());
  return {
    owner,
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await inFlight;
    },
  };
}
