import { type DefinitionIssue, validateWorkflow } from '../../../../runtime/definitions/index.ts';
import { buildStepGraph, forEachRegions } from '../../../../runtime/definitions/workflow-graph.ts';
import { Step, type StepKind, type WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { missing } from './app-parts.ts';
import { type CreatedEntity, type EditResult, edited, quoted, refused } from './edit-result.ts';
import { checkLabel, idFromLabel, uniqueId, uniqueLabel } from './ids.ts';
import { describeIssues, newIssues } from './issue-location.ts';
import {
  STEP_KIND_LABELS,
  type StepChoices,
  stepSettings,
  type TriggerKind,
  triggerSettings,
  WEBHOOK_SECRET,
} from './workflow-defaults.ts';
import {
  hasLink,
  isRequiredLink,
  linkTarget,
  reachable,
  replaceStep,
  type StepLink,
  withLink,
} from './workflow-links.ts';

const MAX_STEPS = 200;
const MAX_SECRETS = 20;

function issuesOf(def: WorkflowDefinition): DefinitionIssue[] {
  const result = validateWorkflow(def);
  return result.ok ? [] : result.errors;
}

/** Whether the body of for-each `id` leads out of itself (the validator would reject it). */
function bodyLeaks(def: WorkflowDefinition, id: string): boolean {
  const graph = buildStepGraph(def.steps, def.start);
  const index = graph.index.get(id);
  return forEachRegions(graph).some((region) => region.forEach === index && region.exits.length > 0);
}

/** Where a new step goes: at the start, or on a link of a step (taking over what it led to). */
export type StepPlace = 'start' | { stepId: string; link: StepLink };

function stepById(def: WorkflowDefinition, id: string): Step | undefined {
  return def.steps.find((step) => step.id === id);
}

/**
 * Adds a step of any kind. Placed on a link, it goes between that step and what the link led
 * to: the new step's `next` takes over the old target — or, for a condition, its first branch;
 * for a for-each, its body (so the steps after it run once per item). Without a place it is
 * added unconnected (the validator then reports it unreachable until it is connected).
 */
export function addStep(
  def: WorkflowDefinition,
  args: { kind: StepKind; label?: string; at?: StepPlace; choices?: StepChoices },
): EditResult<WorkflowDefinition> {
  if (def.steps.length >= MAX_STEPS) return refused(`A workflow can have at most ${MAX_STEPS} steps.`);
  const place = args.at === 'start' ? undefined : args.at;
  const atStart = args.at === 'start';
  const from = place ? stepById(def, place.stepId) : undefined;
  if (place) {
    if (!from) return refused(missing('step', place.stepId));
    if (!hasLink(from, place.link)) return refused(`Step ${quoted(from.label)} has no ${place.link} link.`);
  }
  const continuation = atStart ? def.start : from && place ? linkTarget(from, place.link) : undefined;
  const choices: StepChoices = { ...args.choices };
  // A condition's first branch, or a for-each's body, takes over what the link led to, unless
  // the builder chose it; a for-each with a chosen body continues where the link led.
  const takesOver = args.kind === 'condition' || (args.kind === 'for_each' && choices.to === undefined);
  if (takesOver && choices.to === undefined && continuation !== undefined) choices.to = continuation;
  const settings = stepSettings(def, args.kind, choices);
  if (typeof settings === 'string') return refused(`Cannot add the step: ${settings}.`);
  const trigger = def.trigger;
  if (args.kind === 'respond' && !(trigger.kind === 'webhook' && trigger.response.mode === 'sync'))
    return refused(
      'A respond step answers a webhook caller that waits for the answer; set the trigger to a webhook with response mode "sync" first.',
    );

  const checked = checkLabel(args.label ?? STEP_KIND_LABELS[args.kind]);
  if (!checked.ok) return refused(checked.reason);
  const label = uniqueLabel(
    checked.label,
    def.steps.map((step) => step.label),
  );
  const id = uniqueId(
    idFromLabel(label, 'step'),
    def.steps.map((step) => step.id),
  );
  const step = { id, label, ...settings } as Step;
  if (!takesOver && continuation !== undefined && continuation !== choices.to) step.next = continuation;

  let steps = def.steps.map((candidate) =>
    from && place && candidate.id === from.id ? withLink(candidate, place.link, id) : candidate,
  );
  // Next to the step it follows, so the list reads in the order the steps run.
  const index = from
    ? steps.findIndex((candidate) => candidate.id === from.id) + 1
    : atStart
      ? 0
      : steps.length;
  steps = [...steps.slice(0, index), step, ...steps.slice(index)];
  const next = { ...def, steps, start: atStart ? id : def.start };
  if (step.kind === 'for_each' && bodyLeaks(next, id))
    return refused(
      `The steps after this point also lead to steps outside them, so they cannot become the body of a for-each; put it before a step whose following steps end on their own, or choose the first step of its body.`,
    );
  const created: CreatedEntity[] = [{ entity: 'step', id }];
  return edited(next, { created });
}

/** Replaces the trigger with a new one of `kind` (a signed webhook declares its secret). */
export function setTrigger(
  def: WorkflowDefinition,
  args: { kind: TriggerKind; connectionId?: string },
): EditResult<WorkflowDefinition> {
  if (def.trigger.kind === args.kind) return edited(def);
  const trigger = triggerSettings(def, args.kind, args.connectionId);
  if (typeof trigger === 'string') return refused(`Cannot use that trigger: ${trigger}.`);
  const secrets = def.secrets ?? [];
  const needsSecret =
    trigger.kind === 'webhook' &&
    trigger.verification.kind === 'hmac' &&
    !secrets.some((secret) => secret.id === WEBHOOK_SECRET.id);
  if (needsSecret && secrets.length >= MAX_SECRETS)
    return refused(`A workflow can declare at most ${MAX_SECRETS} secrets.`);
  const created: CreatedEntity[] = needsSecret ? [{ entity: 'secret', id: WEBHOOK_SECRET.id }] : [];
  const next = { ...def, trigger, ...(needsSecret ? { secrets: [...secrets, { ...WEBHOOK_SECRET }] } : {}) };
  // Steps read what the trigger gives (`trigger.body` of a webhook, `trigger.scheduledAt` of a
  // schedule): say which expressions no longer fit, so the problems that follow are no surprise.
  const broken = newIssues(issuesOf(def), issuesOf(next));
  const warnings = broken.length ? [`the new trigger breaks ${describeIssues(next, broken)}`] : [];
  return edited(next, { created, warnings });
}

/** Why linking `from` to `to` cannot work, or undefined. */
function linkProblem(def: WorkflowDefinition, from: Step, to: string): string | undefined {
  const target = stepById(def, to);
  if (!target) return missing('step', to);
  if (target.id === from.id)
    return `A step cannot lead to itself; to repeat steps for each item of a list, use a for-each step.`;
  if (reachable(def, target.id).has(from.id))
    return `${quoted(target.label)} already leads back to ${quoted(from.label)}, so this would make an endless loop; to repeat steps for each item of a list, use a for-each step.`;
  return undefined;
}

/** Points a link of a step at another step (what dragging from a step's handle to another does). */
export function connectSteps(
  def: WorkflowDefinition,
  args: { from: string; link: StepLink; to: string },
): EditResult<WorkflowDefinition> {
  const from = stepById(def, args.from);
  if (!from) return refused(missing('step', args.from));
  if (!hasLink(from, args.link)) return refused(`Step ${quoted(from.label)} has no ${args.link} link.`);
  const problem = linkProblem(def, from, args.to);
  if (problem) return refused(problem);
  return edited(replaceStep(def, withLink(from, args.link, args.to)));
}

/**
 * Cuts a link. `next`, `onError` and `otherwise` become open; a branch is removed (a condition
 * keeps at least one); a for-each's body cannot be cut, only pointed elsewhere.
 */
export function disconnectLink(
  def: WorkflowDefinition,
  args: { from: string; link: StepLink },
): EditResult<WorkflowDefinition> {
  const from = stepById(def, args.from);
  if (!from) return refused(missing('step', args.from));
  if (!hasLink(from, args.link)) return refused(`Step ${quoted(from.label)} has no ${args.link} link.`);
  if (!isRequiredLink(args.link)) return edited(replaceStep(def, withLink(from, args.link, undefined)));
  if (args.link === 'body' || from.kind !== 'condition')
    return refused(`A for-each always has a body; point it at another step instead.`);
  if (from.branches.length <= 1)
    return refused(
      `Condition ${quoted(from.label)} needs at least one branch; point it at another step instead.`,
    );
  const id = args.link.slice('branch:'.length);
  return edited(replaceStep(def, { ...from, branches: from.branches.filter((branch) => branch.id !== id) }));
}

/**
 * Adds a branch to a condition, leading to `to`. It starts as `false`, so it never runs before
 * the builder writes its condition (branches are checked in order; the first true one runs).
 */
export function addBranch(
  def: WorkflowDefinition,
  args: { stepId: string; to: string; label?: string },
): EditResult<WorkflowDefinition> {
  const step = stepById(def, args.stepId);
  if (step?.kind !== 'condition') return refused(missing('condition step', args.stepId));
  if (step.branches.length >= 20) return refused('A condition can have at most 20 branches.');
  const problem = linkProblem(def, step, args.to);
  if (problem) return refused(problem);
  const checked = checkLabel(args.label ?? `Branch ${step.branches.length + 1}`);
  if (!checked.ok) return refused(checked.reason);
  const label = uniqueLabel(
    checked.label,
    step.branches.map((branch) => branch.label),
  );
  const id = uniqueId(
    idFromLabel(label, 'branch'),
    step.branches.map((branch) => branch.id),
  );
  const branches = [...step.branches, { id, label, when: 'false', next: args.to }];
  return edited(replaceStep(def, { ...step, branches }));
}

export function setStart(def: WorkflowDefinition, args: { stepId: string }): EditResult<WorkflowDefinition> {
  if (!stepById(def, args.stepId)) return refused(missing('step', args.stepId));
  return edited({ ...def, start: args.stepId });
}

export function renameStep(
  def: WorkflowDefinition,
  args: { stepId: string; label: string },
): EditResult<WorkflowDefinition> {
  const step = stepById(def, args.stepId);
  if (!step) return refused(missing('step', args.stepId));
  const checked = checkLabel(args.label);
  if (!checked.ok) return refused(checked.reason);
  return edited(replaceStep(def, { ...step, label: checked.label }));
}

export function renameBranch(
  def: WorkflowDefinition,
  args: { stepId: string; branchId: string; label: string },
): EditResult<WorkflowDefinition> {
  const step = stepById(def, args.stepId);
  if (step?.kind !== 'condition' || !step.branches.some((branch) => branch.id === args.branchId))
    return refused(missing('branch', args.branchId));
  const checked = checkLabel(args.label);
  if (!checked.ok) return refused(checked.reason);
  const branches = step.branches.map((branch) =>
    branch.id === args.branchId ? { ...branch, label: checked.label } : branch,
  );
  return edited(replaceStep(def, { ...step, branches }));
}

export function renameWorkflow(
  def: WorkflowDefinition,
  args: { name: string },
): EditResult<WorkflowDefinition> {
  const checked = checkLabel(args.name);
  if (!checked.ok) return refused(checked.reason);
  return edited({ ...def, name: checked.label });
}

/**
 * Sets (or clears, with `undefined`) settings of a step — an expression, a path, retries.
 * Refused only when the step would not fit the schema; expression errors show as problems.
 */
export function updateStep(
  def: WorkflowDefinition,
  args: { stepId: string; patch: Record<string, unknown> },
): EditResult<WorkflowDefinition> {
  const step = stepById(def, args.stepId);
  if (!step) return refused(missing('step', args.stepId));
  const merged: Record<string, unknown> = { ...step };
  for (const [key, value] of Object.entries(args.patch)) {
    if (key === 'id' || key === 'kind') continue;
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const parsed = Step.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(`${issue.path.join('.') || 'The step'} ${issue.message}.`);
  }
  return edited(replaceStep(def, merged as Step));
}
