import { StepFailure } from '../../runtime/workflows/ports.ts';
import { type Db, DbError } from '../store/db.ts';
import { builderClaims } from '../workflows/builder-claims.ts';

// A workflow's own persistent values (state_get / state_set steps, and the platform's bookkeeping
// under "__" keys, such as a polling trigger's seen items). Embedded: rows of workflow_state, as
// the builder (RLS). Cloudflare: the storage of the workflow's Durable Object
// (api/platform/worker/workflow-object.ts). Keys and the reserved prefix are the step side's rules
// (api/workflows/state-steps.ts); the size of a value is the store's, the same on both.

/** Whose values: a workflow, and its builder (the Postgres rows are theirs under RLS). */
export interface WorkflowRef {
  userId: string;
  workflowId: string;
}

export interface StateEntry {
  found: boolean;
  /** The stored JSON value; null when not found. */
  value: unknown;
}

export interface WorkflowState {
  get(ref: WorkflowRef, key: string): Promise<StateEntry>;
  /** Stores a JSON value (undefined is stored as null); over 64 KB is a StepFailure `state_too_large`. */
  set(ref: WorkflowRef, key: string, value: unknown): Promise<void>;
  /** Forgets every value of the workflow (it is being deleted). */
  clearAll(ref: WorkflowRef): Promise<void>;
}

export const MAX_STATE_KEY_LENGTH = 200;
/** Per value, as JSON text in UTF-8: the bound that keeps a loop from filling the disk. */
export const MAX_STATE_VALUE_BYTES = 65_536;

/** The value as it is stored: JSON text, and its size. */
export function stateText(value: unknown): { text: string; bytes: number } {
  const text = JSON.stringify(value ?? null);
  return { text, bytes: new TextEncoder().encode(text).length };
}

export const stateTooLarge = (key: string) =>
  new StepFailure(`The value for "${key}" is larger than 64 KB`, 'state_too_large', false);

/**
 * The embedded default (and Postgres on any host): table workflow_state, as the workflow's builder,
 * so RLS keeps each builder to their own workflows' values. The table's size check
 * (pg_column_size ≤ 64 KB) stays as the backstop of the same rule.
 */
export function postgresWorkflowState(db: Db): WorkflowState {
  return {
    async get(ref, key) {
      const [row] = await db.withUser(builderClaims(ref.userId), (tx) =>
        tx.query<{ value: unknown }>('select value from workflow_state where workflow_id = $1 and key = $2', [
          ref.workflowId,
          key,
        ]),
      );
      return row ? { found: true, value: row.value } : { found: false, value: null };
    },
    async set(ref, key, value) {
      const { text, bytes } = stateText(value);
      if (bytes > MAX_STATE_VALUE_BYTES) throw stateTooLarge(key);
      try {
        await db.withUser(builderClaims(ref.userId), (tx) =>
          tx.query(
            `insert into workflow_state (workflow_id, key, value) values ($1, $2, $3::jsonb)
             on conflict (workflow_id, key) do update set value = excluded.value, updated_at = now()`,
            [ref.workflowId, key, text],
          ),
        );
      } catch (error) {
        if (error instanceof DbError && error.code === '23514') throw stateTooLarge(key);
        throw error;
      }
    },
    async clearAll(ref) {
      await db.withUser(builderClaims(ref.userId), (tx) =>
        tx.query('delete from workflow_state where workflow_id = $1', [ref.workflowId]),
      );
    },
  };
}
