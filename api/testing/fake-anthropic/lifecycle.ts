import { afterAll, afterEach, beforeAll } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from './server.ts';

/**
 * One fake Anthropic server for a test file: started before its tests, its script and recorded
 * requests cleared after each test (so one test's replies never answer the next), closed at the
 * end. Read `.server` inside tests and hooks, not at import time.
 */
export function fakeAnthropicForFile(keys: string[]): { readonly server: FakeAnthropic } {
  let server: FakeAnthropic | undefined;
  beforeAll(async () => {
    server = await startFakeAnthropic({ keys });
  });
  afterAll(() => server?.close());
  afterEach(() => {
    server?.script([]);
    if (server) server.requests.length = 0;
  });
  return {
    get server() {
      if (!server) throw new Error('the fake Anthropic server starts in beforeAll');
      return server;
    },
  };
}
