import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  type NodeChange,
  Position,
  ReactFlow,
  useReactFlow,
  type XYPosition,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { type DragEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { StudioGraph } from '../graph/graph-types.ts';
import { drawnGeometry } from '../graph/layout.ts';
import type { CanvasRegistry } from './registry.ts';
import { useStudioStore, useStudioStoreApi } from './store-context.tsx';
import type { CanvasPositions } from './use-positions.ts';

/** Above this many nodes, only those in view are rendered. */
const LARGE_GRAPH = 80;

/**
 * What React Flow may know of a node before drawing it: for tables, their exact size and handles
 * (`drawnGeometry`). With those, a big app mounts only the tables in view; without them React Flow
 * mounts every node once to measure it, and hides the whole canvas until all are measured.
 */
function beforeDrawn(node: StudioGraph['nodes'][number]): Partial<Node> {
  const geometry = drawnGeometry(node);
  if (!geometry) return {};
  return {
    initialWidth: geometry.width,
    initialHeight: geometry.height,
    handles: geometry.handles.map((h) => ({
      ...h,
      position: h.position === 'left' ? Position.Left : Position.Right,
    })),
  };
}

/** The drag payload of palette items: `PALETTE_MIME` → the item's id. */
export const PALETTE_MIME = 'application/x-build-practical-palette';

interface StudioCanvasProps {
  graph: StudioGraph;
  placement: CanvasPositions;
  registry: CanvasRegistry;
  /** A diff or a reviewer's view: nothing can be connected or dropped. */
  readOnly?: boolean;
  /** Two handles joined by the builder (fields → relation, step outputs → links). */
  onConnect?: (connection: Connection) => void;
  /** A palette item dropped on the canvas at a flow position. */
  onDropItem?: (itemId: string, position: XYPosition) => void;
  /** Accessible name of the canvas region. */
  label: string;
}

/**
 * React Flow over the store: the graph comes from the definition (pure), positions from the
 * placement hook, selection goes to the store so panels, copy and delete see it. Deleting is the
 * page's job (it warns about stored data first), so React Flow's own delete key is off.
 */
export function StudioCanvas({
  graph,
  placement,
  registry,
  readOnly,
  onConnect,
  onDropItem,
  label,
}: StudioCanvasProps) {
  const store = useStudioStoreApi();
  const selected = useStudioStore((s) => s.selected);
  const { screenToFlowPosition } = useReactFlow();
  const [nodes, setNodes] = useState<Node[]>([]);

  // The graph or positions changed: rebuild the nodes, keeping what React Flow measured.
  useEffect(() => {
    const positions = placement.positions;
    if (!positions) return;
    const chosen = new Set(selected);
    setNodes((previous) => {
      const measured = new Map(previous.map((n) => [n.id, n.measured]));
      return graph.nodes.map((node) => {
        const size = placement.groupSizes[node.id];
        const wasMeasured = measured.get(node.id);
        return {
          ...node,
          position: positions[node.id] ?? { x: 0, y: 0 },
          selected: chosen.has(node.id),
          ...(wasMeasured ? { measured: wasMeasured } : beforeDrawn(node)),
          ...(size ? { style: { ...node.style, width: size.width, height: size.height } } : {}),
          ...(node.parentId ? { extent: 'parent' as const } : {}),
        } as Node;
      });
    });
  }, [graph, placement.positions, placement.groupSizes, selected]);

  const edges = useMemo(() => graph.edges as Edge[], [graph.edges]);

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setNodes((current) => {
        const next = applyNodeChanges(changes, current);
        // Drawn and measured: React Flow's own measurements replace the estimate from here on.
        const drawn = new Set(changes.flatMap((c) => (c.type === 'dimensions' ? [c.id] : [])));
        return drawn.size === 0
          ? next
          : next.map((n) => (drawn.has(n.id) && n.handles ? { ...n, handles: undefined } : n));
      });
      for (const change of changes)
        if (change.type === 'position' && change.dragging === false && change.position)
          placement.setPosition(change.id, change.position);
      if (changes.some((c) => c.type === 'select')) {
        const next = new Set(store.getState().selected);
        for (const change of changes)
          if (change.type === 'select') change.selected ? next.add(change.id) : next.delete(change.id);
        store.getState().select([...next], 'replace');
      }
    },
    [placement, store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = event.dataTransfer.getData(PALETTE_MIME);
      if (!item || readOnly || !onDropItem) return;
      event.preventDefault();
      onDropItem(item, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [onDropItem, readOnly, screenToFlowPosition],
  );

  if (!placement.positions)
    return (
      <div className="grid h-full place-items-center text-sm text-neutral-500" aria-busy="true">
        Arranging the canvas…
      </div>
    );

  return (
    <ReactFlow
      aria-label={label}
      nodes={nodes}
      edges={edges}
      nodeTypes={registry.nodeTypes}
      edgeTypes={registry.edgeTypes}
      onNodesChange={onNodesChange}
      onConnect={readOnly ? undefined : onConnect}
      nodesConnectable={!readOnly}
      onDragOver={onDragOver}
      onDrop={onDrop}
      deleteKeyCode={null}
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      selectionKeyCode="Shift"
      fitView
      // Large graphs (150 tables) would otherwise mount and repaint every node and edge on each
      // drag; small ones keep every node in the page, so keyboard and screen-reader users reach all.
      onlyRenderVisibleElements={graph.nodes.length > LARGE_GRAPH}
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={24} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable ariaLabel="Overview of the canvas" />
    </ReactFlow>
  );
}
