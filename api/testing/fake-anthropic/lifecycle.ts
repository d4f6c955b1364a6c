import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from './server.ts';

/**
 * One fake Anthropic server for a test file: started before its tests, its script and recorded
 * requests cleared after each test (so one test's replies never answer the next), closed at the
 * end. Read `.server` inside tests and hooks, not at import time.
 */
export function fakeAnthropicForFile(keys: string[]): {
  readonly server: FakeAnthropic;
  /** The real SDK pointed at the fake: the first key unless told, no SDK retries unless told. */
  client(options?: { apiKey?: string; maxRetries?: number }): Anthropic;
} {
  let server: FakeAnthropic | undefined;
  beforeAll(async () => {
    server = await startFakeAnthropic({ keys });
  });
  afterAll(() => server?.close());
  afterEach(() => {
    server?.script([]);
    if (server) server.requests.length = 0;
  });
  const started = () => {
    if (!server) throw new Error('the fake Anthropic server starts in beforeAll');
    return server;
  };
  return {
    get server() {
      return started();
    },
    client: (options = {}) =>
      new Anthropic({
        apiKey: options.apiKey ?? keys[0],
        baseURL: started().url,
        maxRetries: options.maxRetries ?? 0,
      }),
  };
}
