import type { Step, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { missing } from './app-parts.ts';
import { type EditResult, edited, quoted, type RemovedReference, refused } from './edit-result.ts';
import {
  isRequiredLink,
  linksInto,
  linksOf,
  linkTarget,
  reachable,
  type StepLink,
  withLink,
} from './workflow-links.ts';

/**
 * Where control goes in place of a deleted step: its `next`; for a condition, the one step all
 * its branches lead to (none when they part ways). Error paths are not the way on.
 */
function successorOf(step: Step): string | undefined {
  if (step.kind !== 'condition') return step.next;
  const targets = new Set(
    linksOf(step)
      .filter((link) => link !== 'onError')
      .map((link) => linkTarget(step, link))
      .filter((target): target is string => target !== undefined),
  );
  return targets.size === 1 ? [...targets][0] : undefined;
}

function linkName(link: StepLink): string {
  if (link.startsWith('branch:')) return `branch ${quoted(link.slice('branch:'.length))}`;
  const names: Record<string, string> = {
    next: 'next step',
    onError: 'error path',
    otherwise: 'otherwise path',
    body: 'loop body',
  };
  return names[link] ?? link;
}

/** Expressions in `steps` that read the output of step `id` (`steps.<id>.…`). */
function readersOf(steps: readonly Step[], id: string): Step[] {
  const pattern = new RegExp(`\\bsteps\\s*\\.\\s*${id}\\b|\\bsteps\\s*\\[\\s*["']${id}["']`);
  return steps.filter((step) => pattern.test(JSON.stringify(step)));
}

/**
 * Deletes a step. When it had exactly one way on (see `successorOf`), every link into it — from
 * steps and from the start — is re-pointed there, so the run flows past the gap; otherwise
 * optional links into it are cut and a branch into it is removed. Refused when a link that must
 * name a step (a for-each body, a condition's only branch, the start) would be left empty.
 * Later expressions that read its output are returned as warnings (the validator flags them).
 */
export function deleteStep(
  def: WorkflowDefinition,
  args: { stepId: string },
): EditResult<WorkflowDefinition> {
  const step = def.steps.find((candidate) => candidate.id === args.stepId);
  if (!step) return refused(missing('step', args.stepId));
  if (def.steps.length === 1)
    return refused('A workflow needs at least one step; add another before deleting this one.');
  const successor = successorOf(step);
  const way = successor !== undefined && successor !== step.id ? successor : undefined;
  const name = quoted(step.label);
  if (def.start === step.id && way === undefined)
    return refused(`${name} is the first step and nothing follows it; make another step the start first.`);

  const removed: RemovedReference[] = [];
  const replaced = new Map<string, Step>();
  for (const { from, link } of linksInto(def, step.id)) {
    if (from.id === step.id) continue;
    let current = replaced.get(from.id) ?? from;
    const target = way !== undefined && way !== from.id ? way : undefined;
    if (target !== undefined) {
      current = withLink(current, link, target);
      const to = def.steps.find((candidate) => candidate.id === target);
      removed.push({
        entity: 'step',
        id: from.id,
        summary: `${linkName(link)} of ${quoted(from.label)} now leads to ${quoted(to?.label ?? target)}`,
      });
    } else if (!isRequiredLink(link)) {
      current = withLink(current, link, undefined);
      removed.push({
        entity: 'step',
        id: from.id,
        summary: `${linkName(link)} of ${quoted(from.label)} removed`,
      });
    } else if (link.startsWith('branch:') && current.kind === 'condition' && current.branches.length > 1) {
      const branchId = link.slice('branch:'.length);
      current = { ...current, branches: current.branches.filter((branch) => branch.id !== branchId) };
      removed.push({
        entity: 'step',
        id: from.id,
        summary: `${linkName(link)} of ${quoted(from.label)} removed`,
      });
    } else {
      const what =
        link === 'body'
          ? `the body of for-each ${quoted(from.label)}`
          : `the only branch of ${quoted(from.label)}`;
      return refused(`${name} is ${what}, which must lead somewhere; point it at another step first.`);
    }
    replaced.set(from.id, current);
  }

  const steps = def.steps
    .filter((candidate) => candidate.id !== step.id)
    .map((candidate) => replaced.get(candidate.id) ?? candidate);
  const warnings = readersOf(steps, step.id).map(
    (reader) => `step ${quoted(reader.label)} uses the output of ${name}; change its expressions`,
  );
  const start = def.start === step.id ? way! : def.start;
  const next = { ...def, start, steps };
  // A loop body, or an error handler only the deleted step led to, is cut off: say so.
  const before = reachable(def, def.start);
  const after = reachable(next, start);
  const stranded = steps.filter((candidate) => before.has(candidate.id) && !after.has(candidate.id));
  if (stranded.length) {
    const many = stranded.length > 1;
    warnings.push(
      `${stranded.map((s) => quoted(s.label)).join(', ')} ${many ? 'are' : 'is'} no longer reached from the start; connect or delete ${many ? 'them' : 'it'}`,
    );
  }
  return edited(next, { removed, warnings });
}
