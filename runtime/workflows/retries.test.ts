import { describe, expect, it } from 'vitest';
import type { Step } from '../../schemas/definitions.ts';
import { callsTo, fakePorts, message, workflow } from './fake-ports.ts';
import { runWorkflow, StepFailure } from './index.ts';

const trigger = { body: {}, headers: {}, query: {} };

/** A send_message port that fails the first `failures` times with `error`. */
function flaky(failures: number, error: () => Error = () => new Error('503 from Slack')) {
  let n = 0;
  return fakePorts({
    sendMessage: async () => {
      if (n++ < failures) throw error();
      return { id: 'sent' };
    },
  });
}

const retried = (retry: Step['retry'], extra: Partial<Step> = {}) =>
  message('say', '"hi"', { retry, ...extra });

describe('retries', () => {
  it('retries up to retry.attempts in total with exponential backoff (delayMs * 2^(n-1))', async () => {
    const fake = flaky(3);
    const result = await runWorkflow(
      {
        definition: workflow([retried({ attempts: 4, backoff: 'exponential', delayMs: 1000 })]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(result.status).toBe('succeeded');
    expect(callsTo(fake.calls, 'sendMessage')).toHaveLength(4);
    expect(fake.sleeps).toEqual([1000, 2000, 4000]);
    expect(result.steps[0]).toMatchObject({ status: 'succeeded', attempts: 4, output: { id: 'sent' } });
  });

  it('fixed backoff waits delayMs each time; after the last attempt the run fails with the last error', async () => {
    const fake = flaky(10);
    const result = await runWorkflow(
      {
        definition: workflow([retried({ attempts: 3, backoff: 'fixed', delayMs: 500 })]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(callsTo(fake.calls, 'sendMessage')).toHaveLength(3);
    expect(fake.sleeps).toEqual([500, 500]);
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ stepId: 'say', code: 'step_failed', message: '503 from Slack' });
    expect(result.steps[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('a StepFailure with retryable=false is not retried and keeps its code', async () => {
    const fake = flaky(10, () => new StepFailure('host not allowed', 'host_not_allowed', false));
    const result = await runWorkflow(
      {
        definition: workflow([retried({ attempts: 5, backoff: 'fixed', delayMs: 100 })]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(callsTo(fake.calls, 'sendMessage')).toHaveLength(1);
    expect(fake.sleeps).toEqual([]);
    expect(result.error).toEqual({ stepId: 'say', code: 'host_not_allowed', message: 'host not allowed' });
  });

  it('an expression error is not retried', async () => {
    const fake = fakePorts();
    const result = await runWorkflow(
      {
        definition: workflow([
          message('say', 'trigger.body.missing', { retry: { attempts: 3, backoff: 'fixed', delayMs: 100 } }),
        ]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(result.error!.code).toBe('expression_error');
    expect(fake.sleeps).toEqual([]);
    expect(result.steps[0]!.attempts).toBe(1);
  });
});

describe('onError', () => {
  it('a failed step goes to its onError step; the run can still succeed', async () => {
    const fake = fakePorts({
      callConnection: async () => {
        throw new StepFailure('the API answered 500', 'http_500');
      },
    });
    const result = await runWorkflow(
      {
        definition: workflow([
          {
            id: 'call',
            label: 'Call',
            kind: 'call_api',
            connectionId: 'api',
            method: 'GET',
            path: '/x',
            onError: 'apologise',
            next: 'thank',
          },
          message('thank', '"thanks"'),
          message('apologise', '"sorry"'),
        ]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(result.status).toBe('succeeded');
    expect(result.error).toBeUndefined();
    expect(result.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['call', 'failed'],
      ['apologise', 'succeeded'],
    ]);
    expect(result.steps[0]!.error).toEqual({ code: 'http_500', message: 'the API answered 500' });
  });
});

describe('timeouts and cancellation', () => {
  const hang = () => new Promise<never>(() => {});

  it('a step whose port never answers fails with step_timeout after its timeoutMs, even ignoring the signal', async () => {
    const fake = fakePorts(
      { sendMessage: async (request) => (request.text === 'hi' ? hang() : { id: 'f' }) },
      { realTimers: true },
    );
    const began = Date.now();
    const result = await runWorkflow(
      {
        definition: workflow([
          message('say', '"hi"', { timeoutMs: 100, onError: 'fallback' }),
          message('fallback', '"late"'),
        ]),
        trigger,
        timeoutMs: 10_000,
      },
      fake.ports,
    );
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(result.steps[0]).toMatchObject({
      stepId: 'say',
      status: 'failed',
      error: { code: 'step_timeout', message: expect.stringContaining('100 ms') },
    });
    expect(result.steps[1]).toMatchObject({ stepId: 'fallback', status: 'succeeded' });
    expect(callsTo(fake.calls, 'sendMessage').map((c) => c.request.text)).toEqual(['hi', 'late']);
  });

  it('the port gets a signal that aborts at the step timeout', async () => {
    let seen: AbortSignal | undefined;
    const fake = fakePorts(
      {
        sendMessage: (_request, signal) => {
          seen = signal;
          return new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        },
      },
      { realTimers: true },
    );
    const result = await runWorkflow(
      {
        definition: workflow([message('say', '"hi"', { timeoutMs: 100 })]),
        trigger,
        timeoutMs: 10_000,
      },
      fake.ports,
    );
    expect(seen?.aborted).toBe(true);
    expect(result.error).toMatchObject({ stepId: 'say', code: 'step_timeout' });
  });

  it('the run deadline is a hard stop: the hanging step is cut off, the run is timed_out, no step starts after', async () => {
    const fake = fakePorts({ sendMessage: hang }, { realTimers: true });
    const result = await runWorkflow(
      {
        definition: workflow([
          message('say', '"hi"', { onError: 'fallback' }),
          message('fallback', '"never"'),
        ]),
        trigger,
        timeoutMs: 150,
      },
      fake.ports,
    );
    expect(result.status).toBe('timed_out');
    expect(result.error).toMatchObject({ stepId: 'say', code: 'run_timeout' });
    expect(result.steps.map((s) => s.stepId)).toEqual(['say']);
    expect(callsTo(fake.calls, 'sendMessage')).toHaveLength(1);
  });

  it('when the clock passes the run deadline between steps, no further step starts', async () => {
    const fake = fakePorts({
      sendMessage: async () => {
        fake.clock.now += 20_000; // a slow answer
        return { id: 'x' };
      },
    });
    const result = await runWorkflow(
      {
        definition: workflow([
          message('one', '"1"', { next: 'two' }),
          message('two', '"2"', { next: 'three' }),
          message('three', '"3"'),
        ]),
        trigger,
        timeoutMs: 30_000,
      },
      fake.ports,
    );
    expect(result.status).toBe('timed_out');
    expect(result.steps.map((s) => s.stepId)).toEqual(['one', 'two']);
    expect(result.steps[1]!.durationMs).toBe(20_000);
  });

  it('aborting input.signal ends the run as failed with code cancelled', async () => {
    const cancel = new AbortController();
    const fake = fakePorts({
      sendMessage: async () => {
        cancel.abort();
        return { id: 'x' };
      },
    });
    const result = await runWorkflow(
      {
        definition: workflow([message('one', '"1"', { next: 'two' }), message('two', '"2"')]),
        trigger,
        timeoutMs: 30_000,
        signal: cancel.signal,
      },
      fake.ports,
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'cancelled' });
    expect(callsTo(fake.calls, 'sendMessage')).toHaveLength(1);
  });
});
