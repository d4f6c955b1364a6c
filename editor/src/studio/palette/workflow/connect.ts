import type { Connection } from '@xyflow/react';
import type { WorkflowDefinition } from '../../../../../schemas/definitions.ts';
import { parseNodeId, TRIGGER_NODE_ID } from '../../graph/node-ids.ts';
import { type EditResult, quoted, refused } from '../../model/edit-result.ts';
import { addBranch, connectSteps, setStart } from '../../model/workflow-edit.ts';
import { linksOf, type StepLink } from '../../model/workflow-links.ts';
import { NEW_BRANCH_HANDLE } from '../../nodes/workflow/step/types.ts';

/** The parts of a React Flow connection this needs (handles are null when a node has just one). */
export type CanvasConnection = Pick<Connection, 'source' | 'target'> &
  Partial<Pick<Connection, 'sourceHandle' | 'targetHandle'>>;

function stepIdOf(nodeId: string | null | undefined): string | undefined {
  const parsed = parseNodeId(nodeId ?? '');
  return parsed?.entity === 'step' ? parsed.id : undefined;
}

/**
 * What a link drawn on the canvas means: from the trigger, "start here"; from a step's output
 * handle (`next`, `onError`, `branch:<id>`, `otherwise`, `body`), that link now leads to the
 * target step; from a condition's "+ branch", a new branch leading there. Anything else —
 * into the trigger, a step to itself, an output the step does not have — is refused with a
 * reason the canvas can show.
 */
export function connectFromCanvas(
  def: WorkflowDefinition,
  connection: CanvasConnection,
): EditResult<WorkflowDefinition> {
  const { source, target } = connection;
  if (!source || !target) return refused('Drop the link on a step.');
  if (target === TRIGGER_NODE_ID)
    return refused(
      'Nothing leads into the trigger: it is where every run begins. Drag from the trigger to a step instead.',
    );
  const to = stepIdOf(target);
  if (to === undefined) return refused('A link can only lead to a step.');
  const toStep = def.steps.find((step) => step.id === to);
  if (!toStep) return refused(`There is no step ${quoted(to)} in this workflow.`);
  if (source === TRIGGER_NODE_ID) return setStart(def, { stepId: to });

  const from = stepIdOf(source);
  const fromStep = def.steps.find((step) => step.id === from);
  if (from === undefined || !fromStep) return refused('A link starts at the trigger or at a step.');
  if (from === to)
    return refused(
      'A step cannot lead to itself; to repeat steps for each item of a list, use a for-each step.',
    );
  const handle = connection.sourceHandle ?? 'next';
  if (handle === NEW_BRANCH_HANDLE) {
    if (fromStep.kind !== 'condition') return refused(`Only a condition has branches.`);
    return addBranch(def, { stepId: from, to });
  }
  if (!linksOf(fromStep).includes(handle as StepLink))
    return refused(`Step ${quoted(fromStep.label)} has no output ${quoted(handle)}.`);
  return connectSteps(def, { from, link: handle as StepLink, to });
}
