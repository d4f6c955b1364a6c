import type { Logger } from '../kernel/context.ts';
import type { WorkflowState } from '../ports/workflow-state.ts';
import type { ActiveWorkflows } from './active-workflows.ts';
import { ExecutionLimitReached } from './execution-limit.ts';
import { pollOnce } from './polling.ts';
import type { DueSchedule } from './run-request.ts';
import type { PortsFor, WorkflowRunner } from './runner.ts';

export interface FireDueOptions {
  runner: WorkflowRunner;
  active: ActiveWorkflows;
  portsFor: PortsFor;
  /** Where a polling trigger remembers the items it has seen. */
  state: WorkflowState;
  log: Logger;
}

/**
 * What the scheduler does with one due time, on either target (the Node loop, the Worker's Cron
 * Trigger): a cron run keyed by its due time, or a polling turn. A run the plan's hourly limit
 * refuses is recorded as a failed run saying why.
 */
export function fireDue(options: FireDueOptions): (due: DueSchedule) => Promise<void> {
  const { runner, active, portsFor, state, log } = options;
  return async (due) => {
    try {
      if (due.kind === 'cron') {
        const request = {
          workflowId: due.workflowId,
          userId: due.userId,
          trigger: 'cron' as const,
          triggerInput: { scheduledAt: due.dueAt.toISOString() },
          idempotencyKey: `cron:${due.dueAt.toISOString()}`,
        };
        try {
          await runner.start(request);
        } catch (error) {
          if (!(error instanceof ExecutionLimitReached)) throw error;
          await runner.recordRefused(request, `Not run: ${error.message}`);
        }
        return;
      }
      const workflow = await active.find(due.workflowId);
      if (workflow) await pollOnce({ state, workflow, runner, portsFor, log });
    } catch (error) {
      // Not thrown on: the scheduler would fire the same due time again, and the reason (a
      // deactivation, a database outage the log shows) is not one a retry right now would change.
      log.error('workflow_schedule_not_fired', {
        workflowId: due.workflowId,
        dueAt: due.dueAt.toISOString(),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
}
