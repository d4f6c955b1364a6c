import { buildStepGraph, forEachRegions } from '../../../../../../runtime/definitions/workflow-graph.ts';
import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';

/**
 * The for-each whose body holds a step (the innermost one), by the validator's own reading of
 * bodies; undefined for a step outside every loop. A panel uses it to say what "no next" means
 * there: the end of one item, not of the run.
 */
export function loopOf(def: WorkflowDefinition, stepId: string): string | undefined {
  try {
    return innermostLoop(def, stepId);
  } catch {
    // The runtime's graph expects a draft of the right shape; a broken one simply has no loops here.
    return undefined;
  }
}

function innermostLoop(def: WorkflowDefinition, stepId: string): string | undefined {
  const graph = buildStepGraph(def.steps, def.start);
  const index = graph.index.get(stepId);
  if (index === undefined) return undefined;
  const holding = forEachRegions(graph)
    .filter((region) => region.body.has(index) && region.forEach !== index)
    .sort((a, b) => a.body.size - b.body.size)[0];
  return holding === undefined ? undefined : def.steps[holding.forEach]?.id;
}
