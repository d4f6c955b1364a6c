import { StepFailure } from '../../runtime/workflows/ports.ts';
import { MAX_STATE_KEY_LENGTH, type WorkflowRef, type WorkflowState } from '../ports/workflow-state.ts';

/** Keys the platform keeps for itself in a workflow's state (a polling trigger's seen items). */
export const RESERVED_PREFIX = '__';

/**
 * state_get / state_set: the workflow's own persistent values, in whichever store the platform
 * keeps them (api/ports/workflow-state.ts). Steps may not touch the platform's reserved keys; the
 * platform's own bookkeeping passes `platform: true`.
 */
export function stateSteps(store: WorkflowState, ref: WorkflowRef, options: { platform?: boolean } = {}) {
  const checkKey = (key: string) => {
    if (key.length < 1 || key.length > MAX_STATE_KEY_LENGTH)
      throw new StepFailure(
        `A state key must be 1 to ${MAX_STATE_KEY_LENGTH} characters`,
        'state_key_invalid',
        false,
      );
    if (!options.platform && key.startsWith(RESERVED_PREFIX))
      throw new StepFailure(
        `State keys starting with "${RESERVED_PREFIX}" are kept by the platform`,
        'state_key_invalid',
        false,
      );
  };
  return {
    async getState(key: string) {
      checkKey(key);
      return store.get(ref, key);
    },
    async setState(key: string, value: unknown) {
      checkKey(key);
      await store.set(ref, key, value);
    },
  };
}
