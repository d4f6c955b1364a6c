import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StudioGraph } from '../graph/graph-types.ts';
import { type Arrangement, layoutGraph, type Size } from '../graph/layout.ts';
import { placeNewNodes } from '../graph/placement.ts';
import { localStoragePositionStore, type PositionStore, type Positions } from '../graph/positions.ts';

const NO_SIZES: Record<string, Size> = {};
const browserStore = typeof localStorage === 'undefined' ? undefined : localStoragePositionStore();

export interface CanvasPositions {
  /** Every node's position, or null while the first auto-layout runs. */
  positions: Positions | null;
  groupSizes: Record<string, Size>;
  /** A node dragged or dropped by the builder: remembered for this definition. */
  setPosition(nodeId: string, position: { x: number; y: number }): void;
  /** Auto-layout (ELK) of the whole graph, remembered. */
  relayout(): Promise<void>;
}

/**
 * Where the nodes of one definition sit: remembered per definition (app or workflow id), laid
 * out by ELK the first time, and new nodes placed beside what they belong to. Ghost nodes of a
 * diff get places too, but only the definition's own nodes are remembered.
 */
export function useCanvasPositions(
  definitionId: string,
  graph: StudioGraph,
  store: PositionStore | undefined = browserStore,
): CanvasPositions {
  const [arranged, setArranged] = useState<Positions | null>(() => store?.load(definitionId) ?? null);
  const laidOut = useRef(false);

  const apply = useCallback(
    (arrangement: Arrangement) => {
      setArranged(arrangement.positions);
      store?.save(definitionId, arrangement.positions);
    },
    [definitionId, store],
  );

  // A definition never seen here: lay it all out once.
  useEffect(() => {
    if (arranged !== null || laidOut.current) return;
    laidOut.current = true;
    let live = true;
    void layoutGraph(graph).then((arrangement) => live && apply(arrangement));
    return () => {
      live = false;
      // StrictMode runs effects twice in development: the second run must lay out again.
      laidOut.current = false;
    };
  }, [arranged, graph, apply]);

  // Group sizes follow from where their children are, so they are derived, never stored.
  const placement = useMemo(() => (arranged ? placeNewNodes(graph, arranged) : null), [arranged, graph]);
  const positions = placement?.positions ?? null;

  // Remember places given to new nodes of the definition, so they do not wander on reload.
  useEffect(() => {
    if (!positions || !arranged) return;
    const fresh = graph.nodes.filter(
      (n) => !arranged[n.id] && !('diff' in n.data && n.data.diff === 'removed'),
    );
    if (fresh.length === 0) return;
    const next = { ...arranged };
    for (const node of fresh) next[node.id] = positions[node.id]!;
    setArranged(next);
    store?.save(definitionId, next);
  }, [positions, arranged, graph, store, definitionId]);

  const setPosition = useCallback(
    (nodeId: string, position: { x: number; y: number }) => {
      setArranged((current) => {
        const next = { ...(current ?? {}), [nodeId]: position };
        store?.save(definitionId, next);
        return next;
      });
    },
    [definitionId, store],
  );

  const relayout = useCallback(async () => apply(await layoutGraph(graph)), [graph, apply]);

  return { positions, groupSizes: placement?.groupSizes ?? NO_SIZES, setPosition, relayout };
}
