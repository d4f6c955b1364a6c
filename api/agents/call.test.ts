import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { type FakeReply, fakeReply, type RecordedRequest } from '../testing/fake-anthropic/script.ts';
import { callAgent, MAX_REPAIRS } from './call.ts';
import { type AgentCallContext, AgentError, type AgentRunRecord, type AgentSpec } from './contracts.ts';
import { costUsd, DEFAULT_AGENT_MODEL } from './cost.ts';
import { specAgent } from './spec.ts';

// The model-call layer against the fake Anthropic server, through the real SDK.

const CANARY = 'sk-ant-canary-7d1f3c9a2b4e6f80';
const fake = fakeAnthropicForFile([CANARY]);

const Answer = z.strictObject({ title: z.string().min(3), count: z.number().int().min(0) });
type Answer = z.infer<typeof Answer>;

const testAgent: AgentSpec<Answer> = {
  name: 'planner',
  role: 'You count things for tests.',
  may: ['Count'],
  mayNot: ['Guess'],
  reference: 'Example: {"title": "apples", "count": 3}',
  tool: { name: 'write_plan', description: 'Record the count.' },
  output: Answer,
  maxTokens: 500,
};

interface TestContext extends AgentCallContext {
  runs: AgentRunRecord[];
  activities: string[];
  remaining: number;
}

function testContext(overrides: Partial<AgentCallContext> & { remaining?: number } = {}): TestContext {
  const ctx: TestContext = {
    runs: [],
    activities: [],
    remaining: overrides.remaining ?? 100_000,
    stage: 'planning',
    baseURL: fake.server.url,
    openKey: async () => CANARY,
    async remainingTokens() {
      return ctx.remaining;
    },
    async recordRun(run) {
      ctx.runs.push(run);
      ctx.remaining -= run.inputTokens + run.outputTokens + run.cacheReadTokens + run.cacheWriteTokens;
    },
    onActivity: (activity) => ctx.activities.push(activity),
    ...overrides,
  };
  return ctx;
}

async function failure(promise: Promise<unknown>): Promise<AgentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgentError);
  return error as AgentError;
}

const good = fakeReply.tool('write_plan', { title: 'apples', count: 3 });
const bad = fakeReply.tool('write_plan', { title: 'ap', count: 'three' });

/** The content blocks of one message of one recorded request. */
function blocksOf(request: number, message: number): Array<Record<string, unknown>> {
  const content = fake.server.requests[request]?.body?.messages[message]?.content;
  if (!Array.isArray(content)) throw new Error(`request ${request}, message ${message}: no content blocks`);
  return content;
}

function expectNoCanary(ctx: TestContext, error?: unknown) {
  for (const request of fake.server.requests) expect(request.rawBody).not.toContain(CANARY);
  expect(JSON.stringify(ctx.runs)).not.toContain(CANARY);
  if (error) expect(String((error as Error).message)).not.toContain(CANARY);
}

describe('callAgent: a forced tool call parsed with Zod', () => {
  it('returns the parsed answer of a valid first reply, forcing the agent’s tool, and records the run', async () => {
    fake.server.script([good]);
    const ctx = testContext();
    const answer = await callAgent(ctx, testAgent, 'count the apples');
    expect(answer).toEqual({ output: { title: 'apples', count: 3 }, repairs: 0 });
    const [request] = fake.server.requests;
    expect(request?.body?.tool_choice).toEqual({ type: 'tool', name: 'write_plan' });
    expect(request?.body?.model).toBe(DEFAULT_AGENT_MODEL);
    expect(request?.body?.max_tokens).toBe(500);
    expect(request?.body?.tools?.[0]?.input_schema).toMatchObject({
      type: 'object',
      properties: { title: { type: 'string', minLength: 3 }, count: { type: 'integer' } },
      additionalProperties: false,
    });
    expect(request?.body?.tools?.[0]?.input_schema).not.toHaveProperty('$schema');
    expect(request?.body?.messages).toEqual([{ role: 'user', content: 'count the apples' }]);
    expect(ctx.runs).toHaveLength(1);
    const run = ctx.runs[0]!;
    expect(run).toMatchObject({
      agent: 'planner',
      stage: 'planning',
      model: DEFAULT_AGENT_MODEL,
      status: 'ok',
    });
    expect(run.cacheWriteTokens).toBeGreaterThan(0);
    expect(run.outputTokens).toBeGreaterThan(0);
    expect(run.costUsd).toBe(costUsd(DEFAULT_AGENT_MODEL, run));
    expect(run.costUsd).toBeGreaterThan(0);
    expect(ctx.activities).toEqual([]);
  });

  it('puts the stable prefix first with cache_control, identical bytes for two different inputs', async () => {
    fake.server.script([good, good]);
    const ctx = testContext();
    await callAgent(ctx, testAgent, 'count the apples');
    await callAgent(ctx, testAgent, 'count the pears, which are many more, in a much longer request');
    const [first, second] = fake.server.requests as [RecordedRequest, RecordedRequest];
    const prefix = (request: RecordedRequest) =>
      JSON.stringify({ tools: request.body?.tools, system: request.body?.system });
    expect(prefix(first)).toBe(prefix(second));
    const system = first.body?.system as Array<{ text: string; cache_control?: unknown }>;
    expect(system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
    expect(system.slice(0, -1).every((block) => block.cache_control === undefined)).toBe(true);
    const text = system.map((block) => block.text).join('\n');
    expect(text).toContain('You may:\n- Count');
    expect(text).toContain('You may not:\n- Guess');
    expect(text).toContain('Example: {"title": "apples", "count": 3}');
    expect(text).not.toContain('apples in a');
    // The input is the user turn after the prefix, never inside it.
    expect(JSON.stringify(second.body?.system)).not.toContain('pears');
    expect(second.body?.messages[0]?.content).toContain('pears');
    // The second call reads the whole prefix (tools + system) from the cache, writes none of it.
    const first_ = ctx.runs[0]!;
    expect(ctx.runs[1]?.cacheReadTokens).toBeGreaterThan(0);
    expect(ctx.runs[1]?.cacheReadTokens).toBe(first_.cacheReadTokens + first_.cacheWriteTokens);
    expect(ctx.runs[1]?.cacheWriteTokens).toBe(0);
  });

  it('sends a malformed answer back with each Zod issue as path: message, and returns the repaired one', async () => {
    fake.server.script([bad, good]);
    const ctx = testContext();
    const answer = await callAgent(ctx, testAgent, 'count');
    expect(answer).toEqual({ output: { title: 'apples', count: 3 }, repairs: 1 });
    const repair = fake.server.requests[1]?.body?.messages ?? [];
    expect(repair).toHaveLength(3);
    expect(repair[1]?.role).toBe('assistant');
    const toolUse = blocksOf(1, 1)[0];
    expect(toolUse).toMatchObject({
      type: 'tool_use',
      name: 'write_plan',
      input: { title: 'ap', count: 'three' },
    });
    const [result] = blocksOf(1, 2);
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: toolUse?.id, is_error: true });
    expect(result?.content).toContain('title: Too small');
    expect(result?.content).toContain('count: Invalid input: expected number');
    expect(ctx.activities).toEqual(['Repairing the plan (attempt 2 of 3)']);
    expect(ctx.runs.map((run) => run.status)).toEqual(['error', 'ok']);
    expect(ctx.runs[0]?.error).toContain('title: Too small');
  });

  it('fails with invalid_output naming the Zod path after two repairs (three model calls)', async () => {
    fake.server.script([bad, bad, bad, good]);
    const ctx = testContext();
    const error = await failure(callAgent(ctx, testAgent, 'count'));
    expect(error.code).toBe('invalid_output');
    expect(error.message).toMatch(/^The planner agent's answer did not match its schema after 2 repairs: /);
    expect(error.message).toContain('title:');
    expect(error.message).toContain('count:');
    expect(fake.server.requests).toHaveLength(MAX_REPAIRS + 1);
    expect(ctx.runs).toHaveLength(3);
    expect(ctx.activities).toEqual([
      'Repairing the plan (attempt 2 of 3)',
      'Repairing the plan (attempt 3 of 3)',
    ]);
  });

  it('repairs what extraCheck finds the same way, and fails naming it when it persists', async () => {
    fake.server.script([good, fakeReply.tool('write_plan', { title: 'apples', count: 4 })]);
    const even = (answer: Answer) => (answer.count % 2 === 0 ? [] : [`count: ${answer.count} must be even`]);
    const ctx = testContext();
    expect(await callAgent(ctx, testAgent, 'count', even)).toEqual({
      output: { title: 'apples', count: 4 },
      repairs: 1,
    });
    const [result] = blocksOf(1, 2);
    expect(result).toMatchObject({ type: 'tool_result', is_error: true });
    expect(result?.content).toContain('count: 3 must be even');

    fake.server.script([good, good, good]);
    const error = await failure(callAgent(testContext(), testAgent, 'count', async (answer) => even(answer)));
    expect(error.code).toBe('invalid_output');
    expect(error.message).toContain('count: 3 must be even');
  });

  it('asks for a shorter answer when the reply stopped at max_tokens', async () => {
    fake.server.script([
      fakeReply.tool('write_plan', { title: 'apples' }, { stopReason: 'max_tokens' }),
      good,
    ]);
    const answer = await callAgent(testContext(), testAgent, 'count');
    expect(answer.repairs).toBe(1);
    const [result] = blocksOf(1, 2);
    expect(result?.content).toContain('shorter answer');
  });

  it('repairs a reply without any tool call with a plain user turn', async () => {
    fake.server.script([fakeReply.text('I think there are three.', { stopReason: 'end_turn' }), good]);
    const answer = await callAgent(testContext(), testAgent, 'count');
    expect(answer.repairs).toBe(1);
    const messages = fake.server.requests[1]?.body?.messages ?? [];
    expect(messages[2]).toEqual({
      role: 'user',
      content: expect.stringContaining('You did not call write_plan'),
    });
  });
});

describe('callAgent: budget, key and cancel', () => {
  it('makes no request when the budget is spent, and stops a repair loop that spends it', async () => {
    fake.server.script([good]);
    const spent = testContext({ remaining: 0 });
    const error = await failure(callAgent(spent, testAgent, 'count'));
    expect(error).toMatchObject({ code: 'budget_exhausted', retryable: false });
    expect(error.message).toMatch(/^This feature used its token budget \(/);
    expect(fake.server.requests).toHaveLength(0);
    expect(spent.runs).toHaveLength(0);

    // The first (malformed) answer spends the rest: the repair is not sent.
    fake.server.script([
      { ...bad, usage: { input_tokens: 50, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
    ]);
    const tight = testContext({ remaining: 40 });
    expect((await failure(callAgent(tight, testAgent, 'count'))).code).toBe('budget_exhausted');
    expect(fake.server.requests).toHaveLength(1);
    expect(tight.runs).toHaveLength(1);
  });

  it('needs a key: none → key_missing and no request', async () => {
    fake.server.script([good]);
    const error = await failure(callAgent(testContext({ openKey: async () => null }), testAgent, 'count'));
    expect(error).toMatchObject({ code: 'key_missing', retryable: false });
    expect(fake.server.requests).toHaveLength(0);
  });

  it('stops when the caller aborts, mid-request or before it', async () => {
    fake.server.script([{ ...good, delayMs: 5_000 }]);
    const controller = new AbortController();
    const ctx = testContext({ signal: controller.signal });
    const pending = callAgent(ctx, testAgent, 'count');
    setTimeout(() => controller.abort(), 100);
    expect((await failure(pending)).code).toBe('aborted');
    expect(ctx.runs).toMatchObject([{ status: 'error' }]);

    const before = await failure(callAgent(testContext({ signal: AbortSignal.abort() }), testAgent, 'count'));
    expect(before.code).toBe('aborted');
  });
});

describe('callAgent: API errors, and the key kept out of everything', () => {
  const cases: Array<[string, FakeReply, Partial<AgentError>]> = [
    [
      '401',
      { error: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' } },
      {
        code: 'key_rejected',
        retryable: false,
        message: 'Anthropic rejected your key: check it in Settings',
      },
    ],
    [
      '403',
      { error: { status: 403, type: 'permission_error', message: 'not allowed' } },
      { code: 'key_rejected', retryable: false },
    ],
    ['429', fakeReply.rateLimited(42), { code: 'rate_limited', retryable: true, retryAfterSeconds: 42 }],
    ['529', fakeReply.overloaded(), { code: 'overloaded', retryable: true }],
    ['500', fakeReply.serverError(), { code: 'unavailable', retryable: true }],
    [
      '400',
      fakeReply.invalidRequest(`prompt is too long (key ${CANARY} echoed)`),
      { code: 'request_refused', retryable: false },
    ],
  ];
  it.each(cases)(
    '%s → the matching AgentError, recorded as a failed run',
    async (_status, reply, expected) => {
      fake.server.script([reply]);
      const ctx = testContext();
      const error = await failure(callAgent(ctx, testAgent, 'count'));
      expect(error).toMatchObject(expected);
      expect(ctx.runs).toMatchObject([{ status: 'error', error: error.message, inputTokens: 0 }]);
      expectNoCanary(ctx, error);
    },
  );

  it('an overload in the middle of the answer is overloaded and retryable', async () => {
    fake.server.script([{ ...good, streamError: { type: 'overloaded_error', message: 'Overloaded' } }]);
    const ctx = testContext();
    expect(await failure(callAgent(ctx, testAgent, 'count'))).toMatchObject({
      code: 'overloaded',
      retryable: true,
    });
    expect(ctx.runs).toMatchObject([{ status: 'error' }]);
  });

  it('rejects a wrong key with key_rejected (the real 401 of the fake)', async () => {
    const ctx = testContext({ openKey: async () => 'sk-ant-not-a-key-of-the-fake' });
    expect((await failure(callAgent(ctx, testAgent, 'count'))).code).toBe('key_rejected');
  });

  it('an unreachable endpoint is unavailable and retryable', async () => {
    const ctx = testContext({ baseURL: 'http://127.0.0.1:9' });
    expect(await failure(callAgent(ctx, testAgent, 'count'))).toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
  });

  it('cuts the canary key out of the input, repairs and errors, even when the builder pasted it', async () => {
    fake.server.script([
      fakeReply.tool('write_plan', { title: CANARY, count: 'x' }),
      fakeReply.tool('write_plan', { title: CANARY, count: 'y' }),
      fakeReply.tool('write_plan', { title: `${CANARY}`, count: 'z' }),
    ]);
    const ctx = testContext();
    const error = await failure(callAgent(ctx, testAgent, `my key is ${CANARY}, count it`));
    expect(error.code).toBe('invalid_output');
    expect(fake.server.requests).toHaveLength(3);
    // The first request is the input; the later ones echo the model's own answer, which holds the
    // canary only because the fake was scripted to say it; the platform's own text never does.
    expect(fake.server.requests[0]?.rawBody).not.toContain(CANARY);
    expect(fake.server.requests[0]?.rawBody).toContain('my key is [redacted]');
    for (const request of fake.server.requests) {
      const platformText = JSON.stringify({ system: request.body?.system, tools: request.body?.tools });
      expect(platformText).not.toContain(CANARY);
      const userTurns = request.body?.messages.filter((message) => message.role === 'user');
      expect(JSON.stringify(userTurns)).not.toContain(CANARY);
    }
    expect(fake.server.requests[0]?.key).toBe(CANARY);
    expect(JSON.stringify(ctx.runs)).not.toContain(CANARY);
    expect(error.message).not.toContain(CANARY);
  });
});

describe('a real agent spec through the call layer', () => {
  it('the spec agent’s tool schema is the JSON Schema of FeatureSpec, and a scripted spec parses', async () => {
    const spec = {
      title: 'Recipes',
      summary: 'Keep recipes',
      users: ['me'],
      requirements: ['a title'],
      acceptance: ['no title is refused'],
      outOfScope: [],
    };
    fake.server.script([fakeReply.tool('write_spec', spec)]);
    const answer = await callAgent(testContext({ stage: 'spec' }), specAgent, 'the conversation');
    expect(answer.output).toEqual(spec);
    const tool = fake.server.requests[0]?.body?.tools?.[0];
    expect(tool?.name).toBe('write_spec');
    expect(tool?.input_schema).toMatchObject({ required: expect.arrayContaining(['title', 'acceptance']) });
  });
});
