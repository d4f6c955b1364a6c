import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { fakeAnthropicForFile } from './lifecycle.ts';
import { fakeReply, replyByTool } from './script.ts';

const KEY = 'sk-ant-fake-valid-key';
const MODEL = 'claude-test-model';
const fakeAnthropic = fakeAnthropicForFile([KEY]);

const client = fakeAnthropic.client;

const weatherTool = {
  name: 'record_weather',
  description: 'Record the weather',
  input_schema: {
    type: 'object' as const,
    properties: { city: { type: 'string' }, celsius: { type: 'number' } },
    required: ['city', 'celsius'],
  },
};

describe('fake Anthropic Messages API, through the real SDK', () => {
  it('answers a forced tool call with a tool_use block and records the request', async () => {
    fakeAnthropic.server.script([fakeReply.tool('record_weather', { city: 'Oslo', celsius: -3 })]);
    const message = await client().messages.create({
      model: MODEL,
      max_tokens: 200,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'record_weather' },
      messages: [{ role: 'user', content: 'Oslo is at minus three' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.model).toBe(MODEL);
    const block = message.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type !== 'tool_use') throw new Error('expected a tool_use block');
    expect(block.name).toBe('record_weather');
    expect(block.input).toEqual({ city: 'Oslo', celsius: -3 });
    expect(block.id).toMatch(/^toolu_/);
    expect(fakeAnthropic.server.requests).toHaveLength(1);
    expect(fakeAnthropic.server.requests[0]?.key).toBe(KEY);
    expect(fakeAnthropic.server.requests[0]?.headers['anthropic-version']).toBeTruthy();
    expect(fakeAnthropic.server.requests[0]?.body?.tool_choice).toEqual({
      type: 'tool',
      name: 'record_weather',
    });
  });

  it('streams text in several deltas that the SDK stream helpers reassemble', async () => {
    const text = 'The quick brown fox jumps over the lazy dog, then naps in the afternoon sun.';
    fakeAnthropic.server.script([fakeReply.text(text)]);
    const stream = client().messages.stream({
      model: MODEL,
      max_tokens: 200,
      messages: [{ role: 'user', content: 'Tell me a story' }],
    });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(text);
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toMatchObject({ type: 'text', text });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  it('streams tool input as input_json_delta chunks that parse back to the scripted input', async () => {
    const input = { city: 'Reykjavík', celsius: 4.5, notes: ['windy', 'rain later'] };
    fakeAnthropic.server.script([fakeReply.tool('record_weather', input, { text: 'Recording it.' })]);
    const stream = client().messages.stream({
      model: MODEL,
      max_tokens: 200,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather?' }],
    });
    const partials: string[] = [];
    stream.on('inputJson', (partial) => partials.push(partial));
    const message = await stream.finalMessage();
    expect(partials.length).toBeGreaterThan(1);
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Recording it.' });
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'record_weather', input });
    expect(message.stop_reason).toBe('tool_use');
  });

  it('reports usage with cache fields: a repeated prefix marked with cache_control is read from cache', async () => {
    const system = [
      {
        type: 'text' as const,
        text: 'You are a careful assistant. '.repeat(40),
        cache_control: { type: 'ephemeral' as const },
      },
    ];
    fakeAnthropic.server.script([
      fakeReply.text('one'),
      fakeReply.text('two'),
      fakeReply.text('three', { usage: { output_tokens: 7 } }),
    ]);
    const first = await client().messages.create({
      model: MODEL,
      max_tokens: 50,
      system,
      messages: [{ role: 'user', content: 'first question' }],
    });
    const second = await client().messages.create({
      model: MODEL,
      max_tokens: 50,
      system,
      messages: [{ role: 'user', content: 'another, longer question' }],
    });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(200);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeGreaterThan(0);
    const third = await client().messages.create({
      model: MODEL,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'no cache here' }],
    });
    expect(third.usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      output_tokens: 7,
    });
    expect(third.usage.input_tokens).toBeGreaterThan(0);
  });

  it('refuses a wrong key with a 401 authentication_error the SDK maps to AuthenticationError', async () => {
    fakeAnthropic.server.script([fakeReply.text('never sent')]);
    const error = await client({ apiKey: 'sk-ant-wrong' })
      .messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).status).toBe(401);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
  });

  it('answers a scripted 429 with retry-after (RateLimitError) and a 529 (OverloadedError)', async () => {
    fakeAnthropic.server.script([fakeReply.rateLimited(30), fakeReply.overloaded(), fakeReply.serverError()]);
    const ask = () =>
      client()
        .messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
        .catch((e: unknown) => e);
    const limited = await ask();
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('30');
    const overloaded = await ask();
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect((overloaded as InstanceType<typeof Anthropic.OverloadedError>).status).toBe(529);
    expect(await ask()).toBeInstanceOf(Anthropic.InternalServerError);
  });

  it('lets the SDK retry after the retry-after it sends', async () => {
    fakeAnthropic.server.script([fakeReply.rateLimited(0.01), fakeReply.text('after the wait')]);
    const message = await client({ maxRetries: 1 }).messages.create({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ text: 'after the wait' });
    expect(fakeAnthropic.server.requests).toHaveLength(2);
  });

  it('chooses answers with a script function of the request, and says so when nothing is scripted', async () => {
    fakeAnthropic.server.script((request) =>
      fakeReply.text(`you said ${JSON.stringify(request.body?.messages[0]?.content)}`),
    );
    const message = await client().messages.create({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(message.content[0]).toMatchObject({ text: 'you said "ping"' });
    fakeAnthropic.server.script([]);
    const error = await client()
      .messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'ping' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String(error)).toContain('nothing scripted');
  });

  it('ends a stream with an error event when the model overloads mid-answer', async () => {
    fakeAnthropic.server.script([
      fakeReply.text('Half an answer that never ends', {
        streamError: { type: 'overloaded_error', message: 'Overloaded' },
      }),
    ]);
    const stream = client().messages.stream({
      model: MODEL,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { type: 'overloaded_error' },
    });
  });

  it('paces streamed events with chunkDelayMs, so tokens arrive over time', async () => {
    fakeAnthropic.server.script([
      fakeReply.text('one two three four five six seven eight', { chunkDelayMs: 30 }),
    ]);
    const stream = client().messages.stream({
      model: MODEL,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const arrivals: number[] = [];
    stream.on('text', () => arrivals.push(Date.now()));
    await stream.finalMessage();
    expect(arrivals.length).toBeGreaterThan(1);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('answers by forced tool with replyByTool, whatever order the calls come in', async () => {
    fakeAnthropic.server.script(
      replyByTool({
        record_weather: fakeReply.tool('record_weather', { city: 'Bergen', celsius: 9 }),
        record_plan: [
          fakeReply.tool('record_plan', { steps: 1 }),
          fakeReply.tool('record_plan', { steps: 2 }),
        ],
      }),
    );
    const force = (name: string) =>
      client().messages.create({
        model: MODEL,
        max_tokens: 50,
        tools: [weatherTool, { name: 'record_plan', input_schema: { type: 'object' } }],
        tool_choice: { type: 'tool', name },
        messages: [{ role: 'user', content: 'go' }],
      });
    const inputs = [];
    for (const name of ['record_plan', 'record_weather', 'record_plan', 'record_plan']) {
      const message = await force(name);
      inputs.push(message.content[0]?.type === 'tool_use' ? message.content[0].input : undefined);
    }
    expect(inputs).toEqual([{ steps: 1 }, { city: 'Bergen', celsius: 9 }, { steps: 2 }, { steps: 2 }]);
  });

  it('stops waiting on a delayed reply when the client aborts', async () => {
    fakeAnthropic.server.script([fakeReply.text('too late', { delayMs: 5_000 })]);
    const controller = new AbortController();
    // Abort once the fake holds the request (its reply taken), so nothing leaks into the next test.
    const waiting = setInterval(() => {
      if (fakeAnthropic.server.requests.length > 0) {
        clearInterval(waiting);
        controller.abort();
      }
    }, 5);
    const started = Date.now();
    const error = await client()
      .messages.create(
        { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
