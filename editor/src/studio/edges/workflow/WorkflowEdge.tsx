import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { useId } from 'react';
import type { FlowEdge } from '../../graph/graph-types.ts';
import { edgeLook, type WorkflowEdgeVariant } from './edge-style.ts';

const DIFF_WORDS = { added: 'added', removed: 'removed', changed: 'changed' } as const;

/**
 * A link between steps, with an arrowhead in its own colour and, for branches, otherwise,
 * loop bodies and on-error paths, a label where the builder can read which path it is.
 */
export function WorkflowEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  label,
  selected,
  variant,
}: EdgeProps<FlowEdge> & { variant: WorkflowEdgeVariant }) {
  // Each edge draws its own marker (React Flow's shared markers come in one colour per edge
  // type); a component-scoped id keeps two canvases on one page apart.
  const markerId = `wf-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
  });
  const look = edgeLook(variant, data?.diff, Boolean(selected));
  // A loop's body edge runs inside its own container, whose head already says "for each item";
  // a label there would only sit on top of the body's first step.
  const text =
    data?.link === 'body'
      ? undefined
      : typeof label === 'string' && label
        ? label
        : variant === 'error'
          ? 'on error'
          : undefined;
  const diffWord = data?.diff && data.diff !== 'unchanged' ? DIFF_WORDS[data.diff] : undefined;
  return (
    <>
      <defs>
        <marker
          id={markerId}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 10 5 0 10z" fill={look.stroke} />
        </marker>
      </defs>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={`url(#${markerId})`}
        style={{
          stroke: look.stroke,
          strokeWidth: look.strokeWidth,
          opacity: look.opacity,
          ...(look.dash ? { strokeDasharray: look.dash } : {}),
        }}
      />
      {(text || diffWord) && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan pointer-events-none absolute rounded-md border px-1.5 py-0.5 text-[11px] font-medium shadow-sm ${look.labelClass}`}
            style={{
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
              opacity: look.opacity,
            }}
          >
            {text}
            {diffWord && <span className="sr-only"> ({diffWord})</span>}
            {!text && diffWord && <span aria-hidden="true">{diffWord}</span>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
