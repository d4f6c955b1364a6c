import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { StudioGraph, StudioNode } from './graph-types.ts';
import type { Positions } from './positions.ts';
import { type TableGeometry, tableGeometry } from './table-geometry.ts';

export type Size = { width: number; height: number };

const HEADER = 48;
/** Room inside a for-each group around its body steps (the header holds the loop's own settings). */
export const GROUP_PADDING = { top: 56, side: 24, bottom: 24, minWidth: 280, minHeight: 120 };
const GAP = 80;

/**
 * The size a node will have on screen, estimated from its data before React has measured it:
 * enough for the layout to keep nodes apart (React Flow's measured sizes take over once drawn).
 */
export function nodeSize(node: StudioNode): Size {
  switch (node.type) {
    case 'table': {
      const { width, height } = tableGeometry(node.data.fields.map((row) => row.id));
      return { width, height };
    }
    case 'view':
      return { width: 220, height: HEADER + 22 * node.data.settings.length + 8 };
    case 'automation':
      return { width: 240, height: HEADER + 24 * node.data.actions.length + 8 };
    case 'step':
      return {
        width: 240,
        height: 72 + 22 * node.data.connections.length + 18 * Math.max(0, node.data.outputs.length - 2),
      };
    case 'forEach':
      return { width: GROUP_PADDING.minWidth, height: GROUP_PADDING.minHeight };
    case 'trigger':
      return { width: 240, height: 80 };
    default:
      return { width: 180, height: 48 };
  }
}

/**
 * A node's exact size and handles before it is drawn, for the node types whose drawing is fixed
 * (tables); null for the others, which React Flow draws once to measure.
 */
export function drawnGeometry(node: StudioNode): TableGeometry | null {
  return node.type === 'table' ? tableGeometry(node.data.fields.map((row) => row.id)) : null;
}

/** Positions (relative to the parent for grouped nodes) and sizes, as ELK or placement produced them. */
export interface Arrangement {
  positions: Positions;
  /** Sizes of group nodes (for-each bodies), which must hold their children. */
  groupSizes: Record<string, Size>;
}

let engine: Promise<ELK> | undefined;

/** ELK, loaded on first use so it stays out of the studio's first bundle. */
function elk(): Promise<ELK> {
  engine ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  return engine;
}

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': String(GAP),
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
};

/**
 * Lays the whole graph out with ELK's layered algorithm, left to right (trigger → steps, tables
 * → their views): the auto-layout button, and the first layout of a definition never seen.
 * Groups are laid out with their children inside.
 */
export async function layoutGraph(graph: StudioGraph): Promise<Arrangement> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const elkNodes = new Map<string, ElkNode>();
  for (const node of graph.nodes) {
    const size = node.type === 'forEach' ? {} : nodeSize(node);
    elkNodes.set(node.id, {
      id: node.id,
      ...size,
      ...(node.type === 'forEach'
        ? {
            children: [],
            layoutOptions: {
              ...LAYERED,
              'elk.padding': `[top=${GROUP_PADDING.top},left=${GROUP_PADDING.side},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.side}]`,
            },
          }
        : {}),
    });
  }
  const root: ElkNode = { id: '__root', layoutOptions: LAYERED, children: [], edges: [] };
  for (const node of graph.nodes) {
    const parent = node.parentId && ids.has(node.parentId) ? elkNodes.get(node.parentId)! : root;
    const children = parent.children ?? [];
    children.push(elkNodes.get(node.id)!);
    parent.children = children;
  }
  // An empty group still needs a size.
  for (const node of elkNodes.values())
    if (node.children?.length === 0 && node.width === undefined)
      Object.assign(node, { width: GROUP_PADDING.minWidth, height: GROUP_PADDING.minHeight });
  const edges: ElkExtendedEdge[] = graph.edges
    .filter((edge) => ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
    .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] }));
  root.edges = edges;
  const laid = await (await elk()).layout(root);
  const arrangement: Arrangement = { positions: {}, groupSizes: {} };
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      arrangement.positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
      if (elkNodes.get(child.id)?.children)
        arrangement.groupSizes[child.id] = {
          width: child.width ?? GROUP_PADDING.minWidth,
          height: child.height ?? GROUP_PADDING.minHeight,
        };
      visit(child);
    }
  };
  visit(laid);
  return arrangement;
}
