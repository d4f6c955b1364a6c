import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { RecipientNode } from '../../../graph/graph-types.ts';
import { appNodeAriaLabel } from '../aria.ts';
import { nodeFrame } from '../shared/diff-style.ts';
import { DiffBadge } from '../shared/node-parts.tsx';

/** Who notifications go to: every end user with a role, or a fixed address. */
export const RecipientNodeView = memo(function RecipientNodeView({
  data,
  selected,
}: NodeProps<RecipientNode>) {
  const role = data.recipient === 'role';
  return (
    <article
      aria-label={appNodeAriaLabel({ type: 'recipient', data })}
      className={`relative flex h-12 w-[180px] items-center gap-2 rounded-full border px-4 shadow-sm ${nodeFrame(data.diff, selected)}`}
    >
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="h-2! w-2! bg-neutral-400!"
      />
      <span aria-hidden="true" className="text-amber-600">
        {role ? '◎' : '✉'}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block text-[10px] font-medium tracking-wide text-amber-700 uppercase">
          {role ? 'Role' : 'Address'}
        </span>
        <span className="block truncate text-xs text-neutral-800" title={data.label}>
          {data.label}
        </span>
      </span>
      <DiffBadge diff={data.diff} />
    </article>
  );
});
