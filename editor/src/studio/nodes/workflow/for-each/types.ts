import type { NodeProps } from '@xyflow/react';
import type { StepNode } from '../../../graph/graph-types.ts';

/** A for-each is a step drawn as a group: the canvas sizes it to hold its body's steps. */
export type ForEachNodeProps = NodeProps<StepNode>;
