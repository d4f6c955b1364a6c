import type { NodeProps } from '@xyflow/react';
import type { TriggerNode } from '../../../graph/graph-types.ts';

export type TriggerNodeProps = NodeProps<TriggerNode>;
