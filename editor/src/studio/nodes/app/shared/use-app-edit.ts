import { useCallback, useState } from 'react';
import type { AppDefinition } from '../../../../../../schemas/definitions.ts';
import { useAppStore, useStudioStoreApi } from '../../../canvas/store-context.tsx';
import type { Edit, EditResult } from '../../../model/edit-result.ts';
import type { Problem } from '../../../store/problems.ts';

type AppEdit = Edit<AppDefinition>;

/**
 * Applies an edit to the open app through the store (so it is validated and undoable) and
 * returns why it was refused, or undefined. Typing passes a coalesce key: one undo step per burst.
 */
export function useApplyEdit(): (edit: AppEdit, coalesceKey?: string) => string | undefined {
  const store = useStudioStoreApi<AppDefinition>();
  return useCallback(
    (edit, coalesceKey) => {
      const result = store.getState().apply(edit, coalesceKey === undefined ? {} : { coalesceKey });
      return result.ok ? undefined : result.reason;
    },
    [store],
  );
}

/** The same, keeping the last refusal for a button's panel to show (cleared by the next success). */
export function useEditNotice(): {
  notice: string | undefined;
  run: (edit: AppEdit, coalesceKey?: string) => EditResult<AppDefinition>;
  /** Shows a reason found before any edit was tried (a missing choice). */
  refuse: (reason: string) => void;
} {
  const store = useStudioStoreApi<AppDefinition>();
  const [notice, setNotice] = useState<string>();
  const run = useCallback(
    (edit: AppEdit, coalesceKey?: string) => {
      const result = store.getState().apply(edit, coalesceKey === undefined ? {} : { coalesceKey });
      setNotice(result.ok ? undefined : result.reason);
      return result;
    },
    [store],
  );
  return { notice, run, refuse: setNotice };
}

const NONE: readonly Problem[] = [];

/** The validator's problems placed on one node (a stable empty list when there are none). */
export function useNodeProblems(nodeId: string): readonly Problem[] {
  return useAppStore((state) => state.problems.byNode.get(nodeId) ?? NONE);
}

/** The open app definition. */
export function useApp(): AppDefinition {
  return useAppStore((state) => state.definition);
}
