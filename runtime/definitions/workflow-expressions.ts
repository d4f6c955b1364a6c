import type { Step, Trigger, WorkflowDefinition } from '../../schemas/definitions.ts';
import { checkExpression, referencedPaths, typeToString } from '../expr/index.ts';
import type { ExprType } from '../expr/types.ts';
import type { IssueList } from './result.ts';
import { type ForEachRegion, finishedBefore, type StepGraph } from './workflow-graph.ts';
import { listNames } from './workflow-references.ts';

/** What an expression's value must be, beyond type-checking: `dyn` always fits. */
type Expectation = 'string' | 'bool' | 'list';

interface ExpressionSite {
  path: readonly PropertyKey[];
  source: string;
  expect?: Expectation;
  /** Put before the checker's messages, e.g. which `{{ }}` placeholder of a path. */
  prefix?: string;
}

type Variables = Record<string, ExprType>;

const HTTP_RESPONSE: ExprType = { object: { status: 'int', body: 'dyn', headers: { map: 'string' } } };
const WEBHOOK_REQUEST = { body: 'dyn', headers: { map: 'string' }, query: { map: 'string' } } as const;

/** `trigger` in step expressions: what started the run. */
export function triggerType(trigger: Trigger): ExprType {
  if (trigger.kind === 'webhook') return { object: { ...WEBHOOK_REQUEST }, name: 'trigger' };
  if (trigger.kind === 'cron') return { object: { scheduledAt: 'timestamp' }, name: 'trigger' };
  return 'dyn'; // a message or a polled item: the shape is the other service's
}

const EXTRACT_TYPES = {
  string: 'string',
  number: 'double',
  boolean: 'bool',
  date: 'string',
  string_list: { list: 'string' },
} as const satisfies Record<string, ExprType>;

/** `steps.<id>` in later expressions: what a step gives when it has run. */
export function stepOutputType(step: Step): ExprType {
  switch (step.kind) {
    case 'call_api':
      return HTTP_RESPONSE;
    case 'create_record':
    case 'update_record':
      return { object: { id: 'string' } };
    case 'state_get':
      return { object: { value: 'dyn' } };
    case 'map':
      return { object: Object.fromEntries(step.values.map((entry) => [entry.name, 'dyn' as const])) };
    case 'ai':
      switch (step.ai.task) {
        case 'classify':
          return { object: { label: 'string', confidence: 'double' } };
        case 'extract':
          return { object: Object.fromEntries(step.ai.fields.map((f) => [f.name, EXTRACT_TYPES[f.type]])) };
        case 'summarise':
          return { object: { summary: 'string' } };
        case 'decide':
          return { object: { optionId: 'string', reason: 'string' } };
      }
      return 'dyn';
    default:
      return 'dyn';
  }
}

/** Every expression of a step, with what its value must be. */
function stepSites(step: Step, i: number, issues: IssueList): ExpressionSite[] {
  const at = (...rest: PropertyKey[]) => ['steps', i, ...rest];
  const pairs = (field: string, list: readonly { value: string }[] | undefined) =>
    (list ?? []).map((entry, j) => ({ path: at(field, j, 'value'), source: entry.value }));
  switch (step.kind) {
    case 'call_api':
      return [
        ...placeholderSites(step.path, at('path'), issues),
        ...pairs('query', step.query),
        ...pairs('headers', step.headers),
        ...(step.body ? [{ path: at('body'), source: step.body }] : []),
      ];
    case 'send_message':
      return [
        { path: at('to'), source: step.to, expect: 'string' },
        ...(step.subject ? [{ path: at('subject'), source: step.subject, expect: 'string' as const }] : []),
        { path: at('text'), source: step.text, expect: 'string' },
      ];
    case 'create_record':
      return pairs('values', step.values);
    case 'update_record':
      return [
        { path: at('recordId'), source: step.recordId, expect: 'string' },
        ...pairs('values', step.values),
      ];
    case 'state_get':
      return [
        { path: at('key'), source: step.key, expect: 'string' },
        ...(step.default ? [{ path: at('default'), source: step.default }] : []),
      ];
    case 'state_set':
      return [
        { path: at('key'), source: step.key, expect: 'string' },
        { path: at('value'), source: step.value },
      ];
    case 'ai':
      return [{ path: at('input'), source: step.input }];
    case 'map':
      return step.values.map((entry, j) => ({ path: at('values', j, 'value'), source: entry.value }));
    case 'condition':
      return step.branches.map((branch, j) => ({
        path: at('branches', j, 'when'),
        source: branch.when,
        expect: 'bool',
      }));
    case 'for_each':
      return [{ path: at('items'), source: step.items, expect: 'list' }];
    case 'respond':
      return [
        ...(step.body ? [{ path: at('body'), source: step.body }] : []),
        ...pairs('headers', step.headers),
      ];
  }
}

/** The `{{expr}}` placeholders of a call's path; an unclosed `{{` is reported here. */
function placeholderSites(path: string, at: readonly PropertyKey[], issues: IssueList): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  for (const match of path.matchAll(/\{\{(.*?)\}\}/g)) {
    const source = match[1]!.trim();
    if (!source)
      issues.add(at, 'has an empty {{ }} placeholder; put an expression inside, e.g. {{ trigger.body.id }}');
    else sites.push({ path: at, source, prefix: `in {{ ${source} }}: ` });
  }
  if (path.replace(/\{\{(.*?)\}\}/g, '').includes('{{')) issues.add(at, 'has a {{ without a matching }}');
  return sites;
}

/**
 * Type-checks every expression of the workflow in the context it runs in:
 * - `trigger`: what started the run (see `triggerType`);
 * - `steps`: only the steps that have certainly finished before this one on every path, with their
 *   output types — a later step, a step on another branch, or a step inside a for-each body seen
 *   from after the loop is not there;
 * - `item` and `index` inside a for-each body (the innermost loop's).
 * There is no `state` (read it with a state_get step) and no `secrets` (secrets never reach an
 * expression, so an AI step can never be fed one). Steps that `start` never reaches are reported as
 * such and their expressions skipped: what ran before them is unknown until they are connected.
 */
export function checkWorkflowExpressions(
  def: WorkflowDefinition,
  graph: StepGraph,
  regions: readonly ForEachRegion[],
  issues: IssueList,
): void {
  checkTriggerExpressions(def.trigger, issues);
  const before = finishedBefore(graph);
  const trigger = triggerType(def.trigger);
  def.steps.forEach((step, i) => {
    const finished = before[i];
    if (!finished) return;
    const loop = innermostLoop(regions, i);
    const variables: Variables = {
      trigger,
      steps: {
        object: Object.fromEntries(
          [...finished].map((j) => [def.steps[j]!.id, stepOutputType(def.steps[j]!)]),
        ),
      },
      ...(loop ? { item: 'dyn', index: 'int' } : {}),
    };
    for (const site of stepSites(step, i, issues)) {
      checkSite(site, variables, issues, (id) => {
        const target = graph.index.get(id);
        const type = target === undefined ? 'dyn' : stepOutputType(def.steps[target]!);
        return { message: unavailableReason(def, graph, regions, i, id), type };
      });
    }
  });
}

function checkTriggerExpressions(trigger: Trigger, issues: IssueList): void {
  const noStep = () => undefined;
  if (trigger.kind === 'webhook' && trigger.idempotencyKey)
    checkSite(
      { path: ['trigger', 'idempotencyKey'], source: trigger.idempotencyKey, expect: 'string' },
      { ...WEBHOOK_REQUEST },
      issues,
      noStep,
    );
  if (trigger.kind === 'message' && trigger.filter)
    checkSite(
      { path: ['trigger', 'filter'], source: trigger.filter, expect: 'bool' },
      { trigger: 'dyn' },
      issues,
      noStep,
    );
  if (trigger.kind === 'polling') {
    (trigger.request.query ?? []).forEach((entry, j) => {
      checkSite(
        { path: ['trigger', 'request', 'query', j, 'value'], source: entry.value },
        {},
        issues,
        noStep,
      );
    });
    checkSite(
      { path: ['trigger', 'items'], source: trigger.items, expect: 'list' },
      { response: HTTP_RESPONSE },
      issues,
      noStep,
    );
    checkSite({ path: ['trigger', 'dedupeKey'], source: trigger.dedupeKey }, { item: 'dyn' }, issues, noStep);
  }
}

function innermostLoop(regions: readonly ForEachRegion[], step: number): ForEachRegion | undefined {
  let best: ForEachRegion | undefined;
  for (const region of regions) {
    if (region.body.has(step) && (!best || region.body.size < best.body.size)) best = region;
  }
  return best;
}

/** Why step `id` cannot be used by step `at`, in words (the caller knows it is not available). */
function unavailableReason(
  def: WorkflowDefinition,
  graph: StepGraph,
  regions: readonly ForEachRegion[],
  at: number,
  id: string,
): string {
  const target = graph.index.get(id);
  if (target === undefined)
    return `refers to step "${id}", which does not exist (steps: ${listNames(def.steps.map((s) => s.id))})`;
  if (target === at) return `refers to its own result ("${id}"), which only exists after this step has run`;
  if (graph.out[target]!.some((edge) => edge.kind === 'onError' && edge.to === at))
    return `refers to step "${id}", which failed when this step runs (this step is its onError), so it has no result`;
  const loop = regions.find((region) => region.body.has(target) && !region.body.has(at));
  if (loop)
    return `refers to step "${id}", which runs once per item inside for_each "${def.steps[loop.forEach]!.id}" and cannot be used outside its body`;
  return `refers to step "${id}", which has not run yet at this point; only steps that run before this one on every path can be used`;
}

/**
 * Checks one expression: first its `steps.<id>` references (with messages about the order of steps
 * that a type checker could not give), then its types. A reference already reported is added to
 * the checker's context with its real type, so the rest of the expression is still checked
 * without repeating the same problem.
 */
function checkSite(
  site: ExpressionSite,
  variables: Variables,
  issues: IssueList,
  unavailable: (id: string) => { message: string; type: ExprType } | undefined,
): void {
  const stepsType = variables.steps;
  const known =
    stepsType && typeof stepsType === 'object' && 'object' in stepsType ? stepsType.object : undefined;
  const extra: Record<string, ExprType> = {};
  if (known) {
    for (const path of referencedPaths(site.source) ?? []) {
      const id = path[1];
      if (path[0] !== 'steps' || id === undefined || id in known || id in extra) continue;
      const problem = unavailable(id);
      if (problem) issues.add(site.path, `${site.prefix ?? ''}${problem.message}`);
      extra[id] = problem?.type ?? 'dyn';
    }
  }
  const context = known ? { ...variables, steps: { object: { ...known, ...extra } } } : variables;
  const result = checkExpression(site.source, { variables: context });
  if (!result.ok) {
    for (const error of result.errors)
      issues.add(site.path, `${site.prefix ?? ''}${error.message}${hintFor(error.message)}`);
    return;
  }
  const problem = site.expect && mismatch(site.expect, result.type);
  if (problem) issues.add(site.path, `${site.prefix ?? ''}${problem}`);
}

/** Names builders reach for that are deliberately not variables, and what to do instead. */
const NOT_VARIABLES: Record<string, string> = {
  state: '; workflow state is read with a state_get step: use steps.<its id>.value',
  secrets:
    '; secrets never reach expressions (nor AI steps): connections and webhook checks use them for you',
};

function hintFor(message: string): string {
  const name = /^unknown variable "(\w+)"/.exec(message)?.[1];
  return (name && NOT_VARIABLES[name]) || '';
}

function mismatch(expect: Expectation, type: ExprType): string | undefined {
  if (type === 'dyn') return undefined;
  const gives = typeToString(type);
  if (expect === 'bool' && type !== 'bool')
    return `must be true or false, but this expression gives ${gives}; compare it, e.g. steps.classify.label == "urgent"`;
  if (expect === 'string' && type !== 'string')
    return `must be text, but this expression gives ${gives}; convert it with string(...)`;
  if (expect === 'list' && !(typeof type === 'object' && 'list' in type))
    return `must be a list, but this expression gives ${gives}`;
  return undefined;
}
