import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { RelationEdge } from '../../graph/graph-types.ts';
import { edgeStroke } from '../../nodes/app/shared/diff-style.ts';
import { CARDINALITY_WORDS } from '../../nodes/app/shared/field-types.ts';

const RELATION_STROKE = '#6366f1';

/** A relation between two field rows, labelled with its cardinality as seen from its own row. */
export const RelationEdgeView = memo(function RelationEdgeView(props: EdgeProps<RelationEdge>) {
  const {
    id,
    data,
    selected,
    markerEnd,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  } = props;
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const diff = edgeStroke(data?.diff);
  const words = data ? (CARDINALITY_WORDS[data.cardinality] ?? data.cardinality) : '';
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(markerEnd ? { markerEnd } : {})}
        style={{
          stroke: diff?.stroke ?? RELATION_STROKE,
          strokeWidth: selected ? 2.5 : 1.5,
          ...(diff?.dash ? { strokeDasharray: diff.dash } : {}),
          ...(diff?.opacity !== undefined ? { opacity: diff.opacity } : {}),
        }}
      />
      {words && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan pointer-events-auto absolute rounded-full border bg-white px-2 py-0.5 text-[10px] font-medium shadow-sm ${selected ? 'border-indigo-500 text-indigo-800' : 'border-indigo-200 text-indigo-700'}`}
            style={{
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
              ...(diff ? { borderColor: diff.stroke, color: diff.stroke, opacity: diff.opacity ?? 1 } : {}),
            }}
          >
            {words}
            {data?.diff && data.diff !== 'unchanged' && <span className="sr-only"> ({data.diff})</span>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
