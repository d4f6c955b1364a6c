import {
  buildStepGraph,
  forEachRegions,
  reachableFrom,
} from '../../../../runtime/definitions/workflow-graph.ts';
import type { Connection, Step, Trigger, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { linksOf, linkTarget } from '../model/workflow-links.ts';
import type {
  ConnectionUse,
  FlowEdge,
  StepNode,
  StepOutput,
  StudioGraph,
  TriggerNode,
} from './graph-types.ts';
import { stepNodeId, TRIGGER_NODE_ID } from './node-ids.ts';

const ORIGIN = { x: 0, y: 0 };

function use(connections: readonly Connection[], id: string): ConnectionUse {
  const connection = connections.find((c) => c.id === id);
  return { id, label: connection?.label ?? id, provider: connection?.provider ?? 'unknown' };
}

function triggerSummary(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'cron':
      return `Schedule ${trigger.cron} (${trigger.timezone})`;
    case 'webhook':
      return `Webhook, ${trigger.verification.kind === 'none' ? 'unsigned' : `verified by ${trigger.verification.kind}`}, ${trigger.response.mode}`;
    case 'message':
      return `Message: ${trigger.event}`;
    case 'polling':
      return `Every ${trigger.intervalMinutes} min: GET ${trigger.request.path}`;
  }
}

function stepSummary(step: Step): string {
  switch (step.kind) {
    case 'call_api':
      return `${step.method} ${step.path}`;
    case 'send_message':
      return `To ${step.to}`;
    case 'create_record':
    case 'update_record':
      return `${step.kind === 'create_record' ? 'Create in' : 'Update in'} ${step.tableId}`;
    case 'state_get':
    case 'state_set':
      return `Key ${step.key}`;
    case 'ai':
      return `AI: ${step.ai.task}`;
    case 'map':
      return `Set ${step.values.map((entry) => entry.name).join(', ')}`;
    case 'condition':
      return `${step.branches.length} branch${step.branches.length > 1 ? 'es' : ''}`;
    case 'for_each':
      return `Each of ${step.items} (at most ${step.maxItems})`;
    case 'respond':
      return `Answer ${step.status}`;
  }
}

function outputLabel(step: Step, link: StepOutput['handleId']): string {
  if (link.startsWith('branch:') && step.kind === 'condition')
    return step.branches.find((branch) => `branch:${branch.id}` === link)?.label ?? link;
  return (
    { next: 'next', onError: 'on error', otherwise: 'otherwise', body: 'each item' }[link as string] ?? link
  );
}

/**
 * Which for-each each step belongs to: the innermost loop whose body holds it. A step the
 * workflow also reaches outside the body (the validator reports that) stays outside, and no
 * step can end up inside itself.
 */
function loopParents(def: WorkflowDefinition): Map<string, string> {
  const graph = buildStepGraph(def.steps, def.start);
  const regions = forEachRegions(graph).sort((a, b) => b.body.size - a.body.size);
  const parent = new Map<string, string>();
  for (const region of regions) {
    // Larger bodies first, so an inner loop's claim overrides an outer one.
    const loopId = def.steps[region.forEach]!.id;
    const outside = reachableFrom(
      graph,
      graph.start,
      (edge) => edge.from === region.forEach && edge.kind === 'body',
    );
    for (const index of region.body) {
      const id = def.steps[index]!.id;
      if (id === loopId || outside.has(index)) continue;
      let ancestor: string | undefined = loopId;
      while (ancestor !== undefined && ancestor !== id) ancestor = parent.get(ancestor);
      if (ancestor === undefined) parent.set(id, loopId);
    }
  }
  return parent;
}

/**
 * React Flow nodes and edges for a workflow: the trigger leads to the start step; each link is
 * an edge from the step's own handle (`next`, `onError`, `branch:<id>`, `otherwise`, `body`),
 * branches labelled with their names, on-error paths as `error` edges; a for-each is a group
 * node holding its body's steps; each step lists the connections it uses.
 */
export function workflowGraph(def: WorkflowDefinition): StudioGraph {
  const ids = new Set(def.steps.map((step) => step.id));
  const parents = loopParents(def);
  const triggerConnections =
    def.trigger.kind === 'message' || def.trigger.kind === 'polling'
      ? [use(def.connections, def.trigger.connectionId)]
      : [];
  const trigger: TriggerNode = {
    id: TRIGGER_NODE_ID,
    type: 'trigger',
    position: ORIGIN,
    data: {
      triggerKind: def.trigger.kind,
      summary: triggerSummary(def.trigger),
      connections: triggerConnections,
    },
  };
  const steps: StepNode[] = def.steps.map((step) => {
    const parent = parents.get(step.id);
    return {
      id: stepNodeId(step.id),
      type: step.kind === 'for_each' ? 'forEach' : 'step',
      position: ORIGIN,
      ...(parent ? { parentId: stepNodeId(parent), extent: 'parent' as const } : {}),
      data: {
        stepId: step.id,
        label: step.label,
        stepKind: step.kind,
        summary: stepSummary(step),
        isStart: def.start === step.id,
        connections: 'connectionId' in step ? [use(def.connections, step.connectionId)] : [],
        outputs: linksOf(step).map((link) => {
          const target = linkTarget(step, link);
          return { handleId: link, label: outputLabel(step, link), ...(target ? { target } : {}) };
        }),
      },
    };
  });

  const edges: FlowEdge[] = [];
  if (ids.has(def.start))
    edges.push({
      id: 'start',
      type: 'flow',
      source: TRIGGER_NODE_ID,
      target: stepNodeId(def.start),
      data: { link: 'start' },
    });
  for (const step of def.steps) {
    for (const link of linksOf(step)) {
      const target = linkTarget(step, link);
      if (target === undefined || !ids.has(target) || target === step.id) continue;
      const labelled = link !== 'next';
      edges.push({
        id: `${step.id}:${link}`,
        type: link === 'onError' ? 'error' : 'flow',
        source: stepNodeId(step.id),
        sourceHandle: link,
        target: stepNodeId(target),
        ...(labelled ? { label: outputLabel(step, link) } : {}),
        data: { link },
      });
    }
  }
  return { nodes: [trigger, ...parentsFirst(steps)], edges };
}

/** React Flow needs a group before its children: order by depth of nesting, stably. */
function parentsFirst(nodes: StepNode[]): StepNode[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const depth = (node: StepNode): number => {
    let d = 0;
    for (let at = node.parentId; at !== undefined && d <= nodes.length; at = byId.get(at)?.parentId) d++;
    return d;
  };
  return nodes
    .map((node, index) => ({ node, index, depth: depth(node) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map(({ node }) => node);
}
