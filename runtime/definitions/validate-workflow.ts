import { WorkflowDefinition } from '../../schemas/definitions.ts';
import { type DefinitionIssue, IssueList, shapeIssues, type ValidationResult } from './result.ts';
import { checkWorkflowExpressions } from './workflow-expressions.ts';
import {
  buildStepGraph,
  type ForEachRegion,
  findLoops,
  forEachRegions,
  reachableFrom,
  type StepGraph,
} from './workflow-graph.ts';
import {
  checkConnectionsAndSecrets,
  checkRecordSteps,
  checkUniqueIds,
  listNames,
  type WorkflowAppInfo,
} from './workflow-references.ts';

export type { WorkflowAppInfo } from './workflow-references.ts';

export interface ValidateWorkflowOptions {
  /** The builder's apps; when given, record steps must name an app, table and writable fields of them. */
  apps?: readonly WorkflowAppInfo[];
}

/**
 * Checks a workflow definition: its shape (Zod), then every rule the schema cannot express —
 * ids and references, the step graph, connections and secrets, respond steps, record targets and
 * the types of every expression. Reports all problems at once, each with where and what to do.
 */
export function validateWorkflow(
  input: unknown,
  options: ValidateWorkflowOptions = {},
): ValidationResult<WorkflowDefinition> {
  const parsed = WorkflowDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, errors: shapeIssues(parsed.error) };
  const errors = workflowIssues(parsed.data, options);
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** The semantic problems of a workflow whose shape is already valid. */
export function workflowIssues(
  def: WorkflowDefinition,
  options: ValidateWorkflowOptions = {},
): DefinitionIssue[] {
  const issues = new IssueList();
  checkUniqueIds(issues, ['steps'], def.steps, 'step');
  checkUniqueIds(issues, ['connections'], def.connections, 'connection');
  checkUniqueIds(issues, ['secrets'], def.secrets ?? [], 'secret');
  def.steps.forEach((step, i) => {
    if (step.kind === 'condition') checkUniqueIds(issues, ['steps', i, 'branches'], step.branches, 'branch');
  });

  const graph = buildStepGraph(def.steps, def.start);
  checkReferences(def, graph, issues);
  const reachable = reachableFrom(graph, graph.start);
  def.steps.forEach((step, i) => {
    if (graph.start !== undefined && !reachable.has(i))
      issues.add(
        ['steps', i],
        `step "${step.id}" is never reached from start; lead to it with a next, branch or body from another step, or remove it`,
      );
  });
  const regions = forEachRegions(graph);
  const reported = checkForEachBodies(graph, regions, issues);
  checkLoops(graph, reported, issues);

  checkConnectionsAndSecrets(def, issues);
  checkRespondSteps(def, reachable, issues);
  if (options.apps) checkRecordSteps(def, options.apps, issues);
  checkWorkflowExpressions(def, graph, regions, issues);
  return issues.issues;
}

/** `start` and every arrow name an existing step, and no step leads to itself. */
function checkReferences(def: WorkflowDefinition, graph: StepGraph, issues: IssueList): void {
  const ids = listNames(def.steps.map((step) => step.id));
  if (graph.start === undefined) issues.add(['start'], `step "${def.start}" does not exist (steps: ${ids})`);
  for (const edge of graph.edges) {
    const to = graph.index.get(edge.target);
    if (to === undefined) issues.add(edge.path, `step "${edge.target}" does not exist (steps: ${ids})`);
    else if (to === edge.from)
      issues.add(
        edge.path,
        `step "${edge.target}" cannot lead to itself; to repeat steps for each item of a list, use a for_each step`,
      );
  }
}

/** Reports arrows that leave a for-each body (see `forEachRegions`); returns them as `path` strings. */
function checkForEachBodies(
  graph: StepGraph,
  regions: readonly ForEachRegion[],
  issues: IssueList,
): Set<string> {
  const reported = new Set<string>();
  for (const { forEach, exits } of regions) {
    const loopId = graph.steps[forEach]!.id;
    for (const edge of exits) {
      reported.add(edge.path.join('.'));
      const from = graph.steps[edge.from]!.id;
      if (edge.from === forEach)
        issues.add(
          edge.path,
          `the body of for_each "${loopId}" starts at "${edge.target}", which the workflow also reaches outside the loop; a body needs steps of its own`,
        );
      else if (edge.to === forEach)
        issues.add(
          edge.path,
          `step "${from}" in the body of for_each "${loopId}" leads back to the for_each itself; leave the body's last step without a next, and the for_each moves on to the next item by itself`,
        );
      else
        issues.add(
          edge.path,
          `step "${from}" in the body of for_each "${loopId}" leads to "${edge.target}", which is outside the body; a body ends with a step that has no next, and the for_each then continues with its own next`,
        );
    }
  }
  return reported;
}

/** Loops other than a for-each's: a run would never end. */
function checkLoops(graph: StepGraph, alreadyReported: ReadonlySet<string>, issues: IssueList): void {
  for (const { edge, loop } of findLoops(graph)) {
    if (alreadyReported.has(edge.path.join('.'))) continue;
    issues.add(
      edge.path,
      `leads back to "${edge.target}", which makes an endless loop (${loop.join(' → ')}); to repeat steps for each item of a list, use a for_each step`,
    );
  }
}

/**
 * A respond step answers a webhook caller that is still waiting, which only a sync webhook does;
 * and a sync webhook's caller must get an answer, so one must be reachable.
 */
function checkRespondSteps(def: WorkflowDefinition, reachable: ReadonlySet<number>, issues: IssueList): void {
  const trigger = def.trigger;
  const sync = trigger.kind === 'webhook' && trigger.response.mode === 'sync';
  if (!sync) {
    const what =
      trigger.kind === 'webhook' ? 'a webhook with response mode "async"' : `a ${trigger.kind} trigger`;
    def.steps.forEach((step, i) => {
      if (step.kind === 'respond')
        issues.add(
          ['steps', i],
          `respond step "${step.id}" only works when the trigger is a webhook with response mode "sync"; this workflow starts from ${what}`,
        );
    });
    return;
  }
  const answers = def.steps.some((step, i) => step.kind === 'respond' && reachable.has(i));
  if (!answers)
    issues.add(
      ['trigger', 'response'],
      'a sync webhook must answer with a respond step, but no respond step is reachable from start; add one or set the response mode to "async"',
    );
}
