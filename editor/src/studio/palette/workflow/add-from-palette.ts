import type { WorkflowDefinition } from '../../../../../schemas/definitions.ts';
import { parseNodeId } from '../../graph/node-ids.ts';
import { type EditResult, quoted, refused } from '../../model/edit-result.ts';
import { addStep, type StepPlace, setTrigger } from '../../model/workflow-edit.ts';
import { firstRecordTarget, type WorkflowApp } from '../../nodes/workflow/shared/record-targets.ts';
import { parsePaletteItem } from './palette-items.ts';

export interface PaletteAddOptions {
  /** The step the new one follows (the selected step, when the item is clicked). */
  afterStepId?: string;
  /**
   * Added unconnected (an item dropped on empty canvas lands where it was dropped, and the
   * builder then drags a link to it). Without this or `afterStepId`, a step goes at the end of
   * the main path.
   */
  detached?: boolean;
  /** The builder's apps: a record step starts writing the first table it can write. */
  apps?: readonly WorkflowApp[];
}

/** The step a clicked or dropped item goes after: the last selected step node, if any. */
export function stepAfter(selected: readonly string[]): string | undefined {
  for (const nodeId of [...selected].reverse()) {
    const parsed = parseNodeId(nodeId);
    if (parsed?.entity === 'step') return parsed.id;
  }
  return undefined;
}

/**
 * The last step on the main path: from the start, along `next`, to the step where the run
 * ends. Undefined when that is a condition (its way on is a branch, which this cannot choose)
 * or the path runs in a circle (an invalid draft).
 */
export function endOfMainPath(def: WorkflowDefinition): string | undefined {
  const byId = new Map(def.steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  let step = byId.get(def.start);
  while (step?.next !== undefined && byId.has(step.next)) {
    if (seen.has(step.id)) return undefined;
    seen.add(step.id);
    step = byId.get(step.next);
  }
  return step && step.kind !== 'condition' ? step.id : undefined;
}

/** Where the new step goes (no `at`: unconnected), or why it cannot go after the chosen step. */
function placeFor(
  def: WorkflowDefinition,
  options: PaletteAddOptions,
): { at?: StepPlace } | { reason: string } {
  if (def.steps.length === 0) return { at: 'start' };
  if (options.afterStepId !== undefined) {
    const after = def.steps.find((step) => step.id === options.afterStepId);
    if (after?.kind === 'condition')
      return {
        reason:
          "A condition goes on by its branches; select the step a branch leads to, or add the step and drag a link to it from the branch's handle.",
      };
    return { at: { stepId: options.afterStepId, link: 'next' } };
  }
  if (options.detached) return {};
  const end = endOfMainPath(def);
  return end === undefined ? {} : { at: { stepId: end, link: 'next' } };
}

/**
 * What choosing a palette item does: a trigger item replaces the trigger with one of its kind;
 * a step item adds a step of its kind after `afterStepId` (taking over what that step led to),
 * at the end of the main path, or unconnected (`detached`). Refused with the model's reason when
 * the kind needs something first (a connection, a sync webhook, a step to lead to).
 */
export function addFromWorkflowPalette(
  def: WorkflowDefinition,
  itemId: string,
  options: PaletteAddOptions = {},
): EditResult<WorkflowDefinition> {
  const item = parsePaletteItem(itemId);
  if (!item) return refused(`The palette has no item ${quoted(itemId)}.`);
  if (item.group === 'trigger') return setTrigger(def, { kind: item.kind });
  const place = placeFor(def, options);
  if ('reason' in place) return refused(place.reason);
  const record =
    item.kind === 'create_record' || item.kind === 'update_record'
      ? firstRecordTarget(options.apps)
      : undefined;
  if ((item.kind === 'create_record' || item.kind === 'update_record') && !record)
    return refused(
      'A record step writes into a table of one of your apps; create an app with a table first.',
    );
  return addStep(def, {
    kind: item.kind,
    ...place,
    ...(record ? { choices: { record } } : {}),
  });
}
