import { describe, expect, it } from 'vitest';
import { callsTo, fakePorts, message, workflow } from './fake-ports.ts';
import { runWorkflow } from './index.ts';
import { RecordBudget } from './limits.ts';

const trigger = { body: {}, headers: {}, query: {} };

describe('recorded values are capped; the real values still flow', () => {
  it('a huge API answer is a truncation marker in the record, while later steps read all of it', async () => {
    const huge = 'x'.repeat(200_000);
    const fake = fakePorts({
      callConnection: async () => ({ status: 200, headers: {}, body: { text: huge } }),
    });
    const result = await runWorkflow(
      {
        definition: workflow([
          {
            id: 'get',
            label: 'Get',
            kind: 'call_api',
            connectionId: 'api',
            method: 'GET',
            path: '/big',
            next: 'say',
          },
          message('say', 'string(size(steps.get.body.text))'),
        ]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(result.status).toBe('succeeded');
    const output = result.steps[0]!.output as { truncated: boolean; bytes: number; preview: string };
    expect(output.truncated).toBe(true);
    expect(output.bytes).toBeGreaterThan(200_000);
    expect(output.preview.startsWith('{"status":200')).toBe(true);
    expect(output.preview.length).toBeLessThanOrEqual(500);
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request.text).toBe('200000');
    expect(JSON.stringify(result.steps).length).toBeLessThan(5_000);
  });

  it('counts bytes, not characters: multi-byte text over the cap is truncated', () => {
    const budget = new RecordBudget({ maxRecordedValueBytes: 100, maxRecordedRunBytes: 10_000 });
    expect(budget.record('é'.repeat(40))).toBe('é'.repeat(40));
    expect(budget.record('é'.repeat(60))).toMatchObject({ truncated: true, bytes: 122 });
  });

  it('once the run budget is spent, further values are markers with no preview', () => {
    const budget = new RecordBudget({ maxRecordedValueBytes: 1_000, maxRecordedRunBytes: 1_500 });
    expect(budget.record('a'.repeat(900))).toBe('a'.repeat(900));
    expect(budget.record('b'.repeat(900))).toEqual({
      truncated: true,
      bytes: 902,
      preview: `"${'b'.repeat(499)}`,
    });
    expect(budget.record({ small: 1 })).toEqual({ small: 1 });
    expect(budget.record('c'.repeat(200))).toEqual({ truncated: true, bytes: 202, preview: '' });
  });

  it('a value that cannot be written as JSON is recorded as a marker', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(
      new RecordBudget({ maxRecordedValueBytes: 1_000, maxRecordedRunBytes: 1_500 }).record(cyclic),
    ).toMatchObject({
      truncated: true,
    });
  });

  it('the whole run record stays bounded across many steps', async () => {
    const fake = fakePorts({
      callConnection: async () => ({ status: 200, headers: {}, body: 'y'.repeat(900) }),
    });
    const result = await runWorkflow(
      {
        definition: workflow([
          {
            id: 'each',
            label: 'Each',
            kind: 'for_each',
            items: 'trigger.body.list',
            maxItems: 100,
            body: 'get',
          },
          { id: 'get', label: 'Get', kind: 'call_api', connectionId: 'api', method: 'GET', path: '/x' },
        ]),
        trigger: { body: { list: Array.from({ length: 50 }, (_, i) => i) }, headers: {}, query: {} },
        timeoutMs: 30_000,
        limits: { maxRecordedRunBytes: 10_000 },
      },
      fake.ports,
    );
    expect(result.steps).toHaveLength(51);
    expect(JSON.stringify(result.steps).length).toBeLessThan(30_000);
    expect(result.steps.at(-1)!.output).toMatchObject({ truncated: true, preview: '' });
  });
});
