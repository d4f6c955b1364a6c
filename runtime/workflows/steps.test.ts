import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../schemas/api/workflow-runs.ts';
import type { Step } from '../../schemas/definitions.ts';
import { callsTo, fakePorts, message, workflow } from './fake-ports.ts';
import { runWorkflow } from './index.ts';

const trigger = { body: { id: 'a/b c', name: 'Ada', email: 'ada@example.com' }, headers: {}, query: {} };
const run = (steps: Step[], fake = fakePorts(), extra: { trigger?: unknown } = {}) =>
  runWorkflow(
    { definition: workflow(steps), trigger: extra.trigger ?? trigger, timeoutMs: 30_000 },
    fake.ports,
  );

describe('each step kind calls its port with the evaluated request and gives its output', () => {
  it('call_api: fills and URL-encodes path placeholders, evaluates query, headers and body', async () => {
    const fake = fakePorts({
      callConnection: async () => ({ status: 201, headers: { etag: 'x' }, body: { created: 'c1' } }),
    });
    const result = await run(
      [
        {
          id: 'call',
          label: 'Call',
          kind: 'call_api',
          connectionId: 'api',
          method: 'POST',
          path: '/users/{{ trigger.body.id }}/notes',
          query: [{ name: 'limit', value: '10' }],
          headers: [{ name: 'X-Name', value: 'trigger.body.name' }],
          body: '{"who": trigger.body.name}',
          next: 'after',
        },
        message('after', '"created " + steps.call.body.created + " with " + string(steps.call.status)'),
      ],
      fake,
    );
    expect(result.status).toBe('succeeded');
    expect(callsTo(fake.calls, 'callConnection')[0]!.request).toEqual({
      connectionId: 'api',
      method: 'POST',
      path: '/users/a%2Fb%20c/notes',
      query: [['limit', '10']],
      headers: [['X-Name', 'Ada']],
      body: { who: 'Ada' },
    });
    expect(result.steps[0]).toMatchObject({
      stepId: 'call',
      kind: 'call_api',
      status: 'succeeded',
      attempts: 1,
      input: { path: '/users/a%2Fb%20c/notes' },
      output: { status: 201, body: { created: 'c1' }, headers: { etag: 'x' } },
      startedAt: '2026-03-05T07:00:00.000Z',
    });
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request.text).toBe('created c1 with 201');
  });

  it('send_message: to, subject and text; its output is the sent id', async () => {
    const fake = fakePorts();
    const result = await run(
      [
        message('mail', '"Hi " + trigger.body.name', {
          to: 'trigger.body.email',
          subject: '"Welcome"',
        } as Partial<Step>),
      ],
      fake,
    );
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request).toEqual({
      connectionId: 'slack',
      to: 'ada@example.com',
      subject: 'Welcome',
      text: 'Hi Ada',
    });
    expect(result.steps[0]!.output).toEqual({ id: 'msg_1' });
  });

  it('create_record and update_record: evaluated values; output is the record id', async () => {
    const fake = fakePorts();
    const result = await run(
      [
        {
          id: 'create',
          label: 'Create',
          kind: 'create_record',
          appId: 'crm',
          tableId: 'contacts',
          values: [{ fieldId: 'name', value: 'trigger.body.name' }],
          next: 'update',
        },
        {
          id: 'update',
          label: 'Update',
          kind: 'update_record',
          appId: 'crm',
          tableId: 'contacts',
          recordId: 'steps.create.id',
          values: [{ fieldId: 'email', value: 'trigger.body.email' }],
        },
      ],
      fake,
    );
    expect(result.status).toBe('succeeded');
    expect(fake.calls).toEqual([
      { port: 'createRecord', appId: 'crm', tableId: 'contacts', values: { name: 'Ada' } },
      {
        port: 'updateRecord',
        appId: 'crm',
        tableId: 'contacts',
        recordId: 'rec_1',
        values: { email: 'ada@example.com' },
      },
    ]);
    expect(result.steps.map((s) => s.output)).toEqual([{ id: 'rec_1' }, { id: 'rec_1' }]);
  });

  it('state_get gives the stored value, the default when never set, else null; state_set stores', async () => {
    const steps: Step[] = [
      { id: 'count', label: 'Count', kind: 'state_get', key: '"n"', default: '0', next: 'bump' },
      {
        id: 'bump',
        label: 'Bump',
        kind: 'state_set',
        key: '"n"',
        value: 'steps.count.value + 1',
        next: 'other',
      },
      { id: 'other', label: 'Other', kind: 'state_get', key: '"never"' },
    ];
    const fake = fakePorts();
    const first = await run(steps, fake);
    expect(first.steps.map((s) => s.output)).toEqual([{ value: 0 }, {}, { value: null }]);
    expect(fake.state.get('n')).toBe(1);
    const second = await run(steps, fake);
    expect(second.steps[0]!.output).toEqual({ value: 1 });
    expect(fake.state.get('n')).toBe(2);
  });

  it('ai: passes input, instructions and task; its output feeds later steps; tokens are summed', async () => {
    const fake = fakePorts({
      runAiTask: async (request) => ({
        output: request.stepId === 'sort' ? { label: 'urgent', confidence: 0.9 } : { summary: 'short' },
        tokens: { input: 100, output: 7 },
      }),
    });
    const result = await run(
      [
        {
          id: 'sort',
          label: 'Sort',
          kind: 'ai',
          input: 'trigger.body.name',
          instructions: 'Sort it',
          ai: { task: 'classify', labels: ['urgent', 'later'] },
          next: 'sum',
        },
        {
          id: 'sum',
          label: 'Sum',
          kind: 'ai',
          input: 'steps.sort.label',
          ai: { task: 'summarise', maxWords: 10 },
          next: 'say',
        },
        message('say', 'steps.sum.summary'),
      ],
      fake,
    );
    expect(callsTo(fake.calls, 'runAiTask')[0]!.request).toEqual({
      stepId: 'sort',
      input: 'Ada',
      instructions: 'Sort it',
      ai: { task: 'classify', labels: ['urgent', 'later'] },
    });
    expect(callsTo(fake.calls, 'runAiTask')[1]!.request.input).toBe('urgent');
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request.text).toBe('short');
    expect(result.tokens).toEqual({ input: 200, output: 14 });
  });

  it('respond: sets the response and the run goes on to its next step', async () => {
    const fake = fakePorts();
    const definition = workflow(
      [
        {
          id: 'answer',
          label: 'Answer',
          kind: 'respond',
          status: 202,
          headers: [{ name: 'X-Id', value: 'trigger.body.id' }],
          body: '{"hello": trigger.body.name}',
          next: 'after',
        },
        message('after', '"answered " + string(steps.answer.status)'),
      ],
      {
        trigger: {
          kind: 'webhook',
          verification: { kind: 'none' },
          response: { mode: 'sync', timeoutMs: 5000 },
        },
      },
    );
    const answered: unknown[] = [];
    const result = await runWorkflow(
      {
        definition,
        trigger,
        timeoutMs: 30_000,
        onRespond: (response) => answered.push([response, fake.calls.length]),
      },
      fake.ports,
    );
    expect(result.response).toEqual({ status: 202, headers: { 'X-Id': 'a/b c' }, body: { hello: 'Ada' } });
    expect(answered).toEqual([[result.response, 0]]);
    expect(callsTo(fake.calls, 'sendMessage')[0]!.request.text).toBe('answered 202');
  });

  it('records every step through onStep, in order, awaited before the next step starts', async () => {
    const fake = fakePorts();
    const seen: string[] = [];
    await runWorkflow(
      {
        definition: workflow([message('one', '"1"', { next: 'two' }), message('two', '"2"')]),
        trigger,
        timeoutMs: 30_000,
        onStep: async (record: StepRecord) => {
          await Promise.resolve();
          seen.push(`${record.stepId}:${record.status}:${fake.calls.length}`);
        },
      },
      fake.ports,
    );
    expect(seen).toEqual(['one:succeeded:1', 'two:succeeded:2']);
  });
});

describe('expression errors', () => {
  it('reading a missing field fails the step with a message naming the field, without calling the port', async () => {
    const fake = fakePorts();
    const result = await run([message('say', '"Hi " + trigger.body.nickname')], fake);
    expect(result.status).toBe('failed');
    expect(fake.calls).toEqual([]);
    expect(result.error).toMatchObject({ stepId: 'say', code: 'expression_error' });
    expect(result.error!.message).toMatch(/^text: .*nickname/);
    expect(result.steps[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'expression_error' },
    });
  });

  it('a value of the wrong kind for a text field is an expression error', async () => {
    const result = await run([message('say', 'trigger.body.count')], fakePorts(), {
      trigger: { body: { count: 3 }, headers: {}, query: {} },
    });
    expect(result.error).toMatchObject({
      code: 'expression_error',
      message: expect.stringContaining('must give text'),
    });
  });
});
