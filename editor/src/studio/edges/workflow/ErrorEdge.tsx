import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../../graph/graph-types.ts';
import { WorkflowEdge } from './WorkflowEdge.tsx';

/** Where a step goes when it fails after its retries: red, dashed, labelled "on error". */
export const ErrorEdgeComponent = memo(function ErrorEdgeView(props: EdgeProps<FlowEdge>) {
  return <WorkflowEdge {...props} variant="error" />;
});
