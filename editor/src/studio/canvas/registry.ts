import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import type { ComponentType } from 'react';

/** The inspector of one node type: edits the part the node stands for through the store. */
export type PanelComponent = ComponentType<{ nodeId: string }>;

/**
 * What a canvas needs to draw and inspect one kind of definition: React Flow's node and edge
 * components by type, and an inspector panel per node type. Each node type lives in its own
 * folder (`nodes/<type>/node.tsx`, `panel.tsx`, …) and adds one line to its registry.
 */
export interface CanvasRegistry {
  nodeTypes: NodeTypes;
  edgeTypes: EdgeTypes;
  panels: Record<string, PanelComponent>;
}
