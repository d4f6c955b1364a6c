import { type CopilotAnswer, CopilotAskBody } from '../../../../schemas/index.ts';
import type { CopilotPreview } from './copilot-preview.ts';
import { type CopilotProblem, STALE_PROBLEM } from './copilot-problem.ts';

/**
 * The co-pilot panel as a state machine: idle → asking → previewing → accepting → idle, with
 * cancel, reject and failures leading back to idle. Pure, so every transition is tested without a
 * browser; the hook (`use-copilot.ts`) feeds it the server's answers and the draft's changes.
 *
 * `request` numbers each ask: an answer that arrives after a cancel (or for an older ask) carries
 * an old number and is dropped, so a late proposal never appears over a canvas that moved on.
 */
export type CopilotState =
  | { phase: 'idle'; problem: CopilotProblem | null; accepted: number | null }
  | { phase: 'asking'; request: number; message: string }
  | {
      phase: 'previewing';
      message: string;
      answer: CopilotAnswer;
      preview: CopilotPreview;
      problem: CopilotProblem | null;
    }
  | { phase: 'accepting'; message: string; answer: CopilotAnswer; preview: CopilotPreview };

export type CopilotEvent =
  | { type: 'ask'; request: number; message: string }
  | {
      type: 'answered';
      request: number;
      answer: CopilotAnswer;
      preview: CopilotPreview;
      /** The draft when the answer arrived: the proposal only fits the version it was made for. */
      draft: { baseVersion: number | null; dirty: boolean };
    }
  | { type: 'failed'; request: number; problem: CopilotProblem }
  | { type: 'cancel' }
  /** The draft on the canvas changed under a pending ask or a preview. */
  | { type: 'draftChanged' }
  | { type: 'accept' }
  | { type: 'accepted'; version: number }
  | { type: 'acceptFailed'; problem: CopilotProblem }
  | { type: 'reject' }
  | { type: 'dismiss' };

export const IDLE: CopilotState = { phase: 'idle', problem: null, accepted: null };

const failedWith = (problem: CopilotProblem): CopilotState => ({ phase: 'idle', problem, accepted: null });

/** Why a request cannot be sent, checked with the API's own rule; null when it can. */
export function requestProblem(message: string): CopilotProblem | null {
  const parsed = CopilotAskBody.shape.message.safeParse(message);
  if (parsed.success) return null;
  return { kind: 'request', message: `Your request ${parsed.error.issues[0]?.message ?? 'is not valid'}.` };
}

export function copilotReducer(state: CopilotState, event: CopilotEvent): CopilotState {
  switch (event.type) {
    case 'ask': {
      if (state.phase !== 'idle') return state;
      const problem = requestProblem(event.message);
      if (problem) return failedWith(problem);
      return { phase: 'asking', request: event.request, message: event.message.trim() };
    }
    case 'answered':
      if (state.phase !== 'asking' || state.request !== event.request) return state;
      if (event.draft.dirty || event.draft.baseVersion !== event.answer.baseVersion)
        return failedWith(STALE_PROBLEM);
      return {
        phase: 'previewing',
        message: state.message,
        answer: event.answer,
        preview: event.preview,
        problem: null,
      };
    case 'failed':
      if (state.phase !== 'asking' || state.request !== event.request) return state;
      return failedWith(event.problem);
    case 'cancel':
      return state.phase === 'asking' ? IDLE : state;
    case 'draftChanged':
      return state.phase === 'asking' || state.phase === 'previewing' ? failedWith(STALE_PROBLEM) : state;
    case 'accept':
      if (state.phase !== 'previewing') return state;
      return { phase: 'accepting', message: state.message, answer: state.answer, preview: state.preview };
    case 'accepted':
      return state.phase === 'accepting' ? { phase: 'idle', problem: null, accepted: event.version } : state;
    case 'acceptFailed':
      if (state.phase !== 'accepting') return state;
      // A stale base cannot be accepted again; anything else (a busy server) may be retried.
      if (event.problem.kind === 'stale') return failedWith(event.problem);
      return { ...state, phase: 'previewing', problem: event.problem };
    case 'reject':
      return state.phase === 'previewing' ? IDLE : state;
    case 'dismiss':
      if (state.phase === 'idle') return IDLE;
      if (state.phase === 'previewing') return { ...state, problem: null };
      return state;
  }
}

/** While the co-pilot works or its change is previewed, the canvas only reads (no edit can race it). */
export function copilotLocksCanvas(state: CopilotState): boolean {
  return state.phase !== 'idle';
}
