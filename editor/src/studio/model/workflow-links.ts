import type { Step, WorkflowDefinition } from '../../../../schemas/definitions.ts';

/**
 * One way control leaves a step, named as the canvas names the step's source handles: `next`,
 * `onError`, a condition's `branch:<id>` and `otherwise`, a for-each's `body`.
 */
export type StepLink = 'next' | 'onError' | 'otherwise' | 'body' | `branch:${string}`;

export function branchLink(branchId: string): StepLink {
  return `branch:${branchId}`;
}

/** The links a step of this kind has, whether set or not (conditions: one per branch). */
export function linksOf(step: Step): StepLink[] {
  const links: StepLink[] = [];
  if (step.kind === 'condition') {
    for (const branch of step.branches) links.push(branchLink(branch.id));
    links.push('otherwise');
  }
  if (step.kind === 'for_each') links.push('body');
  links.push('next', 'onError');
  return links;
}

/** Whether a link must always name a step (a branch, a body) rather than being left open. */
export function isRequiredLink(link: StepLink): boolean {
  return link === 'body' || link.startsWith('branch:');
}

export function linkTarget(step: Step, link: StepLink): string | undefined {
  if (link === 'next') return step.next;
  if (link === 'onError') return step.onError;
  if (link === 'otherwise') return step.kind === 'condition' ? step.otherwise : undefined;
  if (link === 'body') return step.kind === 'for_each' ? step.body : undefined;
  if (step.kind !== 'condition') return undefined;
  const id = link.slice('branch:'.length);
  return step.branches.find((branch) => branch.id === id)?.next;
}

/** Whether a step of this kind has this link at all. */
export function hasLink(step: Step, link: StepLink): boolean {
  return linksOf(step).includes(link);
}

/**
 * The step with `link` pointing at `target`; `undefined` clears an optional link. A required
 * link cannot be cleared here (the caller removes the branch or refuses).
 */
export function withLink(step: Step, link: StepLink, target: string | undefined): Step {
  if (link.startsWith('branch:')) {
    if (step.kind !== 'condition' || target === undefined) return step;
    const id = link.slice('branch:'.length);
    return {
      ...step,
      branches: step.branches.map((branch) => (branch.id === id ? { ...branch, next: target } : branch)),
    };
  }
  if (link === 'body')
    return step.kind === 'for_each' && target !== undefined ? { ...step, body: target } : step;
  if (link === 'otherwise' && step.kind !== 'condition') return step;
  const key = link as 'next' | 'onError' | 'otherwise';
  if (target !== undefined) return { ...step, [key]: target } as Step;
  const { [key]: _cleared, ...rest } = step as Step & { otherwise?: string };
  return rest as Step;
}

/** Every link in the workflow that points at `stepId`, with the step it leaves from. */
export function linksInto(def: WorkflowDefinition, stepId: string): { from: Step; link: StepLink }[] {
  return def.steps.flatMap((from) =>
    linksOf(from)
      .filter((link) => linkTarget(from, link) === stepId)
      .map((link) => ({ from, link })),
  );
}

/** The steps reachable from `from` along every link (for refusing an edit that would close a loop). */
export function reachable(def: WorkflowDefinition, from: string): Set<string> {
  const byId = new Map(def.steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (!step) continue;
    for (const link of linksOf(step)) {
      const target = linkTarget(step, link);
      if (target !== undefined) stack.push(target);
    }
  }
  return seen;
}

export function replaceStep(def: WorkflowDefinition, step: Step): WorkflowDefinition {
  return { ...def, steps: def.steps.map((candidate) => (candidate.id === step.id ? step : candidate)) };
}
