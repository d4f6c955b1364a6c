import type { StudioGraph, StudioNode } from './graph-types.ts';
import { type Arrangement, GROUP_PADDING, layoutGraph, nodeSize, type Size } from './layout.ts';
import type { Positions } from './positions.ts';

const GAP = 80;
const STACK = 24;
const GROUP = GROUP_PADDING;

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The first free spot at (x, y) or below it, among `boxes`. */
function freeSpot(x: number, y: number, size: Size, boxes: readonly Box[]): { x: number; y: number } {
  let candidate = { x, y, ...size };
  for (let tries = 0; tries < boxes.length + 1; tries++) {
    const hit = boxes.find((box) => overlaps(candidate, box));
    if (!hit) break;
    candidate = { ...candidate, y: hit.y + hit.height + STACK };
  }
  return { x: candidate.x, y: candidate.y };
}

/**
 * Positions for the nodes a definition gained since its positions were remembered, leaving
 * every remembered node where the builder put it: a new node goes to the right of the node it is
 * connected to (a view next to its table, a step after the one that leads to it), a new body
 * step below its siblings in the loop, anything unconnected to the right of everything, each
 * moved down until it overlaps nothing.
 */
export function placeNewNodes(graph: StudioGraph, remembered: Positions): Arrangement & { placed: string[] } {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const positions: Positions = {};
  const placed: string[] = [];
  for (const node of graph.nodes) if (remembered[node.id]) positions[node.id] = remembered[node.id]!;
  const box = (node: StudioNode): Box => ({ ...positions[node.id]!, ...nodeSize(node) });
  const placedIn = (parentId: string | undefined) =>
    graph.nodes.filter((node) => node.parentId === parentId && positions[node.id]).map(box);

  for (const node of graph.nodes) {
    if (positions[node.id]) continue;
    const size = nodeSize(node);
    const siblings = placedIn(node.parentId);
    if (node.parentId) {
      const bottom = Math.max(GROUP.top - STACK, ...siblings.map((b) => b.y + b.height));
      positions[node.id] = freeSpot(GROUP.side, bottom + STACK, size, siblings);
    } else {
      const link =
        graph.edges.find(
          (edge) => edge.target === node.id && positions[edge.source] && !byId.get(edge.source)?.parentId,
        ) ??
        graph.edges.find(
          (edge) => edge.source === node.id && positions[edge.target] && !byId.get(edge.target)?.parentId,
        );
      const anchor = link ? byId.get(link.source === node.id ? link.target : link.source) : undefined;
      if (anchor) {
        const at = box(anchor);
        positions[node.id] = freeSpot(at.x + at.width + GAP, at.y, size, siblings);
      } else {
        const right = Math.max(0, ...siblings.map((b) => b.x + b.width + GAP));
        const top = Math.min(0, ...siblings.map((b) => b.y));
        positions[node.id] = freeSpot(right, top, size, siblings);
      }
    }
    placed.push(node.id);
  }
  return { positions, groupSizes: groupSizes(graph, positions), placed };
}

/** Each group's size: big enough for its children where they are. */
export function groupSizes(graph: StudioGraph, positions: Positions): Record<string, Size> {
  const sizes: Record<string, Size> = {};
  // Children before parents, so a nested group's size is known when its parent is measured.
  for (const node of [...graph.nodes].reverse()) {
    if (node.type !== 'forEach') continue;
    let width = GROUP.minWidth;
    let height = GROUP.minHeight;
    for (const child of graph.nodes) {
      if (child.parentId !== node.id || !positions[child.id]) continue;
      const size = sizes[child.id] ?? nodeSize(child);
      width = Math.max(width, positions[child.id]!.x + size.width + GROUP.side);
      height = Math.max(height, positions[child.id]!.y + size.height + GROUP.bottom);
    }
    sizes[node.id] = { width, height };
  }
  return sizes;
}

/**
 * Positions for a graph: remembered ones kept and new nodes placed near their neighbours, or a
 * full ELK layout when nothing is remembered yet (a definition opened for the first time).
 */
export async function arrangeGraph(
  graph: StudioGraph,
  remembered: Positions | undefined,
  layout: (graph: StudioGraph) => Promise<Arrangement> = layoutGraph,
): Promise<Arrangement & { laidOut: boolean; placed: string[] }> {
  const known = remembered && graph.nodes.some((node) => remembered[node.id]);
  if (!known) return { ...(await layout(graph)), laidOut: true, placed: graph.nodes.map((node) => node.id) };
  return { ...placeNewNodes(graph, remembered), laidOut: false };
}

/** The graph's nodes at their arranged positions, groups sized to hold their children. */
export function positionedNodes(graph: StudioGraph, arrangement: Arrangement): StudioNode[] {
  return graph.nodes.map((node) => {
    const position = arrangement.positions[node.id] ?? { x: 0, y: 0 };
    const size = arrangement.groupSizes[node.id];
    return (
      size ? { ...node, position, width: size.width, height: size.height } : { ...node, position }
    ) as StudioNode;
  });
}
