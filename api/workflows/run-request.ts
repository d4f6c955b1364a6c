import type { RunTrigger } from '../../schemas/api/workflow-runs.ts';

// How anything that starts a workflow run (a webhook, the scheduler, polling, a test run, a
// re-run) asks for one. The runner (`runner.ts`) stores the run durably before executing it, so a
// restart finds it; the idempotency key makes a repeated request (a retried delivery, a due time
// fired again after a crash) return the first run instead of starting another.

export interface RunRequest {
  workflowId: string;
  /** The workflow's builder; the run acts as them, under row-level security. */
  userId: string;
  trigger: RunTrigger;
  /** What started it: `{body, headers, query}` of a webhook, `{scheduledAt}` of a cron tick, an item. */
  triggerInput: unknown;
  /** Unique per workflow: `cron:<due ISO time>`, `polling:<due ISO time>`, a delivery id, … */
  idempotencyKey?: string;
}

export interface StartedRun {
  runId: string;
  /** True when a run with this idempotency key already existed (nothing new was started). */
  duplicate: boolean;
}

/** Starts (or finds) a run; resolves once it is stored, while it executes in the background. */
export type StartRun = (request: RunRequest) => Promise<StartedRun>;

/** A due schedule, as the scheduler hands it to the runner. */
export interface DueSchedule {
  workflowId: string;
  userId: string;
  kind: 'cron' | 'polling';
  /** The due time this firing is for (not the time it fired). */
  dueAt: Date;
}
