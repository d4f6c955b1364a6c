import type { RunStatus, RunSummary, RunTrigger, WorkflowSummary } from '../../../../schemas/index.ts';

/** Runs still moving: the list polls fast while one is, slowly otherwise. */
export const LIVE_POLL_MS = 2_000;
export const IDLE_POLL_MS = 10_000;

export function isLive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** How soon to ask for the run list again, given what it showed last. */
export function runListInterval(runs: readonly Pick<RunSummary, 'status'>[] | undefined): number {
  return runs?.some((run) => isLive(run.status)) ? LIVE_POLL_MS : IDLE_POLL_MS;
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timed_out: 'Timed out',
};

export const RUN_STATUS_TONES: Record<RunStatus, string> = {
  queued: 'bg-neutral-100 text-neutral-700 ring-neutral-300',
  running: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  succeeded: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  failed: 'bg-red-50 text-red-700 ring-red-200',
  timed_out: 'bg-red-50 text-red-700 ring-red-200',
};

export const RUN_TRIGGER_LABELS: Record<RunTrigger, string> = {
  cron: 'Schedule',
  webhook: 'Webhook',
  message: 'Message',
  polling: 'Polling',
  manual: 'Manual test',
  rerun: 'Re-run',
};

/** The header's word for where the workflow stands: "Draft", "Active v3", "Inactive". */
export function workflowStatusLabel(workflow: Pick<WorkflowSummary, 'status' | 'activeVersion'>): string {
  if (workflow.status === 'active')
    return workflow.activeVersion === null ? 'Active' : `Active v${workflow.activeVersion}`;
  return workflow.status === 'inactive' ? 'Inactive' : 'Draft';
}

/** "just now", "5 min ago", "3 h ago", else the date: a run list is read by recency. */
export function startedAgo(startedAt: string, now: Date): string {
  const ms = now.getTime() - Date.parse(startedAt);
  if (Number.isNaN(ms)) return startedAt;
  if (ms < 45_000) return 'just now';
  if (ms < 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min ago`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return new Date(startedAt).toLocaleString();
}
