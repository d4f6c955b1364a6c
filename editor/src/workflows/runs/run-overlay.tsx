import { createContext, useContext } from 'react';
import {
  describeOutcome,
  formatDuration,
  type NodeOutcomeStatus,
  type NodeRunOutcome,
  type RunOutcomes,
} from './run-outcomes.ts';

/**
 * The selected run's outcome per canvas node, for the workflow node components. Empty (no run
 * selected, or outside the workflow studio) draws the nodes as usual. Read-only: the overlay
 * never touches the definition.
 */
const RunOverlayContext = createContext<RunOutcomes | null>(null);
export const RunOverlayProvider = RunOverlayContext.Provider;

export function useNodeRunOutcome(nodeId: string): NodeRunOutcome | undefined {
  return useContext(RunOverlayContext)?.get(nodeId);
}

/**
 * The node's frame in a run: green succeeded, red failed, grey for what did not run, pale green
 * for what a re-run kept from the earlier run (its output counted, but it did not run again).
 */
const FRAMES: Record<NodeOutcomeStatus, string> = {
  succeeded: 'border-emerald-500 ring-2 ring-emerald-500/40',
  failed: 'border-red-500 ring-2 ring-red-500/40',
  skipped: 'border-neutral-300 opacity-60',
  not_reached: 'border-dashed border-neutral-300 opacity-50',
  waiting: 'border-dashed border-neutral-400 opacity-70',
  kept: 'border-dashed border-emerald-400',
};

export function outcomeFrame(status: NodeOutcomeStatus): string {
  return FRAMES[status];
}

const BADGES: Record<NodeOutcomeStatus, { icon: string; className: string }> = {
  succeeded: { icon: '✓', className: 'bg-emerald-600 text-white' },
  failed: { icon: '✕', className: 'bg-red-600 text-white' },
  skipped: { icon: '–', className: 'bg-neutral-200 text-neutral-700' },
  not_reached: { icon: '○', className: 'bg-neutral-200 text-neutral-600' },
  waiting: { icon: '…', className: 'bg-neutral-200 text-neutral-700' },
  kept: { icon: '↺', className: 'bg-emerald-100 text-emerald-800 ring-1 ring-emerald-300' },
};

const QUIET: Record<NodeOutcomeStatus, string> = {
  succeeded: 'done',
  failed: 'failed',
  skipped: 'skipped',
  not_reached: 'not reached',
  waiting: 'waiting',
  kept: 'kept',
};

/**
 * A small pill over the node's top edge (it takes no room, so the layout does not move): an
 * icon and the short facts (items, attempts, duration); the whole outcome in words for screen
 * readers and on hover.
 */
export function RunOutcomeBadge({ outcome, text }: { outcome: NodeRunOutcome; text?: string }) {
  const look = BADGES[outcome.status];
  const full = text ?? describeOutcome(outcome);
  const short: string[] = [];
  if (outcome.items !== undefined) short.push(`${outcome.items} item${outcome.items === 1 ? '' : 's'}`);
  else if (outcome.executions > 1) short.push(`${outcome.executions}×`);
  if (outcome.attempts > 1) short.push(`${outcome.attempts} attempts`);
  if (outcome.executions > 0 && text === undefined) short.push(formatDuration(outcome.durationMs));
  return (
    <span
      data-run-outcome={outcome.status}
      title={full}
      className={`pointer-events-auto absolute -top-2.5 right-2 z-10 inline-flex items-center gap-1 rounded-full px-1.5 text-[10px] leading-4 font-semibold shadow-sm ${look.className}`}
    >
      <span aria-hidden="true">{look.icon}</span>
      <span aria-hidden="true">{text ?? (short.length > 0 ? short.join(' · ') : QUIET[outcome.status])}</span>
      <span className="sr-only">Run: {full}</span>
    </span>
  );
}
