import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../schemas/index.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { streamBaReply } from './ba.ts';
import { AGENT_TOOLS, type AgentCallContext, AgentError, type AgentRunRecord } from './contracts.ts';

// The BA agent's streamed turn, against the fake Anthropic server through the real SDK.

const CANARY = 'sk-ant-canary-ba-5e7c1d90aa';
const fake = fakeAnthropicForFile([CANARY]);

let clock = 0;
const message = (role: ChatMessage['role'], content: string): ChatMessage => ({
  id: crypto.randomUUID(),
  role,
  content,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(),
});

function chatContext(overrides: Partial<AgentCallContext> & { remaining?: number } = {}) {
  const runs: AgentRunRecord[] = [];
  const ctx: AgentCallContext = {
    stage: 'chat',
    baseURL: fake.server.url,
    openKey: async () => CANARY,
    remainingTokens: async () => overrides.remaining ?? 100_000,
    recordRun: async (run) => {
      runs.push(run);
    },
    ...overrides,
  };
  return { ctx, runs };
}

const conversation = (history: ChatMessage[]) => ({ title: 'Recipes', mode: null, history });

async function failure(promise: Promise<unknown>): Promise<AgentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgentError);
  return error as AgentError;
}

describe('the BA agent streams its reply', () => {
  it('hands each text delta on in order as it arrives, and returns the whole reply', async () => {
    const reply =
      'Nice idea. Who will use it: just you, or people you share it with? And what do you note for each recipe?';
    fake.server.script([fakeReply.text(reply, { chunkDelayMs: 40 })]);
    const { ctx, runs } = chatContext();
    const deltas: Array<{ text: string; at: number }> = [];
    const started = performance.now();
    const turn = await streamBaReply(
      ctx,
      conversation([message('user', 'I want to track recipes')]),
      (text) => deltas.push({ text, at: performance.now() - started }),
    );
    const finished = performance.now() - started;
    expect(turn).toEqual({ text: reply, recommendation: null });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((delta) => delta.text).join('')).toBe(reply);
    // Streamed, not buffered: the first piece arrived well before the last.
    expect(deltas[0]!.at).toBeLessThan(finished - 80);
    expect(runs).toMatchObject([{ agent: 'ba', stage: 'chat', status: 'ok' }]);
    expect(runs[0]!.outputTokens).toBeGreaterThan(0);
    const body = fake.server.requests[0]?.body;
    expect(body?.stream).toBe(true);
    expect(body?.tool_choice).toEqual({ type: 'auto' });
    expect(body?.tools?.map((tool) => tool.name)).toEqual([AGENT_TOOLS.ba]);
  });

  it('parses a recommendation with Zod; a malformed one is dropped, never an error', async () => {
    fake.server.script([
      fakeReply.tool(
        AGENT_TOOLS.ba,
        { mode: 'components', reason: 'It is a list of records you fill in and browse.' },
        { text: 'Got it: a private recipe list.' },
      ),
      fakeReply.tool(AGENT_TOOLS.ba, { mode: 'spreadsheet', reason: '' }, { text: 'Let me think.' }),
    ]);
    const { ctx } = chatContext();
    const history = [message('user', 'Just me, with ratings')];
    expect(await streamBaReply(ctx, conversation(history), () => undefined)).toEqual({
      text: 'Got it: a private recipe list.',
      recommendation: { mode: 'components', reason: 'It is a list of records you fill in and browse.' },
    });
    expect(await streamBaReply(ctx, conversation(history), () => undefined)).toEqual({
      text: 'Let me think.',
      recommendation: null,
    });
  });

  it('gives the builder a sentence when the agent only recommended', async () => {
    fake.server.script([
      fakeReply.tool(AGENT_TOOLS.ba, { mode: 'workflows', reason: 'It reacts to new e-mails.' }),
    ]);
    const texts: string[] = [];
    const turn = await streamBaReply(
      chatContext().ctx,
      conversation([message('user', 'answer my mail')]),
      (text) => texts.push(text),
    );
    expect(turn.text).toBe('I recommend the workflows mode: It reacts to new e-mails.');
    expect(texts).toEqual([turn.text]);
  });

  it('a stream that breaks mid-answer is an AgentError, recorded as a failed run', async () => {
    fake.server.script([
      fakeReply.text('Sure, let me ask a few things first so that', {
        streamError: { type: 'overloaded_error', message: 'Overloaded' },
      }),
    ]);
    const { ctx, runs } = chatContext();
    const error = await failure(streamBaReply(ctx, conversation([message('user', 'hi')]), () => undefined));
    expect(error).toMatchObject({ code: 'overloaded', retryable: true });
    expect(runs).toMatchObject([{ status: 'error', error: error.message }]);
    // What was sent before the break was paid for and is counted.
    expect(runs[0]!.inputTokens + runs[0]!.cacheWriteTokens + runs[0]!.cacheReadTokens).toBeGreaterThan(0);
  });

  it('maps a 429 before the stream to rate_limited with the wait', async () => {
    fake.server.script([fakeReply.rateLimited(7)]);
    const error = await failure(
      streamBaReply(chatContext().ctx, conversation([message('user', 'hi')]), () => undefined),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 7 });
  });

  it('makes no request without a key or budget', async () => {
    fake.server.script([fakeReply.text('unused')]);
    const noKey = await failure(
      streamBaReply(
        chatContext({ openKey: async () => null }).ctx,
        conversation([message('user', 'hi')]),
        () => undefined,
      ),
    );
    expect(noKey.code).toBe('key_missing');
    const spent = await failure(
      streamBaReply(
        chatContext({ remaining: 0 }).ctx,
        conversation([message('user', 'hi')]),
        () => undefined,
      ),
    );
    expect(spent.code).toBe('budget_exhausted');
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('the conversation as the API takes it, cached turn by turn', () => {
  it('alternates turns (merging same-role messages), builder first, breakpoints on the newest and the previous turn', async () => {
    fake.server.script([fakeReply.text('ok')]);
    const history = [
      message('assistant', 'Hello! What would you like to build?'),
      message('user', 'A recipe list'),
      message('user', 'with ratings'),
      message('assistant', 'Who uses it?'),
      message('user', 'Just me'),
    ];
    await streamBaReply(chatContext().ctx, conversation(history), () => undefined);
    const body = fake.server.requests[0]?.body;
    const turns = body?.messages ?? [];
    expect(turns.map((turn) => turn.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    const blocks = turns.map((turn) => turn.content as Array<{ text: string; cache_control?: unknown }>);
    expect(blocks[2]?.[0]?.text).toBe('A recipe list\n\nwith ratings');
    expect(blocks.map((content) => content[0]?.cache_control !== undefined)).toEqual([
      false,
      false,
      true,
      false,
      true,
    ]);
    const system = body?.system as Array<{ text: string; cache_control?: unknown }>;
    expect(system.filter((block) => block.cache_control).length).toBe(1);
    // The feature comes after the cached instructions, which are the same for every feature.
    expect(system.at(-1)?.text).toContain('Recipes');
    expect(system.find((block) => block.cache_control)?.text).not.toContain('Recipes');
  });

  it('the next turn reads the conversation so far from the cache', async () => {
    fake.server.script([fakeReply.text('Who uses it?'), fakeReply.text('Noted.')]);
    const { ctx, runs } = chatContext();
    const first = [
      message('user', 'I would like to keep a list of the recipes I cook each week, with notes'),
    ];
    await streamBaReply(ctx, conversation(first), () => undefined);
    await streamBaReply(
      ctx,
      conversation([...first, message('assistant', 'Who uses it?'), message('user', 'Just me')]),
      () => undefined,
    );
    const [one, two] = runs as [AgentRunRecord, AgentRunRecord];
    expect(two.cacheReadTokens).toBe(one.cacheReadTokens + one.cacheWriteTokens);
    expect(two.cacheReadTokens).toBeGreaterThan(one.cacheReadTokens);
  });

  it('never sends the key, even when the builder pasted it into the chat', async () => {
    fake.server.script([fakeReply.text('Please do not share keys here.')]);
    const { ctx, runs } = chatContext();
    await streamBaReply(
      ctx,
      { title: `Recipes ${CANARY}`, mode: 'components', history: [message('user', `my key: ${CANARY}`)] },
      () => undefined,
    );
    expect(fake.server.requests[0]?.rawBody).not.toContain(CANARY);
    expect(fake.server.requests[0]?.rawBody).toContain('my key: [redacted]');
    expect(JSON.stringify(runs)).not.toContain(CANARY);
  });
});
