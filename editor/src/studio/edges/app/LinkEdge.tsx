import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { LinkEdge } from '../../graph/graph-types.ts';
import { edgeStroke } from '../../nodes/app/shared/diff-style.ts';

/** Lighter than relations: these say what hangs off a table, not how data is joined. */
const LINK_STROKE: Record<LinkEdge['type'] & string, string> = {
  view: '#a3a3a3',
  automation: '#a78bfa',
  action: '#a78bfa',
};

/**
 * A view to its table, an automation to its table, an action to what it acts on (dashed: it
 * happens later, when the automation runs).
 */
export const LinkEdgeView = memo(function LinkEdgeView(props: EdgeProps<LinkEdge>) {
  const { id, type, data, label, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  const diff = edgeStroke(data?.diff);
  const dash = diff?.dash ?? (type === 'action' ? '5 4' : undefined);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(markerEnd ? { markerEnd } : {})}
        style={{
          stroke: diff?.stroke ?? LINK_STROKE[type as keyof typeof LINK_STROKE] ?? '#a3a3a3',
          strokeWidth: selected ? 2 : 1,
          ...(dash ? { strokeDasharray: dash } : {}),
          ...(diff?.opacity !== undefined ? { opacity: diff.opacity } : {}),
        }}
      />
      {typeof label === 'string' && label && (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan pointer-events-none absolute rounded bg-white/90 px-1 text-[10px] text-neutral-500"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
