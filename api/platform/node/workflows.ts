import type { Hono } from 'hono';
import type { AppEnv, Platform } from '../../kernel/context.ts';
import type { OutboundHttp } from '../../ports/outbound-http.ts';
import type { SecretBox } from '../../ports/secret-box.ts';
import { postgresWorkflowState } from '../../ports/workflow-state.ts';
import { activeWorkflows } from '../../workflows/active-workflows.ts';
import { fireDue } from '../../workflows/fire-due.ts';
import { workflowRunner } from '../../workflows/runner.ts';
import { stepPorts } from '../../workflows/step-ports.ts';
import { startSchedulerLoop } from './scheduler-loop.ts';

// The embedded default's workflow runtime: the runner in this process, the scheduler loop that
// fires cron and polling workflows, and the recovery of runs a stopped process left behind.

export interface NodeWorkflowOptions {
  platform: Platform;
  app: Hono<AppEnv>;
  box: SecretBox;
  outbound: OutboundHttp;
  env: Readonly<Record<string, string | undefined>>;
  now?: () => number;
}

/**
 * A run's claim lasts this long unless renewed (every third of it while the run goes on); a
 * restarted or second process settles a run whose claim ran out. WORKFLOW_RUN_LEASE_MS changes it
 * (tests shorten it to see a restart settle runs quickly).
 */
const DEFAULT_LEASE_MS = 20_000;

export function nodeWorkflows(options: NodeWorkflowOptions) {
  const { platform } = options;
  const active = activeWorkflows(platform.db);
  const state = postgresWorkflowState(platform.db);
  const portsFor = stepPorts({
    state,
    db: platform.db,
    box: options.box,
    secrets: platform.secrets,
    outbound: options.outbound,
    oauthEnv: options.env,
    fetchApp: (request) => options.app.fetch(request),
    callers: platform.internalCallers,
    publicUrl: platform.publicUrl,
    ...(options.env.ANTHROPIC_BASE_URL ? { anthropicBaseUrl: options.env.ANTHROPIC_BASE_URL } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const leaseMs = Number(options.env.WORKFLOW_RUN_LEASE_MS) || DEFAULT_LEASE_MS;
  const runner = workflowRunner({
    leaseMs,
    state,
    db: platform.db,
    rateLimiter: platform.rateLimiter,
    log: platform.log,
    active,
    portsFor,
    ...(options.now ? { now: options.now } : {}),
  });
  platform.activeWorkflows = active;
  platform.workflows = runner;

  const fire = fireDue({ runner, active, portsFor, state, log: platform.log });

  let loop: ReturnType<typeof startSchedulerLoop> | undefined;
  let recovery: NodeJS.Timeout | undefined;

  return {
    runner,
    fire,
    /** Settles what a previous process left, then fires schedules every second. */
    async start(): Promise<void> {
      const recovered = await runner.recover();
      if (recovered.failed || recovered.restarted)
        platform.log.info('workflow_runs_recovered', { ...recovered });
      loop = startSchedulerLoop({
        db: platform.db,
        fire,
        log: platform.log,
        ...(options.now ? { now: options.now } : {}),
      });
      recovery = setInterval(() => {
        runner
          .recover()
          .catch((error) => platform.log.error('workflow_recovery_failed', { error: String(error) }));
      }, leaseMs / 2);
      recovery.unref();
    },
    async stop(): Promise<void> {
      if (recovery) clearInterval(recovery);
      await loop?.stop();
      await runner.stop();
    },
  };
}
