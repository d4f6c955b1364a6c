import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { fakeAnthropicForFile } from './lifecycle.ts';
import { fakeReply } from './script.ts';

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

describe('fake Anthropic: the request checks the real API makes', () => {
  it('refuses a request without anthropic-version or with a forced tool that was not declared', async () => {
    const raw = await fetch(`${fakeAnthropic.server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
    const error = await client()
      .messages.create({
        model: MODEL,
        max_tokens: 5,
        tools: [weatherTool],
        tool_choice: { type: 'tool', name: 'other_tool' },
        messages: [{ role: 'user', content: 'hi' }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String(error)).toContain("no tool named 'other_tool'");
  });

  it('refuses a tool_result that answers no tool_use of the previous turn, and more than 4 cache breakpoints', async () => {
    fakeAnthropic.server.script([fakeReply.text('unused'), fakeReply.text('unused')]);
    const mismatched = await client()
      .messages.create({
        model: MODEL,
        max_tokens: 10,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'weather?' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_a', name: 'record_weather', input: {} }],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_a', content: 'ok' },
              { type: 'tool_result', tool_use_id: 'toolu_b', content: 'bad', is_error: true },
            ],
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(mismatched).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String(mismatched)).toContain('unexpected `tool_use_id` found in `tool_result` blocks: toolu_b.');
    const marked = { type: 'text' as const, text: 'part', cache_control: { type: 'ephemeral' as const } };
    const tooMany = await client()
      .messages.create({
        model: MODEL,
        max_tokens: 10,
        system: [marked, marked, marked],
        messages: [{ role: 'user', content: [marked, marked] }],
      })
      .catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String(tooMany)).toContain('Found 5');
  });
});
