import { describe, expect, it } from 'vitest';
import type { CopilotAnswer } from '../../../../schemas/index.ts';
import {
  type CopilotEvent,
  type CopilotState,
  copilotLocksCanvas,
  copilotReducer,
  IDLE,
  requestProblem,
} from './copilot-machine.ts';
import type { CopilotPreview } from './copilot-preview.ts';
import { STALE_PROBLEM } from './copilot-problem.ts';

// The co-pilot panel's state machine: idle → asking → previewing → accepting → idle, and every
// way back (cancel, reject, failures, a draft that moved on) without a proposal outliving its base.

const answer: CopilotAnswer = {
  summary: 'Adds a due date to tasks.',
  operations: [{ op: 'add', path: '/tables/0/fields/-', value: { id: 'due', label: 'Due', type: 'date' } }],
  baseVersion: 3,
  proposed: { kind: 'app' },
  repairs: 0,
};
// The machine carries the preview without looking into it.
const preview = { before: {}, after: {}, diff: { changes: [], patch: [] } } as unknown as CopilotPreview;
const clean = { baseVersion: 3, dirty: false };

const run = (events: CopilotEvent[], from: CopilotState = IDLE) => events.reduce(copilotReducer, from);
const ask = (request = 1, message = '  Add a due date to tasks  '): CopilotEvent => ({
  type: 'ask',
  request,
  message,
});
const answered = (request = 1, draft = clean): CopilotEvent => ({
  type: 'answered',
  request,
  answer,
  preview,
  draft,
});

describe('the co-pilot panel state machine', () => {
  it('asks with the trimmed request and locks the canvas while the co-pilot works', () => {
    const state = run([ask()]);
    expect(state).toEqual({ phase: 'asking', request: 1, message: 'Add a due date to tasks' });
    expect(copilotLocksCanvas(state)).toBe(true);
    expect(copilotLocksCanvas(IDLE)).toBe(false);
  });

  it('refuses an empty or too long request with the API rule, without asking', () => {
    const empty = run([ask(1, '   ')]);
    expect(empty.phase).toBe('idle');
    expect(empty.phase === 'idle' && empty.problem).toEqual({
      kind: 'request',
      message: 'Your request must not be empty.',
    });
    const long = run([ask(1, 'x'.repeat(4001))]);
    expect(long.phase === 'idle' && long.problem?.message).toBe(
      'Your request must be at most 4000 characters.',
    );
    expect(requestProblem('Add a calendar view')).toBeNull();
  });

  it('ignores a second ask while one is pending', () => {
    expect(run([ask(1), ask(2, 'something else')])).toEqual(run([ask(1)]));
  });

  it('previews the answer to the pending ask', () => {
    const state = run([ask(), answered()]);
    expect(state).toEqual({
      phase: 'previewing',
      message: 'Add a due date to tasks',
      answer,
      preview,
      problem: null,
    });
    expect(copilotLocksCanvas(state)).toBe(true);
  });

  it('drops an answer that arrives after cancel, or for an earlier ask', () => {
    expect(run([ask(1), { type: 'cancel' }, answered(1)])).toEqual(IDLE);
    const reasked = run([ask(1), { type: 'cancel' }, ask(2)]);
    expect(run([answered(1)], reasked)).toEqual(reasked);
    expect(run([answered(2)], reasked).phase).toBe('previewing');
    expect(run([{ type: 'failed', request: 1, problem: STALE_PROBLEM }], reasked)).toEqual(reasked);
  });

  it('calls an answer stale when the draft was edited or saved elsewhere meanwhile', () => {
    const edited = run([ask(), answered(1, { baseVersion: 3, dirty: true })]);
    expect(edited).toEqual({ phase: 'idle', problem: STALE_PROBLEM, accepted: null });
    const moved = run([ask(), answered(1, { baseVersion: 4, dirty: false })]);
    expect(moved).toEqual({ phase: 'idle', problem: STALE_PROBLEM, accepted: null });
  });

  it('shows why an ask failed and lets the builder ask again', () => {
    const problem = { kind: 'key' as const, message: 'Add your key', settings: true };
    const failed = run([ask(), { type: 'failed', request: 1, problem }]);
    expect(failed).toEqual({ phase: 'idle', problem, accepted: null });
    expect(run([ask(2)], failed).phase).toBe('asking');
  });

  it('turns a pending ask or a preview stale when the draft changes under it, but not an accept', () => {
    expect(run([ask(), { type: 'draftChanged' }])).toEqual({
      phase: 'idle',
      problem: STALE_PROBLEM,
      accepted: null,
    });
    expect(run([ask(), answered(), { type: 'draftChanged' }]).phase).toBe('idle');
    // Accepting loads the agent's version into the draft: that change is the accept itself.
    expect(run([ask(), answered(), { type: 'accept' }, { type: 'draftChanged' }]).phase).toBe('accepting');
  });

  it('accepts: previewing → accepting → idle with the saved version', () => {
    const accepting = run([ask(), answered(), { type: 'accept' }]);
    expect(accepting).toEqual({ phase: 'accepting', message: 'Add a due date to tasks', answer, preview });
    expect(copilotLocksCanvas(accepting)).toBe(true);
    // A second click while the first accept is on its way does nothing.
    expect(run([{ type: 'accept' }], accepting)).toEqual(accepting);
    const done = run([{ type: 'accepted', version: 4 }], accepting);
    expect(done).toEqual({ phase: 'idle', problem: null, accepted: 4 });
    expect(copilotLocksCanvas(done)).toBe(false);
  });

  it('drops the preview when accept finds the draft stale, keeps it when the server was only busy', () => {
    const accepting = run([ask(), answered(), { type: 'accept' }]);
    expect(run([{ type: 'acceptFailed', problem: STALE_PROBLEM }], accepting)).toEqual({
      phase: 'idle',
      problem: STALE_PROBLEM,
      accepted: null,
    });
    const busy = { kind: 'busy' as const, message: 'Try again in a minute.' };
    const kept = run([{ type: 'acceptFailed', problem: busy }], accepting);
    expect(kept).toEqual({
      phase: 'previewing',
      message: 'Add a due date to tasks',
      answer,
      preview,
      problem: busy,
    });
    expect(run([{ type: 'dismiss' }], kept)).toEqual({ ...kept, problem: null });
    expect(run([{ type: 'accept' }], kept).phase).toBe('accepting');
  });

  it('rejects back to an unchanged idle canvas', () => {
    expect(run([ask(), answered(), { type: 'reject' }])).toEqual(IDLE);
    // Reject and cancel mean nothing outside their phase.
    expect(run([{ type: 'reject' }, { type: 'cancel' }, { type: 'accepted', version: 9 }])).toEqual(IDLE);
  });

  it('dismisses a problem shown while idle', () => {
    const failed = run([ask(1, '')]);
    expect(run([{ type: 'dismiss' }], failed)).toEqual(IDLE);
  });
});
