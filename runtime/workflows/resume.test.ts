import { describe, expect, it } from 'vitest';
import type { Step } from '../../schemas/definitions.ts';
import { callsTo, fakePorts, message, workflow } from './fake-ports.ts';
import { runWorkflow, stepsBefore } from './index.ts';

const steps: Step[] = [
  {
    id: 'fetch',
    label: 'Fetch',
    kind: 'call_api',
    connectionId: 'api',
    method: 'GET',
    path: '/order',
    next: 'route',
  },
  {
    id: 'route',
    label: 'Route',
    kind: 'condition',
    branches: [{ id: 'paid', label: 'Paid', when: 'steps.fetch.body.paid', next: 'thank' }],
    otherwise: 'remind',
  },
  message('thank', '"thanks for order " + steps.fetch.body.id', { next: 'log' }),
  message('remind', '"please pay " + steps.fetch.body.id', { next: 'log' }),
  { id: 'log', label: 'Log', kind: 'state_set', key: '"last"', value: 'steps.fetch.body.id', next: 'each' },
  {
    id: 'each',
    label: 'Each',
    kind: 'for_each',
    items: 'steps.fetch.body.lines',
    maxItems: 10,
    body: 'line',
  },
  message('line', 'item'),
];
const definition = workflow(steps);
const trigger = { body: {}, headers: {}, query: {} };

describe('stepsBefore', () => {
  it('lists the steps that run before a step on every path, not those of one branch', () => {
    expect(stepsBefore(definition, 'thank')).toEqual({ ok: true, value: ['fetch', 'route'] });
    expect(stepsBefore(definition, 'log')).toEqual({ ok: true, value: ['fetch', 'route'] });
    expect(stepsBefore(definition, 'fetch')).toEqual({ ok: true, value: [] });
  });

  it('refuses a step inside a for-each body, naming the loop to re-run from', () => {
    const result = stepsBefore(definition, 'line');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('re-run from "each"');
  });

  it('refuses an unknown step', () => {
    expect(stepsBefore(definition, 'nope')).toMatchObject({
      ok: false,
      error: expect.stringContaining('"nope"'),
    });
  });
});

describe('re-running from a step', () => {
  const recorded = { fetch: { status: 200, headers: {}, body: { id: 'o7', paid: true, lines: ['x', 'y'] } } };

  it('starts at the step with the recorded outputs; earlier steps are not called again', async () => {
    const fake = fakePorts();
    const result = await runWorkflow(
      { definition, trigger, timeoutMs: 30_000, resume: { fromStep: 'route', outputs: recorded } },
      fake.ports,
    );
    expect(result.status).toBe('succeeded');
    expect(callsTo(fake.calls, 'callConnection')).toEqual([]);
    expect(result.steps.map((s) => s.stepId)).toEqual(['route', 'thank', 'log', 'each', 'line', 'line']);
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request.text).toBe('thanks for order o7');
    expect(fake.state.get('last')).toBe('o7');
  });

  it('fails at once when a needed output is missing', async () => {
    const fake = fakePorts();
    const result = await runWorkflow(
      { definition, trigger, timeoutMs: 30_000, resume: { fromStep: 'log', outputs: recorded } },
      fake.ports,
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({
      code: 'missing_outputs',
      message: expect.stringContaining('"route"'),
    });
    expect(fake.calls).toEqual([]);
  });

  it('refuses to start inside a for-each body', async () => {
    const result = await runWorkflow(
      { definition, trigger, timeoutMs: 30_000, resume: { fromStep: 'line', outputs: recorded } },
      fakePorts().ports,
    );
    expect(result.error).toMatchObject({ code: 'invalid_resume' });
  });
});
