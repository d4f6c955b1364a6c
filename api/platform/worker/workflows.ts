import type { Platform } from '../../kernel/context.ts';
import type { OutboundHttp } from '../../ports/outbound-http.ts';
import type { SecretBox } from '../../ports/secret-box.ts';
import type { WorkflowState } from '../../ports/workflow-state.ts';
import type { Db } from '../../store/db.ts';
import { activeWorkflows } from '../../workflows/active-workflows.ts';
import { fireDue } from '../../workflows/fire-due.ts';
import type { AppFetch } from '../../workflows/record-steps.ts';
import { type HandedRun, type WorkflowRunner, workflowRunner } from '../../workflows/runner.ts';
import { schedulerTick, type TickResult } from '../../workflows/scheduler.ts';
import { stepPorts } from '../../workflows/step-ports.ts';
import { scopedDb, scopedWorkflowState } from './request-scope.ts';

// The workflow runtime on Cloudflare. The runner and step ports are the Node target's (api/workflows);
// what differs is the lifetime: a Worker has no process to keep a scheduler loop in, so a Cron
// Trigger runs one scheduler tick a minute, and each request (or Cron Trigger) has a runner of its
// own, so that `drain()` waits for exactly the runs it started (main.ts hands that to waitUntil).
// A run that answers nobody (an async webhook's, a message's, a re-run, a cron or polling run)
// does not run there: it is stored queued and handed to its workflow's Durable Object
// (workflow-object.ts), whose alarm carries it out. Sync webhooks and test runs still run in the
// request, whose sender waits for them. State lives in the workflows' objects too.

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
  /** The workflows' objects' state (WORKFLOWS); inside an object, its own storage instead. */
  state: WorkflowState;
  /** Hands a stored run to its workflow's object. */
  handOff: (run: HandedRun) => Promise<void>;
}

/** Ticks of one Cron Trigger at most: each claims a batch of due schedules. */
const MAX_TICKS_PER_TRIGGER = 10;

export function workerWorkflows(options: WorkerWorkflowOptions) {
  const { platform } = options;
  // Kept per isolate (its answers are plain rows cached a few seconds); its queries go to the
  // database client of the request making them.
  const active = activeWorkflows(scopedDb);
  const state = scopedWorkflowState(options.state);
  const portsFor = stepPorts({
    state,
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
      state,
      handOff: options.handOff,
      rateLimiter: platform.rateLimiter,
      log: platform.log,
      active,
      portsFor,
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    });
  }

  const fireWith = (runner: WorkflowRunner) =>
    fireDue({ runner, active, portsFor, state, log: platform.log });

  /**
   * What a Cron Trigger does: settles runs whose lease ran out (an object evicted in the middle of
   * one; one stored but never claimed is handed to its object again), then fires every schedule
   * due by `now`, batch after batch. The runs it starts are handed to their workflows' objects.
   */
  async function scheduledTick(runner: WorkflowRunner, db: Db, now: Date): Promise<TickResult[]> {
    const recovered = await runner.recover();
    if (recovered.failed || recovered.restarted)
      platform.log.info('workflow_runs_recovered', { ...recovered });
    const owner = `worker:${crypto.randomUUID()}`;
    const fire = fireWith(runner);
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
