import { randomBytes } from 'node:crypto';

// What a test scripts the fake Anthropic server to answer: a queue of replies (one per request,
// in order) or a function of the request. A reply is either a message (text and/or tool calls,
// with optional usage and delay) or an error shaped as the Messages API shapes it.

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface FakeToolUse {
  name: string;
  input: unknown;
  id?: string;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'pause_turn' | 'refusal';

export interface FakeMessageReply {
  /** A text block, first in the content. */
  text?: string;
  /** Tool calls after the text, in order. */
  toolUse?: FakeToolUse | FakeToolUse[];
  /** Default: `tool_use` when a tool is called, else `end_turn`. */
  stopReason?: StopReason;
  /** Overrides what the fake would compute (see `usage.ts`), field by field. */
  usage?: Partial<FakeUsage>;
  /** Waits this long before answering (a slow model; lets tests abort mid-request). */
  delayMs?: number;
  /** Streaming only: waits this long between events, so a client sees tokens arrive. */
  chunkDelayMs?: number;
  /**
   * Streaming only: after the first content block starts, an `event: error` (as the real API sends
   * when it overloads mid-answer) ends the stream instead of the rest of the message.
   */
  streamError?: { type: FakeErrorType; message: string };
}

export type FakeErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export interface FakeErrorReply {
  error: { status: number; type: FakeErrorType; message: string; retryAfterSeconds?: number };
  delayMs?: number;
}

export type FakeReply = FakeMessageReply | FakeErrorReply;

/** A request as the fake received it, kept for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. Includes the key header: this record is test-only. */
  headers: Record<string, string>;
  /** The key presented (`x-api-key`, or `Authorization: Bearer`, which the SDK 1.x sends). */
  key: string | undefined;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: MessagesRequestBody | undefined;
  /** The body exactly as sent, for "this text never appears" checks. */
  rawBody: string;
}

/** The part of a Messages API request body the fake reads. */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | Array<{ type: 'text'; text: string; cache_control?: unknown }>;
  tools?: Array<{
    name: string;
    description?: string;
    input_schema: Record<string, unknown>;
    cache_control?: unknown;
  }>;
  tool_choice?: { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };
  messages: Array<{ role: 'user' | 'assistant'; content: string | Array<Record<string, unknown>> }>;
}

export type FakeScript = FakeReply[] | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>);

export function isErrorReply(reply: FakeReply): reply is FakeErrorReply {
  return 'error' in reply;
}

/** Shorthands for the replies tests script most. */
export const fakeReply = {
  text: (text: string, extra: Omit<FakeMessageReply, 'text'> = {}): FakeMessageReply => ({ text, ...extra }),
  tool: (name: string, input: unknown, extra: Omit<FakeMessageReply, 'toolUse'> = {}): FakeMessageReply => ({
    toolUse: { name, input },
    ...extra,
  }),
  rateLimited: (retryAfterSeconds = 20): FakeErrorReply => ({
    error: {
      status: 429,
      type: 'rate_limit_error',
      message: 'Number of request tokens has exceeded your per-minute rate limit',
      retryAfterSeconds,
    },
  }),
  overloaded: (): FakeErrorReply => ({
    error: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  }),
  serverError: (): FakeErrorReply => ({
    error: { status: 500, type: 'api_error', message: 'Internal server error' },
  }),
  invalidRequest: (message: string): FakeErrorReply => ({
    error: { status: 400, type: 'invalid_request_error', message },
  }),
};

/**
 * A script function that answers by the tool the request forces (`tool_choice: {type: 'tool'}`):
 * each tool's replies are used in order, the last one repeats. Requests forcing no listed tool get
 * `otherwise` (default: an error saying which tool had nothing scripted). For multi-agent flows,
 * where the order of calls across agents is not the test's business.
 */
export function replyByTool(
  replies: Record<string, FakeReply | FakeReply[]>,
  otherwise?: (request: RecordedRequest) => FakeReply,
): (request: RecordedRequest) => FakeReply {
  const queues = new Map(
    Object.entries(replies).map(([name, reply]) => [name, Array.isArray(reply) ? [...reply] : [reply]]),
  );
  return (request) => {
    const choice = request.body?.tool_choice;
    const name = choice?.type === 'tool' ? choice.name : undefined;
    const queue = name === undefined ? undefined : queues.get(name);
    if (queue && queue.length > 0) return (queue.length > 1 ? queue.shift() : queue[0]) as FakeReply;
    return (
      otherwise?.(request) ??
      fakeReply.invalidRequest(`fake Anthropic: nothing scripted for tool_choice ${name ?? '(none)'}`)
    );
  };
}

/** The Messages API error body: `{"type":"error","error":{"type":…,"message":…},"request_id":…}`. */
export function errorBody(type: FakeErrorType, message: string, requestId: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId });
}

export function fakeId(prefix: 'msg' | 'toolu' | 'req'): string {
  return `${prefix}_fake${randomBytes(12).toString('hex')}`;
}

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

/** The `content` array of the message a scripted reply stands for. */
export function replyContent(reply: FakeMessageReply): ContentBlock[] {
  const content: ContentBlock[] = [];
  if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
  const tools =
    reply.toolUse === undefined ? [] : Array.isArray(reply.toolUse) ? reply.toolUse : [reply.toolUse];
  for (const tool of tools) {
    content.push({ type: 'tool_use', id: tool.id ?? fakeId('toolu'), name: tool.name, input: tool.input });
  }
  return content;
}

export function replyStopReason(reply: FakeMessageReply, content: ContentBlock[]): StopReason {
  return reply.stopReason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
}
