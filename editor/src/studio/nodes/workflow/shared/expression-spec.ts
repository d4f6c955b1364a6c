import { stepOutputType, triggerType } from '../../../../../../runtime/definitions/workflow-expressions.ts';
import {
  buildStepGraph,
  finishedBefore,
  forEachRegions,
} from '../../../../../../runtime/definitions/workflow-graph.ts';
import type { ExprType } from '../../../../../../runtime/expr/types.ts';
import type { Step, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import type { ExpressionSpec } from '../../../expression/expression-check.ts';

/** Where a workflow expression is typed: in a step (with what it must give), or in the trigger. */
export type WorkflowExpressionPlace =
  | { stepId: string; expect?: 'string' | 'bool' }
  | { trigger: 'idempotencyKey' | 'filter' | 'query' | 'items' | 'dedupeKey' };

// The runtime's own types of what a webhook delivers and what a call answers, taken from the
// functions that define them rather than written twice.
const WEBHOOK_REQUEST = (() => {
  const type = triggerType({ kind: 'webhook', verification: { kind: 'none' }, response: { mode: 'async' } });
  return typeof type === 'object' && 'object' in type ? type.object : {};
})();
const HTTP_RESPONSE = stepOutputType({
  id: 'call',
  label: 'Call',
  kind: 'call_api',
  connectionId: 'c',
  method: 'GET',
  path: '/',
} as Step);

const EXPECTED: Record<'string' | 'bool', ExprType> = { string: 'string', bool: 'bool' };

/**
 * The variables an expression may read where it is typed, as the validator builds them
 * (`checkWorkflowExpressions`): `trigger`, the steps that have certainly run before this one,
 * `item` and `index` inside a for-each; the trigger's own expressions see what the trigger gets.
 * Undefined where the validator checks nothing (a step the start never reaches) or the draft is
 * too broken to tell — then the input checks nothing rather than something wrong. Whether a
 * value is a list (for-each items) is left to the validator's problems.
 */
export function workflowExpressionSpec(
  def: WorkflowDefinition,
  place: WorkflowExpressionPlace,
): ExpressionSpec | undefined {
  let specs = memo.get(def);
  if (!specs) {
    specs = new Map();
    memo.set(def, specs);
  }
  const key = JSON.stringify(place);
  if (!specs.has(key)) {
    try {
      specs.set(key, buildSpec(def, place));
    } catch {
      specs.set(key, undefined);
    }
  }
  return specs.get(key);
}

const memo = new WeakMap<WorkflowDefinition, Map<string, ExpressionSpec | undefined>>();

function buildSpec(def: WorkflowDefinition, place: WorkflowExpressionPlace): ExpressionSpec | undefined {
  if ('trigger' in place) {
    switch (place.trigger) {
      case 'idempotencyKey':
        return { context: { variables: { ...WEBHOOK_REQUEST } }, expected: 'string' };
      case 'filter':
        return { context: { variables: { trigger: 'dyn' } }, expected: 'bool' };
      case 'query':
        return { context: { variables: {} } };
      case 'items':
        return { context: { variables: { response: HTTP_RESPONSE } } };
      case 'dedupeKey':
        return { context: { variables: { item: 'dyn' } } };
    }
  }
  const graph = buildStepGraph(def.steps, def.start);
  const index = graph.index.get(place.stepId);
  if (index === undefined) return undefined;
  const finished = finishedBefore(graph)[index];
  if (!finished) return undefined;
  const inLoop = forEachRegions(graph).some((region) => region.body.has(index));
  const variables: Record<string, ExprType> = {
    trigger: triggerType(def.trigger),
    steps: {
      object: Object.fromEntries([...finished].map((j) => [def.steps[j]!.id, stepOutputType(def.steps[j]!)])),
    },
    ...(inLoop ? { item: 'dyn', index: 'int' } : {}),
  };
  return { context: { variables }, ...(place.expect ? { expected: EXPECTED[place.expect] } : {}) };
}
