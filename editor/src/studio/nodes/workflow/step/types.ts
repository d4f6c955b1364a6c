import type { NodeProps } from '@xyflow/react';
import type { StepNode } from '../../../graph/graph-types.ts';

export type StepNodeProps = NodeProps<StepNode>;

/**
 * The extra source handle of a condition: a link dragged from it adds a branch leading where it
 * is dropped. Not a `StepLink` (a branch id cannot contain "+"), so it never names an existing one.
 */
export const NEW_BRANCH_HANDLE = 'branch:+';
