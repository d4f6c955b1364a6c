import Anthropic from '@anthropic-ai/sdk';
import { AgentError } from './contracts.ts';

// What went wrong with a model call, as an `AgentError` a builder can act on. The SDK's own
// messages may echo parts of the request, so every text that leaves here has the key cut out.

const REDACTED = '[redacted]';

/** Replaces every occurrence of the key, so it can reach neither the model nor a message or log. */
export function redactKey(text: string, key: string | null | undefined): string {
  return key ? text.split(key).join(REDACTED) : text;
}

export function keyMissingError(): AgentError {
  return new AgentError('key_missing', 'Add your Anthropic key in Settings to use the agents', false);
}

export function abortedError(): AgentError {
  return new AgentError('aborted', 'The agent call was stopped before the model answered', false);
}

/** The `{type, message}` of the API's error body (`{"type":"error","error":{…}}`), when there is one. */
function apiErrorDetail(error: InstanceType<typeof Anthropic.APIError>): { type?: string; message?: string } {
  const body = error.error as { error?: { type?: unknown; message?: unknown } } | undefined;
  const detail = body?.error;
  return {
    type: typeof detail?.type === 'string' ? detail.type : (error.type ?? undefined),
    message: typeof detail?.message === 'string' ? detail.message : undefined,
  };
}

/** Seconds from a `retry-after` header (delta-seconds or an HTTP date), when it says. */
function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * An SDK error (or anything thrown around a model call) as an AgentError whose message never
 * carries the key. `signal`: the caller's abort signal, so a cancelled call reads as `aborted`.
 */
export function agentErrorFor(error: unknown, key: string | null, signal?: AbortSignal): AgentError {
  if (error instanceof AgentError) return error;
  if (signal?.aborted || error instanceof Anthropic.APIUserAbortError) return abortedError();
  if (error instanceof Anthropic.AuthenticationError) {
    return new AgentError('key_rejected', 'Anthropic rejected your key: check it in Settings', false);
  }
  if (error instanceof Anthropic.PermissionDeniedError) {
    return new AgentError(
      'key_rejected',
      'Your Anthropic key may not use this model: check it in Settings',
      false,
    );
  }
  if (error instanceof Anthropic.RateLimitError) {
    const after = retryAfterSeconds(error.headers);
    const wait = after === undefined ? '' : ` (try again in ${after} s)`;
    return new AgentError('rate_limited', `Anthropic rate limit reached for your key${wait}`, true, after);
  }
  if (error instanceof Anthropic.APIError && !(error instanceof Anthropic.APIConnectionError)) {
    const detail = apiErrorDetail(error);
    if (error.status === 529 || detail.type === 'overloaded_error') {
      return new AgentError('overloaded', 'The model is overloaded right now; try again in a moment', true);
    }
    if (error.status !== undefined && error.status < 500) {
      // A 400 is our request, not the builder's doing; its text names the problem (key cut out).
      return new AgentError(
        'request_refused',
        redactKey(`Anthropic refused the request: ${detail.message ?? error.message}`, key),
        false,
      );
    }
    // 5xx, or an `error` event in the middle of a stream (no status): the service's side.
    return new AgentError('unavailable', 'The model could not be reached; try again in a moment', true);
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new AgentError('unavailable', 'The model could not be reached; try again in a moment', true);
  }
  const reason = error instanceof Error ? `: ${redactKey(error.message, key)}` : '';
  return new AgentError('unavailable', `The agent call failed unexpectedly${reason}`, true);
}
