import { useMemo, useState } from 'react';
import { stepsBefore } from '../../../../runtime/workflows/plan.ts';
import type { RunDetail, StepRecord } from '../../../../schemas/index.ts';
import { Button } from '../../components/Button.tsx';
import { useWorkflowStore } from '../../studio/canvas/store-context.tsx';
import { parseNodeId, stepNodeId } from '../../studio/graph/node-ids.ts';
import { JsonBlock } from './JsonBlock.tsx';
import { RerunDialog } from './RerunDialog.tsx';
import { RunStatusPill } from './RunList.tsx';
import { formatDuration, recordsOfStep } from './run-outcomes.ts';
import { useNodeRunOutcome } from './run-overlay.tsx';
import { useRunSelection } from './run-selection.tsx';
import { isLive } from './run-status.ts';

/**
 * Above a node's settings in the inspector while a run is selected: what the node did in it.
 * The trigger shows what started the run; a step each of its records (one per item in a loop).
 */
export function StepRunRecords({ nodeId }: { nodeId: string }) {
  const selection = useRunSelection();
  const run = selection.run.data;
  if (selection.runId === null || !run || run.id !== selection.runId) return null;
  const parsed = parseNodeId(nodeId);
  return (
    <section
      aria-label="In the selected run"
      className="space-y-2 border-b border-neutral-200 bg-neutral-50/60 p-3 text-sm"
    >
      <div className="flex items-center gap-2">
        <h3 className="font-semibold text-neutral-900">In the selected run</h3>
        <RunStatusPill status={run.status} />
      </div>
      {parsed?.entity === 'trigger' ? (
        <JsonBlock title="What started it" value={run.triggerInput} />
      ) : parsed?.entity === 'step' ? (
        <StepRecords run={run} stepId={parsed.id} readOnly={selection.readOnly} />
      ) : null}
    </section>
  );
}

function StepRecords({ run, stepId, readOnly }: { run: RunDetail; stepId: string; readOnly: boolean }) {
  const definition = useWorkflowStore((s) => s.definition);
  const [asking, setAsking] = useState(false);
  const records = recordsOfStep(run.steps, stepId);
  const outcome = useNodeRunOutcome(stepNodeId(stepId));
  const label = definition.steps.find((step) => step.id === stepId)?.label ?? stepId;
  // A step inside a for-each cannot start a re-run (its item is gone): say which loop can.
  const refusal = useMemo(() => {
    try {
      const before = stepsBefore(definition, stepId);
      return before.ok ? null : before.error;
    } catch {
      return null;
    }
  }, [definition, stepId]);
  const live = isLive(run.status);
  return (
    <>
      {records.length === 0 ? (
        <p className="text-neutral-600">
          {outcome?.status === 'kept'
            ? 'Not run again: this re-run kept the output recorded in the run it re-ran.'
            : live
              ? 'Not reached yet.'
              : 'Not reached: the run ended before this step, or took another path.'}
        </p>
      ) : (
        <ol className="space-y-3">
          {records.map((record) => (
            <li key={`${record.item ?? 'once'}:${record.startedAt}:${record.attempts}`}>
              <RecordView record={record} />
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <div className="pt-1">
          <Button
            variant="secondary"
            disabled={live || refusal !== null}
            title={live ? 'Wait for the run to finish' : (refusal ?? 'Run this step and the rest again')}
            onClick={() => setAsking(true)}
          >
            Re-run from here
          </Button>
          {refusal && <p className="mt-1 text-xs text-neutral-600">{refusal}</p>}
          <RerunDialog
            open={asking}
            onOpenChange={setAsking}
            runId={run.id}
            runVersion={run.version}
            stepId={stepId}
            stepLabel={label}
          />
        </div>
      )}
    </>
  );
}

const RECORD_TONE: Record<StepRecord['status'], string> = {
  succeeded: 'text-emerald-700',
  failed: 'text-red-700',
  skipped: 'text-neutral-500',
};

export function RecordView({ record }: { record: StepRecord }) {
  return (
    <div className="space-y-1.5">
      <p className="flex flex-wrap gap-x-2 text-xs text-neutral-700">
        <span className={`font-semibold capitalize ${RECORD_TONE[record.status]}`}>{record.status}</span>
        {record.item !== undefined && <span>item {record.item + 1}</span>}
        <span>
          {record.attempts} attempt{record.attempts === 1 ? '' : 's'}
        </span>
        <span>{formatDuration(record.durationMs)}</span>
        {record.branch !== undefined && <span>branch: {record.branch}</span>}
      </p>
      {record.error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-xs text-red-800">
          <span className="font-mono">{record.error.code}</span>: {record.error.message}
        </p>
      )}
      {record.status === 'failed' && record.input === null ? (
        // The runtime records null when a step failed while building its input (a missing
        // field in an expression): "null" would read as if the step had been given null.
        <section aria-label="Input">
          <h4 className="text-xs font-semibold text-neutral-700">Input</h4>
          <p className="mt-1 text-xs text-neutral-600">Not built: the step failed while working it out.</p>
        </section>
      ) : (
        <JsonBlock title="Input" value={record.input} />
      )}
      {record.output !== undefined && <JsonBlock title="Output" value={record.output} />}
    </div>
  );
}
