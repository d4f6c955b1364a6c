import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../../graph/graph-types.ts';
import { WorkflowEdge } from './WorkflowEdge.tsx';

/** Control flow: trigger to start, next, each branch (labelled with its name), otherwise, loop body. */
export const FlowEdgeComponent = memo(function FlowEdgeView(props: EdgeProps<FlowEdge>) {
  return <WorkflowEdge {...props} variant="flow" />;
});
