import type { RunStatus, RunSummary } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { formatDuration } from './run-outcomes.ts';
import { RUN_STATUS_LABELS, RUN_STATUS_TONES, RUN_TRIGGER_LABELS, startedAgo } from './run-status.ts';

export function RunStatusPill({ status }: { status: RunStatus }) {
  return (
    <span
      data-run-status={status}
      className={`inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${RUN_STATUS_TONES[status]}`}
    >
      {(status === 'running' || status === 'queued') && (
        <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-current" />
      )}
      {RUN_STATUS_LABELS[status]}
    </span>
  );
}

interface RunListProps {
  runs: readonly RunSummary[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selectedRunId: string | null;
  onSelect: (runId: string | null) => void;
  now: Date;
}

/**
 * The workflow's runs, newest first: status, what started it, when, how long. Picking one shows
 * it on the canvas; picking it again puts the canvas back to plain editing.
 */
export function RunList({ runs, loading, error, onRetry, selectedRunId, onSelect, now }: RunListProps) {
  if (error && !runs)
    return (
      <div className="p-3">
        <ErrorAlert title="Could not load the runs" message={errorMessage(error)} onRetry={onRetry} />
      </div>
    );
  if (loading || !runs)
    return (
      <div className="p-3" aria-busy="true">
        <Spinner size="sm" label="Loading runs…" />
      </div>
    );
  if (runs.length === 0)
    return (
      <p className="p-3 text-sm text-neutral-600">No runs yet — send a test run or activate the workflow.</p>
    );
  return (
    <ul aria-label="Runs" className="divide-y divide-neutral-100">
      {runs.map((run) => {
        const selected = run.id === selectedRunId;
        return (
          <li key={run.id}>
            <button
              type="button"
              aria-pressed={selected}
              onClick={() => onSelect(selected ? null : run.id)}
              className={`flex w-full items-center gap-2 px-3 py-2 text-left text-sm hover:bg-neutral-50 ${selected ? 'bg-indigo-50' : ''}`}
            >
              <RunStatusPill status={run.status} />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium text-neutral-900">
                  {RUN_TRIGGER_LABELS[run.trigger]}
                  <span className="ml-1 text-xs font-normal text-neutral-500">v{run.version}</span>
                </span>
                <span
                  className="block truncate text-xs text-neutral-500"
                  title={run.error ? `${run.startedAt} · ${run.error}` : run.startedAt}
                >
                  {startedAgo(run.startedAt, now)}
                  {run.error ? ` · ${run.error}` : ''}
                </span>
              </span>
              <span className="shrink-0 text-xs text-neutral-600 tabular-nums">
                {run.durationMs === null ? '…' : formatDuration(run.durationMs)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
