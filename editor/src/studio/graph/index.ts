export { appGraph } from './app-graph.ts';
export { diffGraph, graphOf } from './diff-graph.ts';
export type * from './graph-types.ts';
export { type Arrangement, drawnGeometry, layoutGraph, nodeSize, type Size } from './layout.ts';
export {
  automationNodeId,
  definitionNodeIds,
  fieldHandleId,
  fieldOfHandle,
  nodeIdOf,
  parseNodeId,
  recipientNodeId,
  selectionOf,
  stepNodeId,
  TRIGGER_NODE_ID,
  tableNodeId,
  viewNodeId,
  workflowRefNodeId,
} from './node-ids.ts';
export { arrangeGraph, groupSizes, placeNewNodes, positionedNodes } from './placement.ts';
export {
  localStoragePositionStore,
  memoryPositionStore,
  type PositionStore,
  type Positions,
} from './positions.ts';
export { TABLE_GEOMETRY, type TableGeometry, tableGeometry } from './table-geometry.ts';
export { workflowGraph } from './workflow-graph.ts';
