import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { type ChatMessage, type ChatMessageList, ChatStreamEvent } from '../../../../schemas/index.ts';
import { ApiError } from '../../api/api-error.ts';
import { pipelineKeys } from '../../api/pipeline.ts';
import { openEventStream } from '../../api/sse.ts';
import { useStudio } from '../../boot/studio-context.tsx';

export interface ChatFailure {
  code: string;
  message: string;
  retryAfterSeconds?: number;
  /** What was sent, so Retry can send it again without retyping. */
  content: string;
  /** The builder's message reached the server (it is in the list); only the reply failed. */
  stored: boolean;
}

export interface ChatStreamState {
  sending: boolean;
  /** The builder's message until the server confirms it (shown greyed). */
  pending: string | null;
  /** The BA agent's reply so far, while it streams. */
  reply: string | null;
  failure: ChatFailure | null;
}

const IDLE: ChatStreamState = { sending: false, pending: null, reply: null, failure: null };

/**
 * One chat turn: posts the message and follows the reply's event stream, putting each stored
 * message into the conversation's query cache as it arrives so nothing waits for a refetch.
 * The stream is deliberately not aborted on unmount: the server finishes the reply either way,
 * and the cache it writes to outlives the page.
 */
export function useChatStream(featureId: string) {
  const { supabase } = useStudio();
  const queryClient = useQueryClient();
  const [state, setState] = useState<ChatStreamState>(IDLE);
  const inFlight = useRef(false);

  const append = useCallback(
    (message: ChatMessage) =>
      queryClient.setQueryData<ChatMessageList>(pipelineKeys.messages(featureId), (old) => ({
        messages: [...(old?.messages ?? []).filter((m) => m.id !== message.id), message],
      })),
    [queryClient, featureId],
  );

  /**
   * One turn: `content` sent as a new message, or (`again`) the newest stored message answered
   * again — Retry after a failed reply, so the message is not stored twice.
   */
  const turn = useCallback(
    async (content: string, again: boolean, onStored?: () => void): Promise<void> => {
      if (inFlight.current) return;
      inFlight.current = true;
      setState({ sending: true, pending: again ? null : content, reply: again ? '' : null, failure: null });
      let stored = again;
      let failure: ChatFailure | null = null;
      let finished = false;
      try {
        await openEventStream(
          supabase,
          `/api/features/${encodeURIComponent(featureId)}/messages${again ? '/reply' : ''}`,
          (raw) => {
            let data: unknown;
            try {
              data = JSON.parse(raw.data);
            } catch {
              return; // not ours: a stream event we cannot read is skipped, not fatal
            }
            const parsed = ChatStreamEvent.safeParse({ event: raw.event, data });
            if (!parsed.success) return;
            const event = parsed.data;
            if (event.event === 'message') {
              stored = true;
              append(event.data);
              onStored?.();
              setState((s) => ({ ...s, pending: null, reply: '' }));
            } else if (event.event === 'delta') {
              setState((s) => ({ ...s, reply: (s.reply ?? '') + event.data.text }));
            } else if (event.event === 'recommendation') {
              void queryClient.invalidateQueries({ queryKey: pipelineKeys.detail(featureId) });
            } else if (event.event === 'done') {
              finished = true;
              append(event.data);
              setState((s) => ({ ...s, reply: null }));
            } else {
              // A rate limit says how long to wait (retryAfterSeconds).
              finished = true;
              failure = { ...event.data, content, stored };
            }
          },
          again ? { method: 'POST' } : { method: 'POST', body: { content } },
        );
        if (!finished)
          failure = { code: 'network_error', message: 'The reply was cut off.', content, stored };
      } catch (error) {
        // Without a key the server keeps the message and answers 409: it is in the list already.
        if (error instanceof ApiError && error.code === 'anthropic_key_missing' && !stored) {
          stored = true;
          onStored?.();
        }
        failure =
          error instanceof ApiError
            ? { code: error.code, message: error.message, content, stored }
            : { code: 'network_error', message: 'The connection dropped.', content, stored };
      } finally {
        inFlight.current = false;
        // The reply may have been recorded even when the stream broke; the list is the truth.
        void queryClient.invalidateQueries({ queryKey: pipelineKeys.messages(featureId) });
        void queryClient.invalidateQueries({ queryKey: pipelineKeys.detail(featureId) });
        setState({ sending: false, pending: null, reply: null, failure });
      }
    },
    [supabase, featureId, append, queryClient],
  );

  const send = useCallback(
    (content: string, onStored?: () => void) => turn(content, false, onStored),
    [turn],
  );
  /** Retry: the message again if it never reached the server, else only the reply. */
  const retry = useCallback((failure: ChatFailure) => turn(failure.content, failure.stored), [turn]);
  const dismiss = useCallback(() => setState((s) => ({ ...s, failure: null })), []);
  return { ...state, send, retry, dismiss };
}
