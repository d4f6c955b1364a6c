import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFailure } from '../../runtime/workflows/ports.ts';
import { stateSteps } from '../workflows/state-steps.ts';
import { MAX_STATE_VALUE_BYTES, type WorkflowRef, type WorkflowState } from './workflow-state.ts';

export interface OpenedWorkflowState {
  store: WorkflowState;
  /** Two workflows the store may hold values for (real ones where the store checks that). */
  workflows: [WorkflowRef, WorkflowRef];
  close(): Promise<void>;
}

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, 'expected a StepFailure').toBeInstanceOf(StepFailure);
  return error as StepFailure;
};

/**
 * What every store of workflow state owes the runtime, run against each adapter (as Hono runs one
 * router suite for every router): rows of workflow_state on Postgres and PGlite, the workflow's
 * Durable Object on Workers. The key rules are the step side's (state-steps.ts), run over the
 * store, so both targets refuse the same keys with the same codes. Each case uses keys of its own.
 */
export function workflowStateSuite(name: string, open: () => Promise<OpenedWorkflowState>) {
  describe(`workflow state contract: ${name}`, () => {
    let store: WorkflowState;
    let a: WorkflowRef;
    let b: WorkflowRef;
    let close: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({
        store,
        workflows: [a, b],
        close,
      } = await open());
    });
    afterAll(() => close());

    it("keeps a workflow's values from a builder who does not own it", async () => {
      await store.set(a, 'owned', 'by a');
      const stranger = { ...a, userId: crypto.randomUUID() };
      const read = await store.get(stranger, 'owned').catch(() => null);
      expect(read === null || read.found === false).toBe(true);
      await expect(store.set(stranger, 'owned', 'by someone else')).rejects.toThrow();
      expect(await store.get(a, 'owned')).toEqual({ found: true, value: 'by a' });
    });

    it('answers "not found" for a key never set', async () => {
      expect(await store.get(a, 'never-set')).toEqual({ found: false, value: null });
    });

    it('gives back each JSON value as it was set', async () => {
      const values: Record<string, unknown> = {
        object: { id: 'ord-7', lines: [{ sku: 'A1', qty: 2 }], paid: true, note: null },
        array: ['x', 1, false, { nested: ['ü', '🙂'] }],
        string: 'plain text',
        number: 42.5,
        boolean: false,
        null: null,
      };
      for (const [key, value] of Object.entries(values)) await store.set(a, `json-${key}`, value);
      for (const [key, value] of Object.entries(values))
        expect(await store.get(a, `json-${key}`)).toEqual({ found: true, value });
      // Nothing set is stored as null, and found.
      await store.set(a, 'json-undefined', undefined);
      expect(await store.get(a, 'json-undefined')).toEqual({ found: true, value: null });
    });

    it('overwrites a value set before', async () => {
      await store.set(a, 'cursor', { page: 1 });
      await store.set(a, 'cursor', { page: 2 });
      expect(await store.get(a, 'cursor')).toEqual({ found: true, value: { page: 2 } });
    });

    it('keeps a value of just under 64 KB and refuses a larger one, keeping the old value', async () => {
      const near = 'x'.repeat(MAX_STATE_VALUE_BYTES - 100);
      await store.set(a, 'big', near);
      expect(await store.get(a, 'big')).toEqual({ found: true, value: near });
      const failure = await failureOf(store.set(a, 'big', 'y'.repeat(MAX_STATE_VALUE_BYTES + 10)));
      expect(failure.code).toBe('state_too_large');
      expect(failure.message).toContain('"big"');
      expect(failure.retryable).toBe(false);
      // Bytes, not characters: 30,000 three-byte characters are 90 KB.
      expect((await failureOf(store.set(a, 'big', '€'.repeat(30_000)))).code).toBe('state_too_large');
      expect(await store.get(a, 'big')).toEqual({ found: true, value: near });
    });

    it('refuses reserved "__" keys to steps, and lets the platform keep its own there', async () => {
      const steps = stateSteps(store, a);
      const platform = stateSteps(store, a, { platform: true });
      expect((await failureOf(steps.setState('__polling_seen', ['k1']))).code).toBe('state_key_invalid');
      expect((await failureOf(steps.getState('__polling_seen'))).code).toBe('state_key_invalid');
      await platform.setState('__polling_seen', ['k1', 'k2']);
      expect(await platform.getState('__polling_seen')).toEqual({ found: true, value: ['k1', 'k2'] });
      // A step still reaches ordinary keys through the same store.
      await steps.setState('last', 'ord-9');
      expect(await steps.getState('last')).toEqual({ found: true, value: 'ord-9' });
    });

    it('refuses an empty key and one over 200 characters, to steps and the platform alike', async () => {
      for (const options of [{}, { platform: true }]) {
        const side = stateSteps(store, a, options);
        expect((await failureOf(side.setState('', 1))).code).toBe('state_key_invalid');
        expect((await failureOf(side.getState('k'.repeat(201)))).code).toBe('state_key_invalid');
      }
      await stateSteps(store, a).setState('k'.repeat(200), 'longest');
      expect(await store.get(a, 'k'.repeat(200))).toEqual({ found: true, value: 'longest' });
    });

    it("keeps two workflows' values apart", async () => {
      await store.set(a, 'shared-name', 'of a');
      expect(await store.get(b, 'shared-name')).toEqual({ found: false, value: null });
      await store.set(b, 'shared-name', 'of b');
      expect(await store.get(a, 'shared-name')).toEqual({ found: true, value: 'of a' });
      expect(await store.get(b, 'shared-name')).toEqual({ found: true, value: 'of b' });
    });

    it("clears every value of one workflow and none of another's", async () => {
      for (let i = 0; i < 140; i++) await store.set(a, `many-${i}`, i);
      await store.set(a, '__platform_key', 'kept by the platform');
      await store.set(b, 'survivor', 'still here');
      await store.clearAll(a);
      for (const key of ['many-0', 'many-139', '__platform_key', 'cursor', 'big', 'shared-name'])
        expect(await store.get(a, key)).toEqual({ found: false, value: null });
      expect(await store.get(b, 'survivor')).toEqual({ found: true, value: 'still here' });
      expect(await store.get(b, 'shared-name')).toEqual({ found: true, value: 'of b' });
      // The workflow goes on: a value set afterwards is kept.
      await store.set(a, 'after', 1);
      expect(await store.get(a, 'after')).toEqual({ found: true, value: 1 });
    });
  });
}
