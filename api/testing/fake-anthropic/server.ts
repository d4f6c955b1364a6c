import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseMessagesRequest, RefusedRequest } from './request-rules.ts';
import {
  errorBody,
  type FakeErrorType,
  type FakeMessageReply,
  type FakeReply,
  type FakeScript,
  fakeId,
  isErrorReply,
  type MessagesRequestBody,
  type RecordedRequest,
  replyContent,
  replyStopReason,
} from './script.ts';
import { formatSse, messageEvents } from './sse.ts';
import { outputTokens, PromptCache } from './usage.ts';

// A local stand-in for the Anthropic Messages API (`POST /v1/messages`), so tests, benchmarks and
// demos never call the real one: the real `@anthropic-ai/sdk` is pointed at it with `baseURL`.
// It checks the headers the real API checks, answers from a script, streams SSE like the real API
// and records every request for assertions.

export interface FakeAnthropicOptions {
  /** Keys it accepts (`x-api-key`, or `Authorization: Bearer`); absent accepts any non-empty key. */
  keys?: string[];
  /** Default: an empty queue (every request is answered with an error saying so). */
  script?: FakeScript;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface FakeAnthropic {
  /** The base URL to hand the SDK (`new Anthropic({ baseURL: url })`). */
  url: string;
  /** Every request received, in order, including refused ones. */
  requests: RecordedRequest[];
  /** Replaces the script: a queue of replies, or a function of the request. */
  script(next: FakeScript): void;
  /** Appends replies to the queue (turning a function script into a queue). */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new RefusedRequest(413, 'request_too_large', 'Request exceeds the maximum size');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function presentedKey(headers: Record<string, string>): string | undefined {
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return headers['x-api-key'] || bearer || undefined;
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const keys = options.keys ? new Set(options.keys) : undefined;
  const requests: RecordedRequest[] = [];
  const cache = new PromptCache();
  let current: FakeScript = options.script ?? [];

  async function nextReply(request: RecordedRequest): Promise<FakeReply> {
    if (typeof current === 'function') return current(request);
    const reply = current.shift();
    if (reply) return reply;
    // Not retried by the SDK (a 400), and says which request had nothing scripted.
    return {
      error: {
        status: 400,
        type: 'invalid_request_error',
        message: `fake Anthropic: nothing scripted for request #${requests.length}`,
      },
    };
  }

  function sendError(
    res: ServerResponse,
    requestId: string,
    status: number,
    type: FakeErrorType,
    message: string,
  ) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId });
    res.end(errorBody(type, message, requestId));
  }

  async function sendMessage(
    res: ServerResponse,
    requestId: string,
    body: MessagesRequestBody,
    reply: FakeMessageReply,
    gone: AbortSignal,
  ) {
    const content = replyContent(reply);
    const usage = { ...cache.inputUsage(body), output_tokens: outputTokens(content), ...reply.usage };
    const message = {
      id: fakeId('msg'),
      model: body.model,
      content,
      stopReason: replyStopReason(reply, content),
      usage,
    };
    if (body.stream) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        'request-id': requestId,
      });
      for (const event of messageEvents({ ...message, streamError: reply.streamError })) {
        if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs, undefined, { signal: gone });
        res.write(formatSse(event));
      }
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
    res.end(
      JSON.stringify({
        id: message.id,
        type: 'message',
        role: 'assistant',
        model: message.model,
        content,
        stop_reason: message.stopReason,
        stop_sequence: null,
        usage: { ...usage, service_tier: 'standard' },
      }),
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = fakeId('req');
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    try {
      const rawBody = await readBody(req);
      // A client that gave up (aborted) before we read its request is not recorded and does not use
      // up a reply: under load, it could otherwise take one scripted for the next test.
      if (gone.signal.aborted) return;
      const headers = headerRecord(req);
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const key = presentedKey(headers);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers,
        key,
        body: undefined,
        rawBody,
      };
      requests.push(recorded);
      if (req.method !== 'POST' || path !== '/v1/messages') {
        throw new RefusedRequest(404, 'not_found_error', `Not found: ${req.method} ${path}`);
      }
      if (!key) throw new RefusedRequest(401, 'authentication_error', 'x-api-key header is required');
      if (keys && !keys.has(key)) throw new RefusedRequest(401, 'authentication_error', 'invalid x-api-key');
      if (!headers['anthropic-version']) {
        throw new RefusedRequest(400, 'invalid_request_error', 'anthropic-version: header is required');
      }
      const body = parseMessagesRequest(rawBody);
      recorded.body = body;
      const reply = await nextReply(recorded);
      if (reply.delayMs) await sleep(reply.delayMs, undefined, { signal: gone.signal });
      if (isErrorReply(reply)) {
        const { status, type, message, retryAfterSeconds } = reply.error;
        if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
        sendError(res, requestId, status, type, message);
        return;
      }
      await sendMessage(res, requestId, body, reply, gone.signal);
    } catch (error) {
      if (gone.signal.aborted) return; // the client went away (aborted); nobody to answer
      if (res.headersSent) {
        res.end(); // failed mid-stream: end what was sent rather than write a second head
        return;
      }
      if (error instanceof RefusedRequest) sendError(res, requestId, error.status, error.type, error.message);
      else sendError(res, requestId, 500, 'api_error', `fake Anthropic: the script failed: ${String(error)}`);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    requests,
    script(next) {
      current = Array.isArray(next) ? [...next] : next;
    },
    enqueue(...replies) {
      current = typeof current === 'function' ? [...replies] : [...current, ...replies];
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
