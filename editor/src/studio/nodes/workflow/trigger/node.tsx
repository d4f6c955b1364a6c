import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { outcomeFrame, RunOutcomeBadge, useNodeRunOutcome } from '../../../../workflows/runs/run-overlay.tsx';
import { useStudioStore } from '../../../canvas/store-context.tsx';
import type { StudioState } from '../../../store/store-types.ts';
import { workflowNodeAriaLabel } from '../shared/aria.ts';
import { diffLook } from '../shared/diff-style.ts';
import { KindIcon } from '../shared/KindIcon.tsx';
import { ConnectionChips, DiffTag, ProblemBadge, useNodeProblems } from '../shared/node-parts.tsx';
import { describeTrigger, TRIGGER_KIND_LABELS } from './default.ts';
import type { TriggerNodeProps } from './types.ts';

// Two narrow selectors: the trigger node re-renders when the trigger or the connections change, not on every edit.
const selectTrigger = (state: StudioState) =>
  state.definition.kind === 'workflow' ? state.definition.trigger : undefined;
const selectConnections = (state: StudioState) =>
  state.definition.kind === 'workflow' ? state.definition.connections : undefined;

/**
 * What starts the workflow. Its line is worded from the trigger itself ("Every weekday 08:00
 * Europe/Berlin") while editing; in a diff the node belongs to a version the store does not
 * hold, so it shows the graph's summary of that version instead.
 */
function TriggerNodeView({ id, data, selected, isConnectable }: TriggerNodeProps) {
  const trigger = useStudioStore(selectTrigger);
  const connections = useStudioStore(selectConnections);
  const problems = useNodeProblems(id, data.diff);
  const own = data.diff === undefined && trigger?.kind === data.triggerKind;
  const summary = own && trigger ? describeTrigger(trigger, connections) : data.summary;
  const kind = TRIGGER_KIND_LABELS[data.triggerKind] ?? data.triggerKind;
  const look = diffLook(data.diff);
  const outcome = useNodeRunOutcome(id);
  const run = data.diff === undefined ? outcome : undefined;
  return (
    <article
      aria-label={workflowNodeAriaLabel({ type: 'trigger', data: { ...data, summary } }, problems.length)}
      className={`relative w-60 rounded-lg border bg-white shadow-sm ${run ? outcomeFrame(run.status) : look.frame} ${selected ? 'outline-2 outline-offset-2 outline-indigo-500' : ''}`}
    >
      {run && <RunOutcomeBadge outcome={run} text="Started the run" />}
      <div className="flex items-center gap-2 px-3 pt-2">
        <span className="rounded-md bg-indigo-600 p-1 text-white">
          <KindIcon name={`trigger:${data.triggerKind}`} />
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-[11px] font-medium tracking-wide text-neutral-500 uppercase">When</p>
          <p className="truncate text-sm font-semibold text-neutral-900">{kind}</p>
        </div>
        <ProblemBadge problems={problems} />
        <DiffTag diff={data.diff} />
      </div>
      <p className="truncate px-3 pt-1 pb-2 text-[11px] text-neutral-700" title={summary}>
        {summary}
      </p>
      {data.connections.length > 0 && (
        <div className="pb-2">
          <ConnectionChips connections={data.connections} />
        </div>
      )}
      <Handle
        type="source"
        position={Position.Right}
        isConnectable={isConnectable && data.diff === undefined}
        className="size-2.5! border-2! border-white! bg-indigo-600!"
      />
    </article>
  );
}

export const TriggerNodeComponent = memo(TriggerNodeView);
