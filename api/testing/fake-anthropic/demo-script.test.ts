import { describe, expect, it } from 'vitest';
import { demoReply, sampleFromSchema } from './demo-script.ts';
import { fakeAnthropicForFile } from './lifecycle.ts';

const KEY = 'sk-ant-fake-valid-key';
const MODEL = 'claude-test-model';
const fakeAnthropic = fakeAnthropicForFile([KEY]);

const client = fakeAnthropic.client;

describe('the demo script', () => {
  it('answers a forced tool call with an input that satisfies the tool schema', async () => {
    fakeAnthropic.server.script(demoReply);
    const schema = {
      type: 'object' as const,
      properties: {
        label: { type: 'string', enum: ['urgent', 'later'] },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
        when: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { type: 'string', minLength: 3 }, minItems: 2 },
        owner: { $ref: '#/$defs/person' },
      },
      required: ['label', 'confidence', 'when', 'tags', 'owner'],
      $defs: { person: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    };
    const message = await client().messages.create({
      model: MODEL,
      max_tokens: 100,
      tools: [{ name: 'triage', input_schema: schema }],
      tool_choice: { type: 'tool', name: 'triage' },
      messages: [{ role: 'user', content: 'triage this' }],
    });
    expect(message.content[0]).toMatchObject({
      type: 'tool_use',
      name: 'triage',
      input: {
        label: 'urgent',
        confidence: 0,
        when: '2026-01-15',
        tags: ['sample', 'sample'],
        owner: { name: 'sample' },
      },
    });
  });

  it('derives values within numeric and length bounds', () => {
    expect(sampleFromSchema({ type: 'integer', exclusiveMinimum: 3 })).toBe(4);
    expect(sampleFromSchema({ type: 'number', minimum: 10, maximum: 20 })).toBe(10);
    expect(sampleFromSchema({ type: 'string', maxLength: 3 })).toBe('sam');
    expect(sampleFromSchema({ anyOf: [{ type: 'null' }, { type: 'boolean' }] })).toBe(true);
  });
});
