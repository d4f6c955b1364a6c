import type { NodeProps } from '@xyflow/react';
import type { AutomationNode } from '../../../graph/graph-types.ts';

export type AutomationNodeProps = NodeProps<AutomationNode>;
