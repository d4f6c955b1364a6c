import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { WorkflowRefNode } from '../../../graph/graph-types.ts';
import { appNodeAriaLabel } from '../aria.ts';
import { nodeFrame } from '../shared/diff-style.ts';
import { DiffBadge } from '../shared/node-parts.tsx';

/** A workflow an automation starts: it lives outside the app, so only its id is shown. */
export const WorkflowRefNodeView = memo(function WorkflowRefNodeView({
  data,
  selected,
}: NodeProps<WorkflowRefNode>) {
  return (
    <article
      aria-label={appNodeAriaLabel({ type: 'workflowRef', data })}
      className={`relative flex h-12 w-[180px] items-center gap-2 rounded-full border px-4 shadow-sm ${nodeFrame(data.diff, selected)}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="h-2! w-2! bg-neutral-400!"
      />
      <span aria-hidden="true" className="text-teal-600">
        ▶
      </span>
      <span className="min-w-0 flex-1">
        <span className="block text-[10px] font-medium tracking-wide text-teal-700 uppercase">Workflow</span>
        <span className="block truncate font-mono text-xs text-neutral-800" title={data.workflowId}>
          {data.workflowId}
        </span>
      </span>
      <DiffBadge diff={data.diff} />
    </article>
  );
});
