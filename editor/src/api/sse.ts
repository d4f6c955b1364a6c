import type { SupabaseClient } from '@supabase/supabase-js';
import { ApiError } from './api-error.ts';

// Server-sent events over fetch. The studio's streams (the BA agent's reply, a build's progress)
// need the builder's bearer token, and EventSource cannot send headers, so the stream is read
// from a fetch body and parsed here, following the WHATWG event-stream rules.

/** One dispatched event: `event` defaults to "message"; `data` is the data lines joined by "\n". */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export interface SseParser {
  /** Feeds the next piece of the stream; chunks may split a line (or a CRLF) anywhere. */
  push(chunk: string): void;
  /** The stream ended: a last event without its blank line is discarded, as the spec says. */
  end(): void;
}

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let buffer = '';
  let eventType = '';
  let data: string[] = [];
  let lastId: string | undefined;
  // A chunk ending in "\r" may be half of a CRLF: the "\n" that starts the next chunk is skipped.
  let skipLeadingNewline = false;

  function dispatch() {
    if (data.length > 0) onEvent({ event: eventType || 'message', data: data.join('\n'), id: lastId });
    eventType = '';
    data = [];
  }

  function processLine(line: string) {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return; // a comment (servers send them as keep-alives)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    // `retry` and unknown fields are ignored: reconnecting is the caller's decision here.
  }

  return {
    push(chunk) {
      if (skipLeadingNewline && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLeadingNewline = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        processLine(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 === buffer.length) skipLeadingNewline = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      buffer = '';
      eventType = '';
      data = [];
    },
  };
}

/** Reads a `text/event-stream` body to its end (or until `signal` aborts), calling `onEvent` for each event. */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const parser = createSseParser(onEvent);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}

/** The signed-in builder's token as a header (read per call, so a refreshed session is used). */
export async function bearerHeader(supabase: SupabaseClient): Promise<Record<string, string>> {
  const { data } = await supabase.auth.getSession();
  return data.session ? { Authorization: `Bearer ${data.session.access_token}` } : {};
}

export interface OpenStreamOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Opens an `/api/*` event stream as the signed-in builder. A non-2xx answer is thrown as the
 * ApiError its JSON body describes (e.g. 409 `anthropic_key_missing`), before any event is read.
 */
export async function openEventStream(
  supabase: SupabaseClient,
  path: string,
  onEvent: (event: SseEvent) => void,
  options: OpenStreamOptions = {},
): Promise<void> {
  const headers: Record<string, string> = { ...(await bearerHeader(supabase)), Accept: 'text/event-stream' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  if (!response.body)
    throw new ApiError(response.status, 'unexpected_response', 'The server sent no stream.');
  await readEventStream(response.body, onEvent, options.signal);
}
