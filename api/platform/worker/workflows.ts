import type { Platform } from '../../kernel/context.ts';
import type { OutboundHttp } from '../../ports/outbound-http.ts';
import type { SecretBox } from '../../ports/secret-box.ts';
import type { Db } from '../../store/db.ts';
import { activeWorkflows } from '../../workflows/active-workflows.ts';
import { fireDue } from '../../workflows/fire-due.ts';
import type { AppFetch } from '../../workflows/record-steps.ts';
import { type WorkflowRunner, workflowRunner } from '../../workflows/runner.ts';
import { schedulerTick, type TickResult } from '../../workflows/scheduler.ts';
import { stepPorts } from '../../workflows/step-ports.ts';
import { scopedDb } from './request-scope.ts';

// The workflow runtime on Cloudflare. The runner and step ports are the Node target's (api/workflows);
// what differs is the lifetime: a Worker has no process to keep a scheduler loop in, so a Cron
// Trigger runs one scheduler tick a minute, and each request (or Cron Trigger) has a runner of its
// own, so that `drain()` waits for exactly the runs it started (main.ts hands that to waitUntil,
// and a 202 webhook's run is not cut off when its response goes).

export interface WorkerWorkflowOptions {
  /** The isolate's platform (its db is `scopedDb`). */
  platform: Platform;
  box: SecretBox;
  outbound: OutboundHttp;
  /** The Worker's string vars: OAuth clients (OAUTH_<PROVIDER>_…). */
  env: Readonly<Record<string, string | undefined>>;
  /** The app's own fetch, for record steps (through the published app's data API). */
  fetchApp: AppFetch;
  leaseMs?: number;
  anthropicBaseUrl?: string;
}

/** Ticks of one Cron Trigger at most: each claims a batch of due schedules. */
const MAX_TICKS_PER_TRIGGER = 10;

export function workerWorkflows(options: WorkerWorkflowOptions) {
  const { platform } = options;
  // Kept per isolate (its answers are plain rows cached a few seconds); its queries go to the
  // database client of the request making them.
  const active = activeWorkflows(scopedDb);
  const portsFor = stepPorts({
    db: scopedDb,
    box: options.box,
    secrets: platform.secrets,
    outbound: options.outbound,
    oauthEnv: options.env,
    fetchApp: options.fetchApp,
    callers: platform.internalCallers,
    publicUrl: platform.publicUrl,
    ...(options.anthropicBaseUrl ? { anthropicBaseUrl: options.anthropicBaseUrl } : {}),
  });

  /** A runner for one request or one Cron Trigger, over that invocation's database client. */
  function runnerFor(db: Db): WorkflowRunner {
    return workflowRunner({
      db,
      rateLimiter: platform.rateLimiter,
      log: platform.log,
      active,
      portsFor,
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    });
  }

  const fireWith = (runner: WorkflowRunner, db: Db) =>
    fireDue({ runner, active, portsFor, db, log: platform.log });

  /**
   * What a Cron Trigger does: settles runs whose lease ran out (an isolate evicted in the middle
   * of one), then fires every schedule due by `now`, batch after batch. Runs it starts go on in
   * the background: the caller waits for `runner.drain()`.
   */
  async function scheduledTick(runner: WorkflowRunner, db: Db, now: Date): Promise<TickResult[]> {
    const recovered = await runner.recover();
    if (recovered.failed || recovered.restarted)
      platform.log.info('workflow_runs_recovered', { ...recovered });
    const owner = `worker:${crypto.randomUUID()}`;
    const fire = fireWith(runner, db);
    const results: TickResult[] = [];
    for (let i = 0; i < MAX_TICKS_PER_TRIGGER; i++) {
      const result = await schedulerTick(db, { now, fire, owner, log: platform.log });
      results.push(result);
      if (!result.more) break;
    }
    return results;
  }

  return { active, portsFor, runnerFor, scheduledTick };
}

export type WorkerWorkflows = ReturnType<typeof workerWorkflows>;
