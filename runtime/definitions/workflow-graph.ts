import type { Step } from '../../schemas/definitions.ts';

/** How control passes from one step to another. */
export type EdgeKind = 'next' | 'onError' | 'branch' | 'otherwise' | 'body';

/** One arrow of the step graph, with where it is written (`steps[2].branches[0].next`). */
export interface StepEdge {
  from: number;
  kind: EdgeKind;
  path: readonly PropertyKey[];
  target: string;
}

/**
 * The steps of a workflow as a graph. `index` maps an id to its first step (a duplicate id is
 * reported elsewhere); `out` holds each step's arrows whose target exists and is not the step itself,
 * so the walks below never stumble on a reference that is already reported as broken.
 */
export interface StepGraph {
  steps: readonly Step[];
  index: ReadonlyMap<string, number>;
  edges: readonly StepEdge[];
  out: readonly (readonly ResolvedEdge[])[];
  start: number | undefined;
}

export interface ResolvedEdge extends StepEdge {
  to: number;
}

function edgesOf(step: Step, from: number): StepEdge[] {
  const at = (...rest: PropertyKey[]) => ['steps', from, ...rest];
  const edges: StepEdge[] = [];
  if (step.kind === 'condition') {
    step.branches.forEach((branch, j) => {
      edges.push({ from, kind: 'branch', path: at('branches', j, 'next'), target: branch.next });
    });
    if (step.otherwise)
      edges.push({ from, kind: 'otherwise', path: at('otherwise'), target: step.otherwise });
  }
  if (step.kind === 'for_each') edges.push({ from, kind: 'body', path: at('body'), target: step.body });
  if (step.next) edges.push({ from, kind: 'next', path: at('next'), target: step.next });
  if (step.onError) edges.push({ from, kind: 'onError', path: at('onError'), target: step.onError });
  return edges;
}

export function buildStepGraph(steps: readonly Step[], start: string): StepGraph {
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!index.has(step.id)) index.set(step.id, i);
  });
  const edges = steps.flatMap(edgesOf);
  const out: ResolvedEdge[][] = steps.map(() => []);
  for (const edge of edges) {
    const to = index.get(edge.target);
    if (to !== undefined && to !== edge.from) out[edge.from]!.push({ ...edge, to });
  }
  return { steps, index, edges, out, start: index.get(start) };
}

/** The steps reachable from `from`, following every arrow except those `skip` rejects. */
export function reachableFrom(
  graph: StepGraph,
  from: number | undefined,
  skip: (edge: ResolvedEdge) => boolean = () => false,
): Set<number> {
  const seen = new Set<number>();
  if (from === undefined) return seen;
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const edge of graph.out[node]!) if (!skip(edge)) stack.push(edge.to);
  }
  return seen;
}

/**
 * The arrows that close a loop (an arrow back to a step still on the walk's path), each with the
 * loop it closes as step ids (`a → b → a`). A depth-first walk from every step finds each loop at
 * least once, including loops in parts that `start` never reaches.
 */
export function findLoops(graph: StepGraph): { edge: ResolvedEdge; loop: string[] }[] {
  const found: { edge: ResolvedEdge; loop: string[] }[] = [];
  const state = graph.steps.map(() => 0); // 0 unvisited, 1 on the path, 2 done
  const path: number[] = [];
  const visit = (node: number) => {
    state[node] = 1;
    path.push(node);
    for (const edge of graph.out[node]!) {
      if (state[edge.to] === 1) {
        const loop = path.slice(path.indexOf(edge.to)).map((i) => graph.steps[i]!.id);
        found.push({ edge, loop: [...loop, graph.steps[edge.to]!.id] });
      } else if (state[edge.to] === 0) visit(edge.to);
    }
    path.pop();
    state[node] = 2;
  };
  if (graph.start !== undefined) visit(graph.start);
  graph.steps.forEach((_, i) => {
    if (state[i] === 0) visit(i);
  });
  return found;
}

/**
 * A for-each body is a closed region: every step reachable from the body's first step (without
 * passing through the for-each itself) belongs to the body, and the body may not lead anywhere
 * else. "Anywhere else" is the for-each itself (looping is the for-each's job) and every step the
 * workflow reaches without entering this body (steps before the loop, after it, or on other
 * branches), because such a step would run both once per item and outside the loop, and the run
 * could never tell which. A body ends where a step has no `next`; the for-each then takes the
 * next item, and after the last item continues with its own `next`.
 */
export interface ForEachRegion {
  forEach: number;
  body: Set<number>;
  /** Arrows leaving the body; `edge.from` is the for-each itself when `body` points outside. */
  exits: ResolvedEdge[];
}

export function forEachRegions(graph: StepGraph): ForEachRegion[] {
  const regions: ForEachRegion[] = [];
  graph.steps.forEach((step, f) => {
    if (step.kind !== 'for_each') return;
    const entry = graph.out[f]!.find((edge) => edge.kind === 'body');
    if (!entry) return;
    const isThisBody = (edge: ResolvedEdge) => edge.from === f && edge.kind === 'body';
    const body = reachableFrom(graph, entry.to, (edge) => edge.to === f);
    const outside = reachableFrom(graph, graph.start, isThisBody);
    outside.delete(f);
    const exits: ResolvedEdge[] = [];
    if (outside.has(entry.to)) exits.push(entry);
    else {
      for (const node of body) {
        if (outside.has(node)) continue;
        for (const edge of graph.out[node]!) {
          if (edge.to === f || outside.has(edge.to)) exits.push(edge);
        }
      }
    }
    regions.push({ forEach: f, body, exits });
  });
  return regions;
}

/**
 * For each step, the steps that have certainly finished before it starts, on every path from
 * `start` (a "must" data-flow analysis, solved by iterating to a fixed point). A step's output is
 * passed on along `next`, branch and `otherwise` arrows; not along `onError` (the step failed and has
 * no output) nor into a for-each body (the for-each is still running). Steps inside a body are
 * not passed to the for-each's `next`: with an empty list they never ran. `undefined` marks a
 * step that `start` never reaches.
 */
export function finishedBefore(graph: StepGraph): (Set<number> | undefined)[] {
  const reachable = reachableFrom(graph, graph.start);
  const before: (Set<number> | undefined)[] = graph.steps.map(() => undefined);
  if (graph.start === undefined) return before;
  const order = [...reachable].sort((a, b) => a - b);
  const incoming = new Map<number, ResolvedEdge[]>();
  for (const node of order) {
    for (const edge of graph.out[node]!) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge]);
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of order) {
      let set: Set<number> | undefined = node === graph.start ? new Set() : undefined;
      for (const edge of incoming.get(node) ?? []) {
        const from = before[edge.from];
        if (!from) continue; // not computed yet: "everything", the identity of intersection
        const passed = new Set(from);
        if (edge.kind !== 'onError' && edge.kind !== 'body') passed.add(edge.from);
        set = set ? intersect(set, passed) : passed;
      }
      if (set && !sameSet(set, before[node])) {
        before[node] = set;
        changed = true;
      }
    }
  }
  return before;
}

function intersect(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a].filter((x) => b.has(x)));
}

function sameSet(a: Set<number>, b: Set<number> | undefined): boolean {
  return b !== undefined && a.size === b.size && [...a].every((x) => b.has(x));
}
