import { stepsBefore } from '../../../../runtime/workflows/plan.ts';
import type { WorkflowDefinition } from '../../../../schemas/definitions.ts';
import type { RunDetail, RunStatus, StepRecord } from '../../../../schemas/index.ts';
import { stepNodeId, TRIGGER_NODE_ID } from '../../studio/graph/node-ids.ts';
import { loopOf } from '../../studio/nodes/workflow/shared/loops.ts';

/**
 * What one node did in a run, folded from its step records: a step inside a for-each has one
 * record per item, a step with retries one record with `attempts` > 1.
 */
export type NodeOutcomeStatus = 'succeeded' | 'failed' | 'skipped' | 'not_reached' | 'waiting' | 'kept';

export interface NodeRunOutcome {
  status: NodeOutcomeStatus;
  /** The most attempts one execution needed (1 = no retry). */
  attempts: number;
  /** Total time over every execution. */
  durationMs: number;
  /** How many times it ran (once per item inside a for-each). */
  executions: number;
  /** How many of those failed. */
  failures: number;
  /** For a for-each: how many items the loop went through. */
  items?: number;
  /** For a condition: the branch taken (the last one, inside a loop). */
  branch?: string;
}

export type RunOutcomes = ReadonlyMap<string, NodeRunOutcome>;

const LIVE: readonly RunStatus[] = ['queued', 'running'];

/** The records of one step in the order a person reads them: by item, then by start. */
export function recordsOfStep(steps: readonly StepRecord[], stepId: string): StepRecord[] {
  return steps
    .filter((record) => record.stepId === stepId)
    .sort((a, b) => (a.item ?? -1) - (b.item ?? -1) || a.startedAt.localeCompare(b.startedAt));
}

/**
 * Every node of the definition with its outcome in the run: the trigger (it fired), each step
 * with its folded records, and steps without records as not reached (or still waiting while the
 * run is live). Records of steps the definition no longer has are left out: the canvas shows
 * the current draft, which may differ from the version the run used. In a re-run, the steps
 * before the one it started from did not run again: they are "kept" (their outputs came from
 * the run it re-ran), not "not reached", which would say the path never got there.
 */
export function outcomesByNode(
  run: Pick<RunDetail, 'status' | 'steps'> & { rerunOf?: RunDetail['rerunOf'] },
  definition: Pick<WorkflowDefinition, 'steps' | 'start' | 'trigger' | 'connections'>,
): Map<string, NodeRunOutcome> {
  const outcomes = new Map<string, NodeRunOutcome>();
  outcomes.set(TRIGGER_NODE_ID, {
    status: 'succeeded',
    attempts: 1,
    durationMs: 0,
    executions: 1,
    failures: 0,
  });
  const live = LIVE.includes(run.status);
  const kept = keptSteps(run.rerunOf?.fromStep, definition);
  for (const step of definition.steps) {
    const records = recordsOfStep(run.steps, step.id);
    const outcome = fold(records, live);
    if (records.length === 0 && kept.has(step.id)) outcome.status = 'kept';
    if (step.kind === 'for_each' && records.length > 0)
      outcome.items = loopItems(run.steps, records, definition, step.id);
    outcomes.set(stepNodeId(step.id), outcome);
  }
  return outcomes;
}

/** The steps whose recorded outputs a re-run from `fromStep` reused, as the draft places them. */
function keptSteps(fromStep: string | undefined, definition: Parameters<typeof outcomesByNode>[1]) {
  if (fromStep === undefined) return new Set<string>();
  try {
    const before = stepsBefore(definition as WorkflowDefinition, fromStep);
    return new Set(before.ok ? before.value : []);
  } catch {
    // A draft the plan cannot read draws those steps as not reached.
    return new Set<string>();
  }
}

function fold(records: readonly StepRecord[], live: boolean): NodeRunOutcome {
  if (records.length === 0)
    return {
      status: live ? 'waiting' : 'not_reached',
      attempts: 0,
      durationMs: 0,
      executions: 0,
      failures: 0,
    };
  const failures = records.filter((r) => r.status === 'failed').length;
  const succeeded = records.some((r) => r.status === 'succeeded');
  const branch = [...records].reverse().find((r) => r.branch !== undefined)?.branch;
  return {
    status: failures > 0 ? 'failed' : succeeded ? 'succeeded' : 'skipped',
    attempts: Math.max(...records.map((r) => r.attempts)),
    durationMs: records.reduce((sum, r) => sum + r.durationMs, 0),
    executions: records.length,
    failures,
    ...(branch === undefined ? {} : { branch }),
  };
}

/**
 * Items a for-each went through: the list it recorded as output when it did, else the distinct
 * item indexes of the steps in its body (an item whose body failed early still counts).
 */
function loopItems(
  all: readonly StepRecord[],
  own: readonly StepRecord[],
  definition: Parameters<typeof outcomesByNode>[1],
  forEachId: string,
): number {
  const listed = Math.max(0, ...own.map((r) => listLength(r.output)));
  const seen = new Set<number>();
  for (const record of all) {
    if (record.item === undefined || record.stepId === forEachId) continue;
    if (loopOf(definition as WorkflowDefinition, record.stepId) === forEachId) seen.add(record.item);
  }
  return Math.max(listed, seen.size);
}

function listLength(output: unknown): number {
  if (Array.isArray(output)) return output.length;
  if (output !== null && typeof output === 'object') {
    const items = (output as { items?: unknown }).items;
    if (Array.isArray(items)) return items.length;
    if (typeof items === 'number' && Number.isInteger(items)) return items;
  }
  return 0;
}

/** "120 ms", "1.2 s", "2 min 5 s": short enough for a node, exact enough to compare. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

const STATUS_WORDS: Record<NodeOutcomeStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  not_reached: 'Not reached',
  waiting: 'Not reached yet',
  kept: 'Kept from the earlier run',
};

/**
 * The outcome in words, for the node's badge and its accessible name: colour alone is not enough.
 * e.g. "Failed · 1 of 3 failed · 3 attempts · 1.2 s".
 */
export function describeOutcome(outcome: NodeRunOutcome): string {
  const parts = [STATUS_WORDS[outcome.status]];
  if (outcome.items !== undefined) parts.push(`${outcome.items} item${outcome.items === 1 ? '' : 's'}`);
  else if (outcome.executions > 1)
    parts.push(
      outcome.failures > 0
        ? `${outcome.failures} of ${outcome.executions} failed`
        : `${outcome.executions} runs`,
    );
  if (outcome.branch !== undefined) parts.push(`branch ${outcome.branch}`);
  if (outcome.attempts > 1) parts.push(`${outcome.attempts} attempts`);
  if (outcome.executions > 0) parts.push(formatDuration(outcome.durationMs));
  return parts.join(' · ');
}
