import { dedupeKeyOf, pollItems, pollRequest } from '../../runtime/workflows/index.ts';
import type { Logger } from '../kernel/context.ts';
import type { WorkflowState } from '../ports/workflow-state.ts';
import type { RunnableWorkflow } from './active-workflows.ts';
import { Redactor } from './redact.ts';
import type { PortsFor, WorkflowRunner } from './runner.ts';
import { stateSteps } from './state-steps.ts';

// A polling trigger's turn: ask the connection for its list, and run the workflow once per item
// it has not seen before. What was seen is kept in the workflow's state (the newest keys, bounded),
// and each item's run carries its key as idempotency key, so an item is never run twice even if
// the process stops between starting its run and remembering it.

/** The state key where seen item keys live (steps cannot reach keys starting with "__"). */
export const SEEN_KEY = '__polling_seen';
/** How many seen keys are remembered: enough for any list a service pages back. */
export const MAX_SEEN = 1_000;
/** And within the size a state value may have (64 KB), oldest dropped first. */
const MAX_SEEN_BYTES = 60_000;

export interface PollOutcome {
  items: number;
  started: number;
  /** First poll after activation: what is there now is the starting point, not new. */
  baseline: boolean;
  error?: string;
}

export async function pollOnce(options: {
  state: WorkflowState;
  workflow: RunnableWorkflow;
  runner: WorkflowRunner;
  portsFor: PortsFor;
  log: Logger;
}): Promise<PollOutcome> {
  const { workflow, runner, log } = options;
  const { trigger } = workflow.definition;
  if (trigger.kind !== 'polling')
    return { items: 0, started: 0, baseline: false, error: 'not a polling workflow' };
  const ports = options.portsFor({
    runId: `poll:${workflow.workflowId}`,
    userId: workflow.userId,
    workflowId: workflow.workflowId,
    definition: workflow.definition,
    redactor: new Redactor(),
  });
  const fail = (error: string): PollOutcome => {
    log.error('workflow_poll_failed', { workflowId: workflow.workflowId, error });
    return { items: 0, started: 0, baseline: false, error };
  };
  const request = pollRequest(trigger);
  if (!request.ok) return fail(request.error);
  let items: unknown[];
  try {
    const response = await ports.callConnection(request.value, AbortSignal.timeout(30_000));
    if (response.status >= 400) return fail(`the connection answered ${response.status}`);
    const listed = pollItems(trigger, response);
    if (!listed.ok) return fail(listed.error);
    items = listed.value;
  } catch (error) {
    return fail((error as Error).message);
  }
  const keyed: { key: string; item: unknown }[] = [];
  for (const item of items) {
    const key = dedupeKeyOf(trigger, item);
    if (key.ok) keyed.push({ key: key.value, item });
    else log.error('workflow_poll_item_skipped', { workflowId: workflow.workflowId, error: key.error });
  }
  const state = stateSteps(options.state, workflow, { platform: true });
  const stored = await state.getState(SEEN_KEY);
  const seen = new Set(Array.isArray(stored.value) ? (stored.value as string[]) : []);
  const baseline = !stored.found;
  let started = 0;
  if (!baseline) {
    for (const { key, item } of keyed) {
      if (seen.has(key)) continue;
      try {
        const run = await runner.start({
          workflowId: workflow.workflowId,
          userId: workflow.userId,
          trigger: 'polling',
          triggerInput: item,
          idempotencyKey: `polling:${key}`,
        });
        if (!run.duplicate) started += 1;
      } catch (error) {
        // The limit or a deactivation: the item stays unseen, so the next poll tries again.
        log.error('workflow_poll_run_not_started', { workflowId: workflow.workflowId, error: String(error) });
        continue;
      }
      seen.add(key);
    }
  } else {
    for (const { key } of keyed) seen.add(key);
  }
  const kept = [...seen].slice(-MAX_SEEN);
  while (kept.length > 0 && JSON.stringify(kept).length > MAX_SEEN_BYTES) kept.shift();
  await state.setState(SEEN_KEY, kept);
  return { items: keyed.length, started, baseline };
}
