import { useCallback, useState } from 'react';
import type { Step, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { useStudioStoreApi } from '../../../canvas/store-context.tsx';
import type { Edit, EditResult } from '../../../model/edit-result.ts';
import type { CommitResult } from './use-draft.ts';

export type WorkflowEdit = Edit<WorkflowDefinition>;
export type WorkflowEditResult = EditResult<WorkflowDefinition>;

/**
 * Applies edits to the open workflow through the store (so each is validated and undoable) and
 * keeps the last refusal, which the panel shows where the builder is looking.
 */
export function useWorkflowEdit() {
  const store = useStudioStoreApi<WorkflowDefinition>();
  const [refusal, setRefusal] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const run = useCallback(
    (edit: WorkflowEdit, coalesceKey?: string): WorkflowEditResult => {
      const result = store.getState().apply(edit, coalesceKey === undefined ? {} : { coalesceKey });
      setRefusal(result.ok ? undefined : result.reason);
      setNotice(result.ok && result.warnings.length ? `Note: ${result.warnings.join('; ')}.` : undefined);
      return result;
    },
    [store],
  );
  /** For an input that shows its own refusal beside it: the same edit, without the panel's message. */
  const runField = useCallback(
    (edit: WorkflowEdit, coalesceKey: string): WorkflowEditResult =>
      store.getState().apply(edit, { coalesceKey }),
    [store],
  );
  /** The definition as it is now (an input's handler must not act on the one it rendered with). */
  const current = useCallback(() => store.getState().definition, [store]);
  return { run, runField, refusal, notice, current };
}

/** An edit's outcome as an input's draft needs it: what the field now holds, read from the result. */
export function committed(
  result: WorkflowEditResult,
  read: (definition: WorkflowDefinition) => string,
): CommitResult {
  return result.ok ? { ok: true, stored: read(result.definition) } : { ok: false, reason: result.reason };
}

export function findStep(definition: WorkflowDefinition, stepId: string): Step | undefined {
  return definition.steps.find((step) => step.id === stepId);
}
