import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { outcomeFrame, RunOutcomeBadge, useNodeRunOutcome } from '../../../../workflows/runs/run-overlay.tsx';
import { workflowNodeAriaLabel } from '../shared/aria.ts';
import { diffLook } from '../shared/diff-style.ts';
import { OutputRow, TargetHandle, useNodeProblems } from '../shared/node-parts.tsx';
import { StepHeader } from '../step/node.tsx';
import type { ForEachNodeProps } from './types.ts';

/** Header height; the layout keeps this much room above the body (GROUP_PADDING.top = 56). */
const HEAD = 56;

/**
 * A for-each drawn as a container holding the steps of its body (they are its children on the
 * canvas). The head shows the loop like any step, with "next" and "on error" on the right.
 */
function ForEachNodeView({ id, data, selected, isConnectable }: ForEachNodeProps) {
  const problems = useNodeProblems(id, data.diff);
  const look = diffLook(data.diff);
  const connectable = isConnectable && data.diff === undefined;
  const body = data.outputs.find((output) => output.handleId === 'body');
  const exits = data.outputs.filter((output) => output.handleId !== 'body');
  // In a selected run the loop shows how many items it went through ("3 items").
  const outcome = useNodeRunOutcome(id);
  const run = data.diff === undefined ? outcome : undefined;
  return (
    <article
      aria-label={workflowNodeAriaLabel({ type: 'forEach', data }, problems.length)}
      className={`relative h-full min-h-[120px] w-full min-w-[280px] rounded-xl border-2 bg-cyan-50/50 ${run ? outcomeFrame(run.status) : look.frame} ${selected ? 'outline-2 outline-offset-2 outline-indigo-500' : ''}`}
    >
      {run && <RunOutcomeBadge outcome={run} />}
      <TargetHandle connectable={connectable} top={HEAD / 2} />
      <div className="flex border-b border-cyan-200 bg-white/80" style={{ height: HEAD }}>
        <div className="min-w-0 flex-1">
          <StepHeader data={data} problems={problems} />
        </div>
        <ul aria-label="Outputs" className="w-20 shrink-0 pt-2">
          {exits.map((output) => (
            <OutputRow
              key={output.handleId}
              id={output.handleId}
              label={output.label}
              open={output.target === undefined}
              error={output.handleId === 'onError'}
              connectable={connectable}
            />
          ))}
        </ul>
      </div>
      {body && (
        // On the head's lower edge, so the body's edge (labelled by the graph) drops into the container.
        <Handle
          type="source"
          position={Position.Bottom}
          id={body.handleId}
          isConnectable={connectable}
          title={`${body.label}: drag to the first step of the body`}
          style={{ left: 36, top: HEAD - 10, bottom: 'auto' }}
          className="size-2.5! border-2! border-white! bg-cyan-600!"
        />
      )}
    </article>
  );
}

export const ForEachNodeComponent = memo(ForEachNodeView);
