import { StepFailure } from '../../runtime/workflows/ports.ts';
import { type Db, DbError } from '../store/db.ts';
import { builderClaims } from './builder-claims.ts';

/** Keys the platform keeps for itself in a workflow's state (a polling trigger's seen items). */
export const RESERVED_PREFIX = '__';

/**
 * state_get / state_set: the workflow's own persistent values, as its builder (RLS). Steps may not
 * touch the platform's reserved keys; the platform's own bookkeeping passes `platform: true`.
 */
export function stateSteps(db: Db, userId: string, workflowId: string, options: { platform?: boolean } = {}) {
  const claims = builderClaims(userId);
  const checkKey = (key: string) => {
    if (key.length < 1 || key.length > 200)
      throw new StepFailure('A state key must be 1 to 200 characters', 'state_key_invalid', false);
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
      const [row] = await db.withUser(claims, (tx) =>
        tx.query<{ value: unknown }>('select value from workflow_state where workflow_id = $1 and key = $2', [
          workflowId,
          key,
        ]),
      );
      return row ? { found: true, value: row.value } : { found: false, value: null };
    },
    async setState(key: string, value: unknown) {
      checkKey(key);
      try {
        await db.withUser(claims, (tx) =>
          tx.query(
            `insert into workflow_state (workflow_id, key, value) values ($1, $2, $3::jsonb)
             on conflict (workflow_id, key) do update set value = excluded.value, updated_at = now()`,
            [workflowId, key, JSON.stringify(value ?? null)],
          ),
        );
      } catch (error) {
        if (error instanceof DbError && error.code === '23514')
          throw new StepFailure(`The value for "${key}" is larger than 64 KB`, 'state_too_large', false);
        throw error;
      }
    },
  };
}
