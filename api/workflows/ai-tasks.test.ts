import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type AiTaskRequest, StepFailure } from '../../runtime/workflows/ports.ts';
import { demoReply } from '../testing/fake-anthropic/demo-script.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { startFakeAnthropic } from '../testing/fake-anthropic/server.ts';
import { anthropicAiTasks } from './ai-tasks.ts';

// The AI step port against the local fake Anthropic server, through the real @anthropic-ai/sdk.

const KEY = 'sk-ant-api03-CANARY-7f3a9c1e5b2d4f6a8c0e';
const fakeAnthropic = fakeAnthropicForFile([KEY]);

function port(openKey: () => Promise<string | null> = async () => KEY) {
  return anthropicAiTasks({ openKey, baseURL: fakeAnthropic.server.url, model: 'claude-test' });
}

function aiRequest(
  ai: AiTaskRequest['ai'],
  input: unknown,
  extra: Partial<AiTaskRequest> = {},
): AiTaskRequest {
  return { stepId: 'triage', ai, input, signal: new AbortController().signal, ...extra };
}

const classify: AiTaskRequest['ai'] = { task: 'classify', labels: ['billing', 'bug', 'other'] };
const summarise: AiTaskRequest['ai'] = { task: 'summarise', maxWords: 10 };

async function failureOf(promise: Promise<unknown>): Promise<StepFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected the AI step to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StepFailure);
  return error as StepFailure;
}

describe('AI steps: each task as a forced tool call, parsed with Zod', () => {
  it('classify: forces its tool, sends the label enum, caches the system prompt, counts every token', async () => {
    fakeAnthropic.server.script([
      fakeReply.tool(
        'record_classification',
        { label: 'billing', confidence: 0.92 },
        {
          usage: {
            input_tokens: 40,
            cache_creation_input_tokens: 300,
            cache_read_input_tokens: 0,
            output_tokens: 12,
          },
        },
      ),
    ]);
    const result = await port()(
      aiRequest(classify, { subject: 'Invoice charged twice' }, { instructions: 'Be strict' }),
    );
    expect(result).toEqual({
      output: { label: 'billing', confidence: 0.92 },
      tokens: { input: 340, output: 12 },
    });
    const body = fakeAnthropic.server.requests[0]?.body;
    expect(body?.tool_choice).toEqual({ type: 'tool', name: 'record_classification' });
    const schema = body?.tools?.[0]?.input_schema as {
      properties: Record<string, { enum?: string[] }>;
      required: string[];
    };
    expect(schema.properties.label?.enum).toEqual(['billing', 'bug', 'other']);
    expect(schema.required.sort()).toEqual(['confidence', 'label']);
    expect(schema).not.toHaveProperty('$schema');
    expect(body?.system).toEqual([expect.objectContaining({ cache_control: { type: 'ephemeral' } })]);
    const prompt = JSON.stringify(body?.messages);
    expect(prompt).toContain('Invoice charged twice');
    expect(prompt).toContain('Be strict');
  });

  it('extract: sends each field with its type, requires only the required ones, fills the missing with null', async () => {
    const ai: AiTaskRequest['ai'] = {
      task: 'extract',
      fields: [
        { name: 'customer', type: 'string', required: true },
        { name: 'amount', type: 'number' },
        { name: 'due', type: 'date' },
        { name: 'paid', type: 'boolean' },
        { name: 'items', type: 'string_list' },
      ],
    };
    fakeAnthropic.server.script([
      fakeReply.tool('record_extracted_fields', {
        customer: 'ACME',
        amount: 12.5,
        due: '2026-12-01',
        items: ['bolts'],
      }),
    ]);
    const result = await port()(aiRequest(ai, 'ACME owes 12.50 for bolts by 1 Dec 2026'));
    expect(result.output).toEqual({
      customer: 'ACME',
      amount: 12.5,
      due: '2026-12-01',
      paid: null,
      items: ['bolts'],
    });
    const schema = fakeAnthropic.server.requests[0]?.body?.tools?.[0]?.input_schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(schema.required).toEqual(['customer']);
    expect(JSON.stringify(schema.properties.amount)).toContain('number');
    expect(JSON.stringify(schema.properties.items)).toContain('array');
    expect(fakeAnthropic.server.requests[0]?.body?.tool_choice).toEqual({
      type: 'tool',
      name: 'record_extracted_fields',
    });
  });

  it('summarise: accepts a summary within maxWords', async () => {
    fakeAnthropic.server.script([
      fakeReply.tool('record_summary', { summary: 'Customer was charged twice for one invoice.' }),
    ]);
    const result = await port()(aiRequest(summarise, 'A long complaint…'));
    expect(result.output).toEqual({ summary: 'Customer was charged twice for one invoice.' });
    expect(fakeAnthropic.server.requests[0]?.body?.tool_choice).toEqual({
      type: 'tool',
      name: 'record_summary',
    });
  });

  it('decide: sends the option ids as an enum and returns the chosen one with its reason', async () => {
    const ai: AiTaskRequest['ai'] = {
      task: 'decide',
      options: [
        { id: 'refund', description: 'Refund the customer' },
        { id: 'escalate', description: 'Hand to a person' },
      ],
    };
    fakeAnthropic.server.script([
      fakeReply.tool('record_decision', { optionId: 'refund', reason: 'A clear double charge.' }),
    ]);
    const result = await port()(aiRequest(ai, { amount: 20 }));
    expect(result.output).toEqual({ optionId: 'refund', reason: 'A clear double charge.' });
    const schema = fakeAnthropic.server.requests[0]?.body?.tools?.[0]?.input_schema as {
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.properties.optionId?.enum).toEqual(['refund', 'escalate']);
  });
});

describe('AI steps against the hand-started demo script', () => {
  it('gets a valid output for every task kind from the schema-derived demo answers', async () => {
    fakeAnthropic.server.script(demoReply);
    const tasks: AiTaskRequest['ai'][] = [
      classify,
      summarise,
      {
        task: 'extract',
        fields: [
          { name: 'due', type: 'date', required: true },
          { name: 'total', type: 'number' },
        ],
      },
      {
        task: 'decide',
        options: [
          { id: 'approve', description: 'Approve' },
          { id: 'reject', description: 'Reject' },
        ],
      },
    ];
    const outputs = [];
    for (const ai of tasks) outputs.push((await port()(aiRequest(ai, 'demo input'))).output);
    expect(outputs).toEqual([
      { label: 'billing', confidence: 0 },
      { summary: 'sample' },
      { due: '2026-01-15', total: 0 },
      { optionId: 'approve', reason: 'sample' },
    ]);
    expect(fakeAnthropic.server.requests).toHaveLength(4); // no repair was needed
  });
});

describe('AI steps: malformed answers', () => {
  it('sends the Zod problems back once as an error tool_result, and takes the repaired answer', async () => {
    fakeAnthropic.server.script([
      fakeReply.tool('record_classification', { label: 'invoice', confidence: 3 }),
      fakeReply.tool('record_classification', { label: 'bug', confidence: 0.6 }),
    ]);
    const result = await port()(aiRequest(classify, 'the app crashes'));
    expect(result.output).toEqual({ label: 'bug', confidence: 0.6 });
    expect(fakeAnthropic.server.requests).toHaveLength(2);
    const repair = fakeAnthropic.server.requests[1]?.body?.messages ?? [];
    expect(repair.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    const assistantCall = (repair[1]?.content as Array<{ type: string; id?: string }> | undefined)?.[0];
    const toolResult = (repair[2]?.content as Array<Record<string, unknown>> | undefined)?.[0];
    expect(toolResult).toMatchObject({ type: 'tool_result', is_error: true, tool_use_id: assistantCall?.id });
    expect(String(toolResult?.content)).toContain('label');
    expect(String(toolResult?.content)).toContain('confidence');
    expect(result.tokens.input).toBeGreaterThan(0);
  });

  it('fails with ai_invalid_output naming the problem after one repair', async () => {
    const tooLong = 'one two three four five six seven eight nine ten eleven twelve';
    fakeAnthropic.server.script([
      fakeReply.tool('record_summary', { summary: tooLong }),
      fakeReply.tool('record_summary', { summary: tooLong }),
    ]);
    const failure = await failureOf(port()(aiRequest(summarise, 'text')));
    expect(failure.code).toBe('ai_invalid_output');
    expect(failure.message).toContain('summary: must be at most 10 words, it has 12');
    expect(fakeAnthropic.server.requests).toHaveLength(2);
  });
});

describe('AI steps: errors a builder can act on', () => {
  it('without a key fails with ai_key_missing, not retryable, and calls nobody', async () => {
    const failure = await failureOf(port(async () => null)(aiRequest(classify, 'x')));
    expect(failure).toMatchObject({
      code: 'ai_key_missing',
      retryable: false,
      message: 'Add your Anthropic key in Settings',
    });
    expect(fakeAnthropic.server.requests).toHaveLength(0);
  });

  it('maps 401 to ai_key_rejected (not retryable), 429 and 529 to retryable failures', async () => {
    const rejected = await failureOf(port(async () => 'sk-ant-revoked')(aiRequest(classify, 'x')));
    expect(rejected).toMatchObject({ code: 'ai_key_rejected', retryable: false });
    fakeAnthropic.server.script([fakeReply.rateLimited(12), fakeReply.overloaded(), fakeReply.serverError()]);
    const limited = await failureOf(port()(aiRequest(classify, 'x')));
    expect(limited).toMatchObject({ code: 'ai_rate_limited', retryable: true });
    expect(limited.message).toContain('12 s');
    expect(await failureOf(port()(aiRequest(classify, 'x')))).toMatchObject({
      code: 'ai_overloaded',
      retryable: true,
    });
    expect(await failureOf(port()(aiRequest(classify, 'x')))).toMatchObject({
      code: 'ai_unavailable',
      retryable: true,
    });
    // No SDK retries underneath: one request per failure, the step's retry policy decides.
    expect(fakeAnthropic.server.requests).toHaveLength(4);
  });

  it("maps a refused request (400) to a non-retryable failure carrying the API's own reason", async () => {
    fakeAnthropic.server.script([fakeReply.invalidRequest('max_tokens: must be at most 8192')]);
    const failure = await failureOf(port()(aiRequest(classify, 'x')));
    expect(failure).toMatchObject({
      code: 'ai_request_refused',
      retryable: false,
      message: 'Anthropic refused the request: max_tokens: must be at most 8192',
    });
  });

  it('stops waiting when the step signal aborts', async () => {
    fakeAnthropic.server.script([
      fakeReply.tool('record_classification', { label: 'bug', confidence: 1 }, { delayMs: 5_000 }),
    ]);
    const controller = new AbortController();
    // Abort once the fake holds the request (its reply taken), so nothing leaks into the next test.
    const waiting = setInterval(() => {
      if (fakeAnthropic.server.requests.length > 0) {
        clearInterval(waiting);
        controller.abort();
      }
    }, 5);
    const started = Date.now();
    const failure = await failureOf(port()(aiRequest(classify, 'x', { signal: controller.signal })));
    expect(failure.code).toBe('ai_aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("rethrows the executor's own abort reason and sends nothing when already aborted", async () => {
    const timeout = new StepFailure('Step timed out after 100 ms', 'step_timeout');
    const failure = await failureOf(port()(aiRequest(classify, 'x', { signal: AbortSignal.abort(timeout) })));
    expect(failure).toBe(timeout);
    expect(fakeAnthropic.server.requests).toHaveLength(0);
  });
});

describe('AI steps: the key never leaks', () => {
  it('keeps a canary key out of every prompt, output and error, even when the input carries it', async () => {
    const seen: string[] = [];
    const capture = (value: unknown) => {
      seen.push(JSON.stringify(value) ?? '', String(value), inspect(value, { depth: 10 }));
      if (value instanceof Error) seen.push(value.message, value.stack ?? '');
    };
    const input = { note: `my key is ${KEY}`, body: 'refund please' };
    fakeAnthropic.server.script([
      fakeReply.tool('record_classification', { label: 'billing', confidence: 0.5 }),
      fakeReply.invalidRequest(`messages.0: unexpected value near ${KEY}`),
      fakeReply.rateLimited(5),
      fakeReply.tool('record_summary', {
        summary: 'far too many words in this one summary for the tiny limit set',
      }),
      fakeReply.tool('record_summary', {
        summary: 'still far too many words in this one summary for the limit',
      }),
    ]);
    capture(await port()(aiRequest(classify, input, { instructions: `never share ${KEY}` })));
    capture(await port()(aiRequest(classify, input)).catch((e: unknown) => e));
    capture(await port()(aiRequest(classify, input)).catch((e: unknown) => e));
    capture(await port()(aiRequest(summarise, input)).catch((e: unknown) => e));
    // A server that no longer accepts the key (revoked): the 401 path.
    const revoked = await startFakeAnthropic({ keys: ['sk-ant-someone-else'] });
    try {
      const revokedPort = anthropicAiTasks({ openKey: async () => KEY, baseURL: revoked.url });
      capture(await revokedPort(aiRequest(classify, input)).catch((e: unknown) => e));
      expect(revoked.requests).toHaveLength(1);
      expect(revoked.requests[0]?.rawBody).not.toContain(KEY);
    } finally {
      await revoked.close();
    }
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) expect(text).not.toContain(KEY);
    expect(fakeAnthropic.server.requests).toHaveLength(5);
    for (const request of fakeAnthropic.server.requests) expect(request.rawBody).not.toContain(KEY);
    expect(fakeAnthropic.server.requests[0]?.rawBody).toContain('my key is [redacted]');
  });
});
