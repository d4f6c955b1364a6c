import type { Step, WorkflowDefinition } from '../../schemas/definitions.ts';
import { stepOutputType, triggerType } from '../definitions/workflow-expressions.ts';
import {
  buildStepGraph,
  type ForEachRegion,
  finishedBefore,
  forEachRegions,
  type StepGraph,
} from '../definitions/workflow-graph.ts';
import type { ExprContext, ExprType } from '../expr/index.ts';

/**
 * What the executor needs to know about a definition before it runs, worked out once per
 * definition object: the step graph, the for-each bodies, and the expression context of every
 * step. The contexts are the validator's (`checkWorkflowExpressions`), so an expression that
 * validated is evaluated against exactly the types it was checked with.
 */
export interface WorkflowPlan {
  definition: WorkflowDefinition;
  graph: StepGraph;
  regions: readonly ForEachRegion[];
  /** Per step index: the steps certainly finished before it (undefined: not reachable from start). */
  before: readonly (Set<number> | undefined)[];
  /** Per step index: the for-each whose body it is innermost in, if any. */
  loopOf: readonly (number | undefined)[];
  contexts: readonly ExprContext[];
}

const plans = new WeakMap<WorkflowDefinition, WorkflowPlan>();

export function planOf(definition: WorkflowDefinition): WorkflowPlan {
  let plan = plans.get(definition);
  if (!plan) {
    plan = makePlan(definition);
    plans.set(definition, plan);
  }
  return plan;
}

function makePlan(definition: WorkflowDefinition): WorkflowPlan {
  const graph = buildStepGraph(definition.steps, definition.start);
  const regions = forEachRegions(graph);
  const before = finishedBefore(graph);
  const loopOf = definition.steps.map((_, i) => innermostLoop(regions, i));
  const trigger = triggerType(definition.trigger);
  const contexts = definition.steps.map((_, i): ExprContext => {
    const finished = [...(before[i] ?? [])].map((j) => definition.steps[j]!);
    const steps: ExprType = { object: Object.fromEntries(finished.map((s) => [s.id, stepOutputType(s)])) };
    const variables: Record<string, ExprType> = { trigger, steps };
    if (loopOf[i] !== undefined) Object.assign(variables, { item: 'dyn', index: 'int' });
    return { variables };
  });
  return { definition, graph, regions, before, loopOf, contexts };
}

function innermostLoop(regions: readonly ForEachRegion[], step: number): number | undefined {
  let best: ForEachRegion | undefined;
  for (const region of regions) {
    if (region.body.has(step) && (!best || region.body.size < best.body.size)) best = region;
  }
  return best?.forEach;
}

export function stepAt(plan: WorkflowPlan, id: string): { index: number; step: Step } | undefined {
  const index = plan.graph.index.get(id);
  return index === undefined ? undefined : { index, step: plan.definition.steps[index]! };
}

export type StepsBefore = { ok: true; value: string[] } | { ok: false; error: string };

/**
 * The ids of the steps that have certainly run before `stepId` on every path from `start` — the
 * recorded outputs a re-run from that step needs. A step inside a for-each body cannot be a
 * re-run's start (its item is gone): re-run from the loop step instead.
 */
export function stepsBefore(definition: WorkflowDefinition, stepId: string): StepsBefore {
  const plan = planOf(definition);
  const found = stepAt(plan, stepId);
  if (!found) {
    const ids = definition.steps.map((step) => step.id).join(', ');
    return { ok: false, error: `step "${stepId}" does not exist (steps: ${ids})` };
  }
  const loop = outermostLoop(plan, found.index);
  if (loop !== undefined)
    return {
      ok: false,
      error: `step "${stepId}" runs once per item inside for_each "${definition.steps[loop]!.id}"; re-run from "${definition.steps[loop]!.id}" instead`,
    };
  const before = plan.before[found.index];
  if (!before) return { ok: false, error: `step "${stepId}" is never reached from start` };
  return { ok: true, value: [...before].sort((a, b) => a - b).map((i) => definition.steps[i]!.id) };
}

/** The outermost for-each around a step, so a re-run from a nested body names the loop that can start. */
function outermostLoop(plan: WorkflowPlan, step: number): number | undefined {
  let best: ForEachRegion | undefined;
  for (const region of plan.regions) {
    if (region.body.has(step) && (!best || region.body.size > best.body.size)) best = region;
  }
  return best?.forEach;
}
