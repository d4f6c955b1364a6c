import type { NodeProps } from '@xyflow/react';
import type { ViewNode } from '../../../graph/graph-types.ts';

export type ViewNodeProps = NodeProps<ViewNode>;
