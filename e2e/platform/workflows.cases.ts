import { expect, it } from 'vitest';
import { api } from '../../api/testing/builders.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { ActivationResult, RunDetail, RunList, RunStatus } from '../../schemas/index.ts';
import { deliver, orderHook, SIGNING_SECRET } from '../support/order-hook.ts';
import { poll, type SuiteContext } from './context.ts';

const HOOK_TOKEN = 'hook_canary_91c4e07b5d';

/** Async, verified by a shared token; reads what the run before it stored, then stores its own. */
const tokenHook: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Order hook',
  trigger: {
    kind: 'webhook',
    verification: { kind: 'token', header: 'X-Hook-Token', secretId: 'hook_token' },
    response: { mode: 'async' },
  },
  start: 'previous',
  steps: [
    {
      id: 'previous',
      label: 'Last order',
      kind: 'state_get',
      key: '"last_order"',
      default: '"none"',
      next: 'remember',
    },
    { id: 'remember', label: 'Remember', kind: 'state_set', key: '"last_order"', value: 'trigger.body.id' },
  ],
  connections: [],
  secrets: [{ id: 'hook_token', label: 'Hook token' }],
};

const everyMinute: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Every minute',
  trigger: { kind: 'cron', cron: '* * * * *', timezone: 'UTC' },
  start: 'tick',
  steps: [{ id: 'tick', label: 'Tick', kind: 'map', values: [{ name: 'at', value: 'trigger.scheduledAt' }] }],
  connections: [],
};

const settled = (status: RunStatus) => status !== 'queued' && status !== 'running';

/** Webhook workflows (a token-verified async one, an HMAC-signed sync one) and a cron workflow. */
export function workflowCases(ctx: SuiteContext) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await api(ctx.target().url, await ctx.owner(), method, path, body);
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return response.json();
  };
  const activate = async (definition: WorkflowDefinition, secret?: { id: string; value: string }) => {
    const { id } = (await call('POST', '/api/workflows', { definition })) as { id: string };
    if (secret) await call('PUT', `/api/workflows/${id}/secrets/${secret.id}`, { value: secret.value });
    const activated = (await call('POST', `/api/workflows/${id}/activate`)) as ActivationResult;
    expect(activated.status).toBe('active');
    return { id, activated };
  };
  const runsOf = async (id: string) =>
    ((await call('GET', `/api/workflows/${id}/runs?limit=50`)) as RunList).runs;
  const settledRun = (id: string, runId: string) =>
    poll(`run ${runId} to end`, async () => {
      const run = (await call('GET', `/api/workflows/${id}/runs/${runId}`)) as RunDetail;
      return settled(run.status) ? run : null;
    });

  it('runs a token-verified async webhook workflow, refuses a wrong token, and keeps the token out of the run', async () => {
    const { url } = ctx.target();
    const { id, activated } = await activate(tokenHook, { id: 'hook_token', value: HOOK_TOKEN });
    expect(activated.webhookUrl).toMatch(new RegExp(`/hooks/${id}$`));
    const post = (orderId: string, token?: string) =>
      fetch(`${url}/hooks/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-hook-token': token } : {}) },
        body: JSON.stringify({ id: orderId }),
      });
    expect((await post('ord-0', 'not-the-token')).status).toBe(401);
    expect((await post('ord-0')).status).toBe(401);
    expect(await runsOf(id)).toEqual([]);

    const runs: RunDetail[] = [];
    for (const orderId of ['ord-7', 'ord-8']) {
      const accepted = await post(orderId, HOOK_TOKEN);
      expect(accepted.status).toBe(202);
      runs.push(await settledRun(id, ((await accepted.json()) as { runId: string }).runId));
    }
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'succeeded', trigger: 'webhook' });
      expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
        ['previous', 'succeeded'],
        ['remember', 'succeeded'],
      ]);
      expect(JSON.stringify(run)).not.toContain(HOOK_TOKEN);
    }
    // The workflow's state carries from one run to the next (read through the runs, not the table).
    expect(runs.map((run) => run.steps[0]!.output)).toEqual([{ value: 'none' }, { value: 'ord-7' }]);
    expect(await runsOf(id)).toHaveLength(2);
  });

  it('answers a signed sync webhook from its respond step, and refuses a bad signature', async () => {
    const { url } = ctx.target();
    const { id } = await activate(orderHook, { id: 'signing', value: SIGNING_SECRET });
    const big = await deliver(url, id, { customer: 'Ada', amount: 250 }, 'delivery-1');
    expect(big.status, await big.clone().text()).toBe(200);
    expect(await big.json()).toEqual({ size: 'big', customer: 'Ada' });
    const small = await deliver(url, id, { customer: 'Bo', amount: 20 }, 'delivery-2');
    expect(await small.json()).toEqual({ size: 'small' });

    const body = JSON.stringify({ customer: 'Eve', amount: 999 });
    const forged = await fetch(`${url}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': `sha256=${'0'.repeat(64)}` },
      body,
    });
    expect(forged.status).toBe(401);
    const runs = await runsOf(id);
    expect(runs.map((run) => [run.trigger, run.status])).toEqual([
      ['webhook', 'succeeded'],
      ['webhook', 'succeeded'],
    ]);
    // Newest first: the last is the first delivery, the big order, answered by its branch.
    const detail = (await call('GET', `/api/workflows/${id}/runs/${runs.at(-1)!.id}`)) as RunDetail;
    expect(detail.steps.map((s) => s.stepId)).toEqual(['shape', 'size', 'answer_big']);
    expect(JSON.stringify(runs) + JSON.stringify(detail)).not.toContain(SIGNING_SECRET);
  });

  it('fires a cron workflow once for its due time on one scheduler tick, and not again on the next', async () => {
    const { schedulerTick, asOwner } = ctx.target();
    const { id } = await activate(everyMinute);
    const schedule = async () => {
      const [row] = await asOwner<{ next_due_at: Date | string; last_due_at: Date | string | null }>(
        'select next_due_at, last_due_at from workflow_schedules where workflow_id = $1',
        [id],
      );
      return { next: new Date(row!.next_due_at), last: row!.last_due_at && new Date(row!.last_due_at) };
    };
    // Activation plans the next whole minute.
    expect((await schedule()).next.getTime() % 60_000).toBe(0);
    // Due at the start of this minute: one firing, the next due at the next minute. Near the end
    // of a minute, wait for the next, so a second firing cannot become due during the test.
    await poll(
      'a minute with time to spare',
      async () => (new Date().getUTCSeconds() < 50 ? true : null),
      20_000,
    );
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const moved = await asOwner(
      'update workflow_schedules set next_due_at = $2 where workflow_id = $1 returning 1',
      [id, due],
    );
    expect(moved).toHaveLength(1);

    await schedulerTick();
    const [run] = await poll('the cron run to end', async () => {
      const list = await runsOf(id);
      return list.length > 0 && list.every((r) => settled(r.status)) ? list : null;
    });
    const detail = (await call('GET', `/api/workflows/${id}/runs/${run!.id}`)) as RunDetail;
    expect(detail).toMatchObject({ trigger: 'cron', status: 'succeeded' });
    expect(detail.triggerInput).toEqual({ scheduledAt: due.toISOString() });
    expect(detail.steps[0]!.output).toEqual({ at: due.toISOString() });
    expect(await schedule()).toEqual({ next: new Date(due.getTime() + 60_000), last: due });

    // Nothing is due until the next minute: a second tick starts nothing (its pass is awaited).
    await schedulerTick();
    expect(await runsOf(id)).toHaveLength(1);
  });
}
