import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { RunDetail, RunList } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Webhook-triggered workflows through real HTTP: a signed delivery runs, a bad signature is a
// 401 with no run, a retried delivery runs once, sync answers come from the respond step, and
// the runs API shows every step. The signing secret never appears in a run or a log.

const SECRET = 'whsec_canary_7f3a9c2e41b8';

function orderHook(mode: 'sync' | 'async'): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Order hook',
    trigger: {
      kind: 'webhook',
      verification: {
        kind: 'hmac',
        header: 'X-Signature',
        algorithm: 'sha256',
        prefix: 'sha256=',
        secretId: 'signing',
      },
      response: mode === 'sync' ? { mode: 'sync', timeoutMs: 5000 } : { mode: 'async' },
      idempotencyKey: 'headers["x-delivery-id"]',
    },
    start: 'remember',
    steps: [
      {
        id: 'remember',
        label: 'Remember the last order',
        kind: 'state_set',
        key: '"last_order"',
        value: 'trigger.body.id',
        next: 'size',
      },
      {
        id: 'size',
        label: 'Big order?',
        kind: 'condition',
        branches: [{ id: 'big', label: 'Big', when: 'trigger.body.amount > 100.0', next: 'answer_big' }],
        otherwise: 'answer_small',
      },
      ...(mode === 'sync'
        ? ([
            {
              id: 'answer_big',
              label: 'Big',
              kind: 'respond',
              status: 200,
              body: '{"size": "big", "id": trigger.body.id}',
            },
            { id: 'answer_small', label: 'Small', kind: 'respond', status: 200, body: '{"size": "small"}' },
          ] as const)
        : ([
            { id: 'answer_big', label: 'Big', kind: 'state_set', key: '"size"', value: '"big"' },
            { id: 'answer_small', label: 'Small', kind: 'state_set', key: '"size"', value: '"small"' },
          ] as const)),
    ],
    connections: [],
    secrets: [{ id: 'signing', label: 'Signing secret' }],
  };
}

/**
 * The sync order hook made only of steps that touch nothing outside (set values, condition,
 * respond) and without an idempotency key: nothing to look up before running, so its run is
 * stored once, at its end.
 */
function selfContainedOrderHook(): WorkflowDefinition {
  const definition = orderHook('sync');
  definition.steps[0] = {
    id: 'remember',
    label: 'Map the order',
    kind: 'map',
    values: [{ name: 'id', value: 'trigger.body.id' }],
    next: 'size',
  };
  const { idempotencyKey: _none, ...trigger } = definition.trigger as Extract<
    WorkflowDefinition['trigger'],
    { kind: 'webhook' }
  >;
  definition.trigger = trigger;
  return definition;
}

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let db: Db;
let server: TestServer;
let builder: Builder;

async function activeWorkflow(definition: WorkflowDefinition): Promise<string> {
  const created = await api(server.url, builder, 'POST', '/api/workflows', { definition });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const secret = await api(server.url, builder, 'PUT', `/api/workflows/${id}/secrets/signing`, {
    value: SECRET,
  });
  expect(secret.status).toBe(200);
  const activated = await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`);
  expect(activated.status, await activated.clone().text()).toBe(200);
  return id;
}

function deliver(id: string, payload: unknown, headers: Record<string, string> = {}) {
  const body = JSON.stringify(payload);
  return fetch(`${server.url}/hooks/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': sign(body), ...headers },
    body,
  });
}

async function runsOf(id: string): Promise<RunList['runs']> {
  const response = await api(server.url, builder, 'GET', `/api/workflows/${id}/runs?limit=200`);
  expect(response.status).toBe(200);
  return ((await response.json()) as RunList).runs;
}

async function runOf(id: string, runId: string): Promise<RunDetail> {
  const response = await api(server.url, builder, 'GET', `/api/workflows/${id}/runs/${runId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as RunDetail;
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'hook-builder');
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('webhook deliveries', () => {
  it('answers a signed sync delivery from the respond step and records every step', async () => {
    const id = await activeWorkflow(orderHook('sync'));
    const response = await deliver(id, { id: 'ord-1', amount: 250 }, { 'x-delivery-id': 'd-1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ size: 'big', id: 'ord-1' });
    const runId = response.headers.get('x-run-id')!;
    const run = await runOf(id, runId);
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toBe('webhook');
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['remember', 'succeeded'],
      ['size', 'succeeded'],
      ['answer_big', 'succeeded'],
    ]);
    expect(run.steps[1]!.branch).toBe('big');
    expect(run.steps.every((s) => s.attempts === 1 && s.durationMs >= 0)).toBe(true);
  });

  it('stores a run that touched nothing outside once it has answered (set values, condition, respond)', async () => {
    const definition = selfContainedOrderHook();
    const id = await activeWorkflow(definition);
    const response = await deliver(id, { id: 'ord-9', amount: 9 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ size: 'small' });
    const run = await runOf(id, response.headers.get('x-run-id')!);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s) => s.stepId)).toEqual(['remember', 'size', 'answer_small']);
    expect(run.steps[0]!.output).toEqual({ id: 'ord-9' });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(run.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
  });

  it('refuses a bad or missing signature with 401 and stores no run', async () => {
    const id = await activeWorkflow(orderHook('async'));
    const body = JSON.stringify({ id: 'ord-2', amount: 5 });
    const forged = await fetch(`${server.url}/hooks/${id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature': sign(body, 'not-the-secret'),
        'x-delivery-id': 'd-2',
      },
      body,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${server.url}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-delivery-id': 'd-3' },
      body,
    });
    expect(unsigned.status).toBe(401);
    // The signature covers the body: the same signature on another body is refused.
    const tampered = await fetch(`${server.url}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': sign(body), 'x-delivery-id': 'd-4' },
      body: JSON.stringify({ id: 'ord-2', amount: 5000 }),
    });
    expect(tampered.status).toBe(401);
    expect(await runsOf(id)).toEqual([]);
  });

  it('runs a retried delivery once (idempotency key) and answers 202 with the same run', async () => {
    const id = await activeWorkflow(orderHook('async'));
    const first = await deliver(id, { id: 'ord-3', amount: 10 }, { 'x-delivery-id': 'same' });
    const again = await deliver(id, { id: 'ord-3', amount: 10 }, { 'x-delivery-id': 'same' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const a = (await first.json()) as { runId: string };
    const b = (await again.json()) as { runId: string };
    expect(b.runId).toBe(a.runId);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    await server.workflows.runner.drain();
    const runs = await runsOf(id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('succeeded');
  });

  it('has no run for an inactive workflow and none after deactivation', async () => {
    const id = await activeWorkflow(orderHook('async'));
    const off = await api(server.url, builder, 'POST', `/api/workflows/${id}/deactivate`);
    expect(off.status).toBe(200);
    const response = await deliver(id, { id: 'ord-4', amount: 1 }, { 'x-delivery-id': 'd-5' });
    expect(response.status).toBe(404);
    expect(await runsOf(id)).toEqual([]);
  });

  it('keeps the signing secret out of runs, answers and logs', async () => {
    const id = await activeWorkflow(orderHook('sync'));
    // A sender that (wrongly) also puts the secret in a header and the body.
    const response = await deliver(
      id,
      { id: SECRET, amount: 500 },
      { 'x-delivery-id': 'd-6', 'x-echo': SECRET },
    );
    expect(response.status).toBe(200);
    const runId = response.headers.get('x-run-id')!;
    const run = await runOf(id, runId);
    const everything = JSON.stringify(run) + JSON.stringify(await runsOf(id)) + server.logLines.join('\n');
    expect(everything).not.toContain(SECRET);
    expect(JSON.stringify(run.triggerInput)).toContain('[redacted]');
  });
});

describe('limits', () => {
  it('refuses a body over 1 MB with 413 and runs nothing', async () => {
    const id = await activeWorkflow(orderHook('async'));
    const response = await deliver(
      id,
      { id: 'big', amount: 1, pad: 'x'.repeat(1_100_000) },
      { 'x-delivery-id': 'big' },
    );
    expect(response.status).toBe(413);
    expect(await runsOf(id)).toEqual([]);
  });

  it('runs 100 executions an hour on the free plan, then answers 429 naming the limit', async () => {
    const owner = builder;
    builder = await signUpBuilder(server.url, 'hook-hourly');
    try {
      const definition = selfContainedOrderHook();
      const id = await activeWorkflow(definition);
      for (let i = 0; i < 100; i++) {
        const ok = await deliver(id, { id: `o-${i}`, amount: 1 });
        expect(ok.status, `delivery ${i}`).toBe(200);
      }
      const refused = await deliver(id, { id: 'o-100', amount: 1 });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as {
        error: { message: string; limit: { name: string; max: number } };
      };
      expect(body.error.limit).toMatchObject({ name: 'workflow_executions_per_hour', max: 100 });
      expect(body.error.message).toMatch(/100 times this hour/);
      expect(await runsOf(id)).toHaveLength(100);

      // A schedule due now is not run either, but the builder sees why in its run list (once).
      const cron = await api(server.url, builder, 'POST', '/api/workflows', {
        definition: {
          ...orderHook('async'),
          trigger: { kind: 'cron', cron: '0 * * * *', timezone: 'UTC' },
          start: 'mark',
          steps: [
            { id: 'mark', label: 'Mark', kind: 'state_set', key: '"at"', value: 'trigger.scheduledAt' },
          ],
          secrets: [],
        },
      });
      const { id: cronId } = (await cron.json()) as { id: string };
      expect((await api(server.url, builder, 'POST', `/api/workflows/${cronId}/activate`)).status).toBe(200);
      const due = {
        workflowId: cronId,
        userId: builder.id,
        kind: 'cron' as const,
        dueAt: new Date('2026-11-26T10:00:00Z'),
      };
      await server.workflows.fire(due);
      await server.workflows.fire(due);
      const refusedRuns = await runsOf(cronId);
      expect(refusedRuns).toHaveLength(1);
      expect(refusedRuns[0]).toMatchObject({ trigger: 'cron', status: 'failed' });
      expect(refusedRuns[0]!.error).toMatch(/^Not run: .*100 times this hour/);
    } finally {
      builder = owner;
    }
  });
});

describe('message events', () => {
  const chatWorkflow = (): WorkflowDefinition => ({
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Urgent chat messages',
    trigger: {
      kind: 'message',
      connectionId: 'chat',
      event: 'message.created',
      filter: 'trigger.text.contains("urgent")',
    },
    start: 'keep',
    steps: [{ id: 'keep', label: 'Keep it', kind: 'state_set', key: '"last"', value: 'trigger.text' }],
    connections: [
      {
        id: 'chat',
        label: 'Chat',
        provider: 'chat',
        auth: { kind: 'none' },
        allowedHosts: ['chat.example.com'],
      },
    ],
    secrets: [{ id: 'inbound', label: 'Inbound token' }],
  });
  const send = (id: string, event: unknown, token?: string) =>
    fetch(`${server.url}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-webhook-token': token } : {}) },
      body: JSON.stringify(event),
    });

  it('needs the inbound token, runs only for its event and filter', async () => {
    const created = await api(server.url, builder, 'POST', '/api/workflows', { definition: chatWorkflow() });
    const { id } = (await created.json()) as { id: string };
    const blocked = await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`);
    expect(blocked.status).toBe(422);
    expect(
      ((await blocked.json()) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId),
    ).toContain('workflow.secret-not-set');
    await api(server.url, builder, 'PUT', `/api/workflows/${id}/secrets/inbound`, { value: SECRET });
    expect((await api(server.url, builder, 'POST', `/api/workflows/${id}/activate`)).status).toBe(200);

    const urgent = { event: 'message.created', message: { text: 'urgent: the till is down' } };
    expect((await send(id, urgent)).status).toBe(401);
    expect((await send(id, urgent, 'wrong-token-value')).status).toBe(401);
    const other = await send(id, { event: 'message.deleted', message: { text: 'urgent' } }, SECRET);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ ignored: true });
    const calm = await send(id, { event: 'message.created', message: { text: 'all good' } }, SECRET);
    expect(await calm.json()).toMatchObject({ ignored: true });
    const started = await send(id, urgent, SECRET);
    expect(started.status).toBe(202);
    await server.workflows.runner.drain();
    const runs = await runsOf(id);
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['message', 'succeeded']]);
  });
});

describe('runs, re-runs and test runs', () => {
  it('test-runs the draft with a sample payload and lists it as a manual run', async () => {
    const created = await api(server.url, builder, 'POST', '/api/workflows', {
      definition: orderHook('sync'),
    });
    const { id } = (await created.json()) as { id: string };
    const response = await api(server.url, builder, 'POST', `/api/workflows/${id}/test-run`, {
      trigger: { body: { id: 'sample', amount: 20 }, headers: {}, query: {} },
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as RunDetail;
    expect(run.trigger).toBe('manual');
    expect(run.status).toBe('succeeded');
    expect(run.steps.at(-1)!.stepId).toBe('answer_small');
    expect((await runsOf(id)).map((r) => r.id)).toEqual([run.id]);
  });

  it('re-runs from a step with the recorded results of the steps before it', async () => {
    const id = await activeWorkflow(orderHook('sync'));
    const response = await deliver(id, { id: 'ord-5', amount: 7 }, { 'x-delivery-id': 'd-7' });
    const runId = response.headers.get('x-run-id')!;
    const rerun = await api(server.url, builder, 'POST', `/api/workflows/${id}/runs/${runId}/rerun`, {
      fromStep: 'size',
    });
    expect(rerun.status).toBe(202);
    const { runId: again } = (await rerun.json()) as { runId: string };
    await server.workflows.runner.drain();
    const run = await runOf(id, again);
    expect(run.trigger).toBe('rerun');
    expect(run.rerunOf).toEqual({ runId, fromStep: 'size' });
    expect(run.steps.map((s) => s.stepId)).toEqual(['size', 'answer_small']);
    const unknown = await api(server.url, builder, 'POST', `/api/workflows/${id}/runs/${runId}/rerun`, {
      fromStep: 'nope',
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/fromStep/);
  });

  it("keeps one builder's runs from another", async () => {
    const id = await activeWorkflow(orderHook('sync'));
    const response = await deliver(id, { id: 'ord-6', amount: 1 }, { 'x-delivery-id': 'd-8' });
    const runId = response.headers.get('x-run-id')!;
    const stranger = await signUpBuilder(server.url, 'hook-stranger');
    expect((await api(server.url, stranger, 'GET', `/api/workflows/${id}/runs`)).status).toBe(404);
    expect((await api(server.url, stranger, 'GET', `/api/workflows/${id}/runs/${runId}`)).status).toBe(404);
    expect((await api(server.url, stranger, 'POST', `/api/workflows/${id}/activate`)).status).toBe(404);
    expect(
      (await api(server.url, stranger, 'POST', `/api/workflows/${id}/test-run`, { trigger: {} })).status,
    ).toBe(404);
  });
});
