import { describe, expect, it } from 'vitest';
import { applied, exampleApps, exampleWorkflows, recipes } from '../model/examples.fixture.ts';
import { addStep, addTable, addView } from '../model/index.ts';
import { appGraph } from './app-graph.ts';
import type { StudioGraph } from './graph-types.ts';
import { layoutGraph, nodeSize } from './layout.ts';
import { arrangeGraph, placeNewNodes, positionedNodes } from './placement.ts';
import { localStoragePositionStore, memoryPositionStore } from './positions.ts';
import { workflowGraph } from './workflow-graph.ts';

function boxes(graph: StudioGraph, positions: Record<string, { x: number; y: number }>) {
  return graph.nodes
    .filter((n) => !n.parentId)
    .map((n) => ({ id: n.id, ...positions[n.id]!, ...nodeSize(n) }));
}

function overlapping(list: ReturnType<typeof boxes>) {
  const pairs: string[] = [];
  for (const a of list)
    for (const b of list)
      if (
        a.id < b.id &&
        a.x < b.x + b.width &&
        b.x < a.x + a.width &&
        a.y < b.y + b.height &&
        b.y < a.y + a.height
      )
        pairs.push(`${a.id} × ${b.id}`);
  return pairs;
}

describe('auto-layout', () => {
  it('lays out left to right with ELK: each table before its views, nodes apart', async () => {
    const graph = appGraph(exampleApps.crmLite);
    const { positions } = await layoutGraph(graph);
    expect(Object.keys(positions).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    for (const edge of graph.edges.filter((e) => e.type === 'view'))
      expect(positions[edge.target]!.x, edge.id).toBeGreaterThan(positions[edge.source]!.x);
    expect(overlapping(boxes(graph, positions))).toEqual([]);
  });

  it('puts a for-each body inside its group, sized to hold it', async () => {
    const graph = workflowGraph(exampleWorkflows.dailyDigestBot);
    const arrangement = await layoutGraph(graph);
    const group = arrangement.groupSizes['step:digest_each_repo']!;
    for (const id of ['step:fetch_merged', 'step:summarise_repo', 'step:post_summary']) {
      const at = arrangement.positions[id]!;
      expect(at.x).toBeGreaterThanOrEqual(0);
      expect(at.x + 240).toBeLessThanOrEqual(group.width);
      expect(at.y).toBeGreaterThan(0);
    }
    const nodes = positionedNodes(graph, arrangement);
    expect(nodes.find((n) => n.id === 'step:digest_each_repo')).toMatchObject({
      width: group.width,
      height: group.height,
    });
  });
});

describe('remembered positions', () => {
  it('keeps every remembered node where it was and places a new view next to its table', async () => {
    const before = recipes();
    const remembered = (await layoutGraph(appGraph(before))).positions;
    const after = applied(addView(before, { tableId: 'cook_log', kind: 'list' })).definition;
    const graph = appGraph(after);
    const result = await arrangeGraph(graph, remembered);
    expect(result.laidOut).toBe(false);
    expect(result.placed).toEqual(['view:cook_log_list']);
    for (const [id, at] of Object.entries(remembered)) expect(result.positions[id]).toEqual(at);
    const table = remembered['table:cook_log']!;
    const view = result.positions['view:cook_log_list']!;
    expect(view.x).toBeGreaterThan(table.x);
    expect(view.x - table.x).toBeLessThan(400);
    expect(overlapping(boxes(graph, result.positions))).toEqual([]);
  });

  it('places an unconnected new table to the right of everything, overlapping nothing', () => {
    const before = recipes();
    const remembered = { 'table:recipes': { x: 0, y: 0 }, 'table:ingredients': { x: 400, y: 0 } };
    const graph = appGraph(applied(addTable(before, { label: 'Notes' })).definition);
    const { positions } = placeNewNodes(graph, remembered);
    expect(positions['table:notes']!.x).toBeGreaterThan(400);
    expect(overlapping(boxes(graph, positions))).toEqual([]);
  });

  it('places a new body step inside its loop, below its siblings, and grows the group', () => {
    const def = exampleWorkflows.dailyDigestBot;
    const graph = workflowGraph(def);
    const remembered = Object.fromEntries(
      graph.nodes.map((n, i) => [n.id, { x: i * 300, y: 40 + (n.parentId ? 0 : 0) }]),
    );
    const grown = applied(
      addStep(def, { kind: 'state_set', at: { stepId: 'post_summary', link: 'next' } }),
    ).definition;
    const next = workflowGraph(grown);
    const { positions, groupSizes, placed } = placeNewNodes(next, remembered);
    expect(placed).toEqual(['step:save_state']);
    expect(positions['step:save_state']!.y).toBeGreaterThan(40);
    expect(groupSizes['step:digest_each_repo']!.height).toBeGreaterThan(positions['step:save_state']!.y);
  });

  it('lays out from scratch when nothing is remembered for the definition', async () => {
    const calls: number[] = [];
    const layout = async (graph: StudioGraph) => {
      calls.push(graph.nodes.length);
      return { positions: {}, groupSizes: {} };
    };
    const graph = appGraph(recipes());
    expect((await arrangeGraph(graph, undefined, layout)).laidOut).toBe(true);
    expect((await arrangeGraph(graph, { 'table:gone': { x: 1, y: 1 } }, layout)).laidOut).toBe(true);
    expect(calls).toHaveLength(2);
  });
});

describe('position stores', () => {
  it('remember positions per definition in memory', () => {
    const store = memoryPositionStore();
    store.save('app-1', { 'table:a': { x: 1, y: 2 } });
    expect(store.load('app-1')).toEqual({ 'table:a': { x: 1, y: 2 } });
    expect(store.load('app-2')).toBeUndefined();
    store.forget('app-1');
    expect(store.load('app-1')).toBeUndefined();
  });

  it('remember positions in localStorage, ignoring what is not positions and a storage that refuses', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    };
    const store = localStoragePositionStore(storage, 'p.');
    store.save('app-1', { 'step:x': { x: 5, y: 6 } });
    expect(data.get('p.app-1')).toBe('{"step:x":{"x":5,"y":6}}');
    expect(localStoragePositionStore(storage, 'p.').load('app-1')).toEqual({ 'step:x': { x: 5, y: 6 } });
    data.set('p.app-2', '{"step:x":{"x":"left"}}');
    data.set('p.app-3', 'not json');
    expect(store.load('app-2')).toBeUndefined();
    expect(store.load('app-3')).toBeUndefined();
    const full = localStoragePositionStore(
      {
        ...storage,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      },
      'p.',
    );
    expect(() => full.save('app-4', {})).not.toThrow();
  });
});
