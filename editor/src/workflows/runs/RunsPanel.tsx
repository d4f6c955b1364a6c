import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunDetail } from '../../../../schemas/index.ts';
import { errorMessage } from '../../api/api-error.ts';
import { Spinner } from '../../components/Spinner.tsx';
import { useStudioStore, useWorkflowStore } from '../../studio/canvas/store-context.tsx';
import { stepNodeId, TRIGGER_NODE_ID } from '../../studio/graph/node-ids.ts';
import type { KindTools } from '../../studio/page/definition-kind.ts';
import { JsonBlock } from './JsonBlock.tsx';
import { RunList, RunStatusPill } from './RunList.tsx';
import { describeOutcome, formatDuration, outcomesByNode } from './run-outcomes.ts';
import { useRunSelection } from './run-selection.tsx';
import { RUN_TRIGGER_LABELS } from './run-status.ts';
import { useRuns } from './runs-api.ts';

/**
 * The "Runs" side tab: the run list (live while a run moves) and, for the selected run, what
 * happened step by step; a step opens in the inspector with its recorded input and output.
 */
export function RunsPanel({ id, showNode, showTab }: KindTools) {
  const runs = useRuns(id);
  const selection = useRunSelection();
  const now = useNow(30_000);
  useInspectOnNodeClick(selection.runId !== null, showTab);
  return (
    <div className="flex flex-col">
      {runs.error && runs.data && (
        <p role="status" className="border-b border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900">
          Could not refresh the runs: {errorMessage(runs.error)}
        </p>
      )}
      <RunList
        runs={runs.data?.runs}
        loading={runs.isPending}
        error={runs.error}
        onRetry={() => void runs.refetch()}
        selectedRunId={selection.runId}
        onSelect={selection.select}
        now={now}
      />
      {selection.runId !== null && (
        <section aria-label="Selected run" className="border-t border-neutral-200 p-3">
          {selection.run.data && selection.run.data.id === selection.runId ? (
            <RunDetailView
              run={selection.run.data}
              onShowNode={showNode}
              onClear={() => selection.select(null)}
            />
          ) : selection.run.error ? (
            <p role="alert" className="text-sm text-red-700">
              Could not load this run: {errorMessage(selection.run.error)}
            </p>
          ) : (
            <Spinner size="sm" label="Loading the run…" />
          )}
        </section>
      )}
    </div>
  );
}

function RunDetailView({
  run,
  onShowNode,
  onClear,
}: {
  run: RunDetail;
  onShowNode: (nodeId: string) => void;
  onClear: () => void;
}) {
  const definition = useWorkflowStore((s) => s.definition);
  const baseVersion = useWorkflowStore((s) => s.baseVersion);
  const outcomes = useMemo(() => {
    try {
      return outcomesByNode(run, definition);
    } catch {
      return new Map();
    }
  }, [run, definition]);
  const labels = new Map(definition.steps.map((step) => [step.id, step.label]));
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <RunStatusPill status={run.status} />
        <span className="text-neutral-700">
          {RUN_TRIGGER_LABELS[run.trigger]} · v{run.version}
          {run.durationMs !== null && ` · ${formatDuration(run.durationMs)}`}
        </span>
        <button type="button" className="ml-auto text-xs text-neutral-600 underline" onClick={onClear}>
          Back to editing
        </button>
      </div>
      {run.error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
          {run.error}
        </p>
      )}
      {run.rerunOf && (
        <p className="text-xs text-neutral-600">
          Re-run from step “{labels.get(run.rerunOf.fromStep) ?? run.rerunOf.fromStep}”.
        </p>
      )}
      {baseVersion !== run.version && (
        <p className="text-xs text-neutral-600">
          This run used version {run.version}; the canvas shows your draft (v{baseVersion}), so steps added or
          removed since are marked by what the draft has.
        </p>
      )}
      <div>
        <h3 className="font-semibold text-neutral-900">Steps</h3>
        <ul aria-label="Steps of the run" className="mt-1 space-y-1">
          <li>
            <StepLink
              label="Trigger"
              detail="Started the run"
              tone="succeeded"
              onClick={() => onShowNode(TRIGGER_NODE_ID)}
            />
          </li>
          {definition.steps.map((step) => {
            const outcome = outcomes.get(stepNodeId(step.id));
            return (
              <li key={step.id}>
                <StepLink
                  label={labels.get(step.id) ?? step.id}
                  detail={outcome ? describeOutcome(outcome) : 'Not in this draft'}
                  tone={outcome?.status}
                  onClick={() => onShowNode(stepNodeId(step.id))}
                />
              </li>
            );
          })}
        </ul>
      </div>
      {run.tokens.input + run.tokens.output > 0 && (
        <p className="text-xs text-neutral-600">
          AI tokens: {run.tokens.input} in, {run.tokens.output} out.
        </p>
      )}
      <JsonBlock title="What started it" value={run.triggerInput} />
      {run.response !== undefined && <JsonBlock title="Response" value={run.response} />}
    </div>
  );
}

const TONES: Record<string, string> = {
  succeeded: 'border-l-emerald-500',
  failed: 'border-l-red-500',
  kept: 'border-l-emerald-300',
};

function StepLink({
  label,
  detail,
  tone,
  onClick,
}: {
  label: string;
  detail: string;
  tone?: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      className={`w-full rounded border border-l-4 border-neutral-200 px-2 py-1 text-left hover:bg-neutral-50 ${TONES[tone ?? ''] ?? 'border-l-neutral-300'}`}
    >
      <span className="block truncate font-medium text-neutral-900">{label}</span>
      <span className="block truncate text-xs text-neutral-600">{detail}</span>
    </button>
  );
}

/**
 * With a run selected, clicking a node on the canvas means "what did this step do": open the
 * inspector, where its records are. A selection already there when the tab opened does not count.
 */
function useInspectOnNodeClick(runSelected: boolean, showTab: (tab: string) => void) {
  const selected = useStudioStore((s) => s.selected);
  const initial = useRef(selected);
  useEffect(() => {
    if (runSelected && selected !== initial.current && selected.length === 1) showTab('inspect');
  }, [runSelected, selected, showTab]);
}

/** The current time, refreshed now and then so "5 min ago" stays true. */
function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
