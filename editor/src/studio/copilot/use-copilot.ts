import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { type CopilotTarget, useCopilotRequests } from '../../api/copilot.ts';
import { useStudioStore, useStudioStoreApi } from '../canvas/store-context.tsx';
import type { StudioDefinition } from '../model/edit-result.ts';
import {
  type CopilotState,
  copilotLocksCanvas,
  copilotReducer,
  IDLE,
  requestProblem,
} from './copilot-machine.ts';
import type { CopilotPreview } from './copilot-preview.ts';
import { copilotPreview } from './copilot-preview.ts';
import { copilotProblem, STALE_PROBLEM, UNSAVED_PROBLEM } from './copilot-problem.ts';

export interface Copilot {
  state: CopilotState;
  /** What the builder is typing; kept here so switching side tabs does not lose it. */
  input: string;
  setInput(input: string): void;
  /** The proposal on the canvas (previewing or accepting), or null. */
  preview: CopilotPreview | null;
  /** The canvas only reads while the co-pilot works or its change is shown. */
  locked: boolean;
  ask(): Promise<void>;
  cancel(): void;
  accept(): Promise<void>;
  reject(): void;
  dismiss(): void;
}

/**
 * The co-pilot for the open draft: saves pending edits first (a proposal is made for a saved
 * version, and no edit is ever dropped for it), asks, previews, and on accept loads the
 * agent-authored version the server saved. Any change to the draft under a pending ask or a
 * preview (an inspector edit) turns the proposal stale instead of letting it overwrite the edit.
 */
export function useCopilot<D extends StudioDefinition>({
  target,
  id,
  flush,
}: {
  target: CopilotTarget;
  id: string;
  flush: () => Promise<number | null>;
}): Copilot {
  const requests = useCopilotRequests(target, id);
  const store = useStudioStoreApi<D>();
  const definition = useStudioStore<D, D>((s) => s.definition);
  const [state, dispatch] = useReducer(copilotReducer, IDLE);
  const [input, setInput] = useState('');
  const current = useRef(state);
  current.current = state;
  /** The latest ask's number; bumped by cancel so an ask still saving or waiting stops there. */
  const latest = useRef(0);
  /** Aborts the pending ask's request: the server then stops the model call too. */
  const inFlight = useRef<AbortController | null>(null);
  /** The draft the pending ask or the preview was made for. */
  const base = useRef<D | null>(null);

  useEffect(() => {
    const watching = state.phase === 'asking' || state.phase === 'previewing';
    if (watching && base.current !== null && definition !== base.current) dispatch({ type: 'draftChanged' });
  }, [definition, state.phase]);

  const ask = useCallback(async () => {
    if (current.current.phase !== 'idle') return;
    const message = input;
    const request = ++latest.current;
    base.current = null;
    dispatch({ type: 'ask', request, message });
    if (requestProblem(message)) return;
    const version = await flush();
    if (latest.current !== request) return;
    const draft = store.getState();
    if (version === null || draft.dirty) {
      dispatch({ type: 'failed', request, problem: draft.conflict ? STALE_PROBLEM : UNSAVED_PROBLEM });
      return;
    }
    base.current = draft.definition;
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const answer = await requests.ask({ message: message.trim(), baseVersion: version }, controller.signal);
      if (latest.current !== request) return;
      const shown = copilotPreview(base.current, answer.proposed);
      if (!shown.ok) return dispatch({ type: 'failed', request, problem: shown.problem });
      const now = store.getState();
      dispatch({
        type: 'answered',
        request,
        answer,
        preview: shown.preview,
        draft: { baseVersion: now.baseVersion, dirty: now.dirty || now.definition !== base.current },
      });
    } catch (error) {
      dispatch({ type: 'failed', request, problem: copilotProblem(error) });
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }, [flush, input, requests, store]);

  const accept = useCallback(async () => {
    const shown = current.current;
    if (shown.phase !== 'previewing') return;
    dispatch({ type: 'accept' });
    try {
      const saved = await requests.accept({
        operations: shown.answer.operations,
        baseVersion: shown.answer.baseVersion,
      });
      // Idle first: loading the saved version changes the draft, which is not a stale preview.
      dispatch({ type: 'accepted', version: saved.currentVersion });
      base.current = null;
      setInput('');
      store.getState().loadDefinition(saved.definition as D, saved.currentVersion);
    } catch (error) {
      dispatch({ type: 'acceptFailed', problem: copilotProblem(error) });
    }
  }, [requests, store]);

  const cancel = useCallback(() => {
    latest.current++;
    inFlight.current?.abort();
    inFlight.current = null;
    dispatch({ type: 'cancel' });
  }, []);
  const reject = useCallback(() => dispatch({ type: 'reject' }), []);
  const dismiss = useCallback(() => dispatch({ type: 'dismiss' }), []);

  const preview = state.phase === 'previewing' || state.phase === 'accepting' ? state.preview : null;
  return {
    state,
    input,
    setInput,
    preview,
    locked: copilotLocksCanvas(state),
    ask,
    cancel,
    accept,
    reject,
    dismiss,
  };
}
