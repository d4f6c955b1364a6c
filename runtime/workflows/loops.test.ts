import { describe, expect, it } from 'vitest';
import type { Step } from '../../schemas/definitions.ts';
import { callsTo, fakePorts, message, workflow } from './fake-ports.ts';
import { runWorkflow } from './index.ts';

const forEach = (id: string, items: string, body: string, extra: Partial<Step> = {}): Step =>
  ({ id, label: id, kind: 'for_each', items, maxItems: 100, body, ...extra }) as Step;

const run = (steps: Step[], trigger: unknown, fake = fakePorts(), limits = {}) =>
  runWorkflow({ definition: workflow(steps), trigger, timeoutMs: 30_000, limits }, fake.ports);

describe('condition', () => {
  const steps: Step[] = [
    {
      id: 'route',
      label: 'Route',
      kind: 'condition',
      branches: [
        { id: 'big', label: 'Big', when: 'trigger.body.amount > 100', next: 'big_one' },
        { id: 'small', label: 'Small', when: 'trigger.body.amount > 10', next: 'small_one' },
      ],
      otherwise: 'tiny_one',
      next: undefined,
    },
    message('big_one', '"big"'),
    message('small_one', '"small " + steps.route.branch'),
    message('tiny_one', '"tiny"'),
  ];
  const route = async (amount: number) => {
    const fake = fakePorts();
    const result = await run(steps, { body: { amount }, headers: {}, query: {} }, fake);
    return { result, texts: callsTo(fake.calls, 'sendMessage').map((c) => c.request.text) };
  };

  it('takes the first branch whose condition is true and records it', async () => {
    const { result, texts } = await route(500);
    expect(texts).toEqual(['big']);
    expect(result.steps[0]).toMatchObject({ stepId: 'route', branch: 'big', output: { branch: 'big' } });
    expect((await route(50)).texts).toEqual(['small small']);
  });

  it('takes otherwise when no branch matches', async () => {
    const { result, texts } = await route(5);
    expect(texts).toEqual(['tiny']);
    expect(result.steps[0]!.branch).toBe('otherwise');
  });

  it('without otherwise, no match ends the run successfully', async () => {
    const withoutOtherwise = steps.map((s) => (s.kind === 'condition' ? { ...s, otherwise: undefined } : s));
    const fake = fakePorts();
    const result = await runWorkflow(
      {
        definition: workflow(withoutOtherwise, { unchecked: true }),
        trigger: { body: { amount: 1 } },
        timeoutMs: 1000,
      },
      fake.ports,
    );
    expect(result.status).toBe('succeeded');
    expect(fake.calls).toEqual([]);
  });
});

describe('for_each', () => {
  it('runs the body once per item with item and index, then continues with next', async () => {
    const fake = fakePorts();
    const result = await run(
      [
        forEach('each', 'trigger.body.names', 'greet', { next: 'done' }),
        message('greet', 'string(index) + ":" + item', { next: 'echo' }),
        message('echo', '"sent " + steps.greet.id'),
        message('done', '"done " + string(steps.each.count)'),
      ],
      { body: { names: ['ann', 'bob'] }, headers: {}, query: {} },
      fake,
    );
    expect(result.status).toBe('succeeded');
    expect(callsTo(fake.calls, 'sendMessage').map((c) => c.request.text)).toEqual([
      '0:ann',
      'sent msg_1',
      '1:bob',
      'sent msg_3',
      'done 2',
    ]);
    expect(result.steps.map((s) => [s.stepId, s.item])).toEqual([
      ['each', undefined],
      ['greet', 0],
      ['echo', 0],
      ['greet', 1],
      ['echo', 1],
      ['done', undefined],
    ]);
    expect(result.steps[0]).toMatchObject({ output: { count: 2 }, input: { items: ['ann', 'bob'] } });
  });

  it('nested loops: the inner item and index are the innermost loop’s', async () => {
    const fake = fakePorts();
    await run(
      [
        forEach('rows', 'trigger.body.rows', 'cols'),
        forEach('cols', 'item', 'cell'),
        message('cell', 'string(index) + "=" + item'),
      ],
      { body: { rows: [['a', 'b'], ['c']] }, headers: {}, query: {} },
      fake,
    );
    expect(callsTo(fake.calls, 'sendMessage').map((c) => c.request.text)).toEqual(['0=a', '1=b', '0=c']);
  });

  it('more items than maxItems fails the step with an error naming the limit, before any item runs', async () => {
    const fake = fakePorts();
    const result = await run(
      [forEach('each', 'trigger.body.names', 'greet', { maxItems: 2 }), message('greet', 'item')],
      { body: { names: ['a', 'b', 'c'] }, headers: {}, query: {} },
      fake,
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ stepId: 'each', code: 'too_many_items' });
    expect(result.error!.message).toContain('limit of 2 (maxItems)');
    expect(fake.calls).toEqual([]);
  });

  it('items that are not a list fail the step', async () => {
    const result = await run([forEach('each', 'trigger.body.names', 'greet'), message('greet', 'item')], {
      body: { names: 'ann' },
      headers: {},
      query: {},
    });
    expect(result.error).toMatchObject({ stepId: 'each', code: 'invalid_items' });
  });

  it('stops a run past its step budget with step_budget', async () => {
    const fake = fakePorts();
    const result = await run(
      [forEach('each', 'trigger.body.names', 'greet'), message('greet', 'item')],
      { body: { names: ['a', 'b', 'c', 'd', 'e'] }, headers: {}, query: {} },
      fake,
      { maxStepExecutions: 4 },
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ stepId: 'greet', code: 'step_budget' });
    expect(result.error!.message).toContain('4 step executions');
    expect(callsTo(fake.calls, 'sendMessage')).toHaveLength(3);
  });

  it('the default budget of 10,000 executions stops nested loops of 1,000 × 1,000', async () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => i);
    const fake = fakePorts();
    const result = await run(
      [
        forEach('rows', 'trigger.body.list', 'cols', { maxItems: 1000 }),
        forEach('cols', 'trigger.body.list', 'cell', { maxItems: 1000 }),
        { id: 'cell', label: 'Cell', kind: 'state_get', key: '"k"' },
      ],
      { body: { list: thousand }, headers: {}, query: {} },
      fake,
    );
    expect(result.error).toMatchObject({ code: 'step_budget' });
    expect(result.steps).toHaveLength(10_000);
  });
});
