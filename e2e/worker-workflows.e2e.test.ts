import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { type ServiceDoubleServer, serveServiceDouble } from '../api/testing/service-double-server.ts';
import type { WorkflowDefinition } from '../schemas/definitions.ts';
import type { RunDetail, RunList, RunStatus } from '../schemas/index.ts';
import { serverDatabase } from './support/database.ts';
import { startWorkerDev, type WorkerDev, workerSkipReason } from './support/worker-dev-process.ts';

// Workflows on the Cloudflare target (issue #9), under workerd (`wrangler dev --local`) against a
// fresh Postgres database: a workflow's state lives in its Durable Object (not in workflow_state),
// and a run that answers nobody is carried out by that object's alarm, not in the request's
// waitUntil, so it may take as long as the builder's plan allows. Local workerd does not cut a
// request's waitUntil work after 30 s as Cloudflare does: what shows the object ran it is its own
// log line, and that the run started after the request's answer had gone.

const skip = await workerSkipReason();
if (skip) console.info(`worker-workflows.e2e skipped: ${skip}`);

const HOOK_TOKEN = 'hook_canary_5e0a77c2d1';
/** Each call to the slow service takes this long: two of them pass a free plan's 30 s. */
const SLOW_MS = 17_000;
const SLOW_HOST = 'slow.fake.test';
/** A feed a polling trigger reads (answered at once, by the same local double). */
const FEED_HOST = 'feed.fake.test';
let feedItems: { id: string; title: string }[] = [];

const tokenTrigger = {
  kind: 'webhook',
  verification: { kind: 'token', header: 'X-Hook-Token', secretId: 'hook_token' },
  response: { mode: 'async' },
} as const;

const remembering: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Remember the last order',
  trigger: tokenTrigger,
  start: 'read',
  steps: [
    { id: 'read', label: 'Read', kind: 'state_get', key: '"last"', default: '"none"', next: 'write' },
    { id: 'write', label: 'Write', kind: 'state_set', key: '"last"', value: 'trigger.body.id' },
  ],
  connections: [],
  secrets: [{ id: 'hook_token', label: 'Hook token' }],
};

const slowCall = (id: string, next?: string) => ({
  id,
  label: `Ask the slow service (${id})`,
  kind: 'call_api' as const,
  connectionId: 'slow',
  method: 'GET' as const,
  path: `/report/${id}`,
  ...(next ? { next } : {}),
});

const slow: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Slow report',
  trigger: tokenTrigger,
  start: 'first',
  steps: [slowCall('first', 'second'), slowCall('second')],
  connections: [
    {
      id: 'slow',
      label: 'Slow service',
      provider: 'http',
      auth: { kind: 'none' },
      allowedHosts: [SLOW_HOST],
      baseUrl: `https://${SLOW_HOST}`,
    },
  ],
  secrets: [{ id: 'hook_token', label: 'Hook token' }],
};

const polling: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'New tickets',
  trigger: {
    kind: 'polling',
    connectionId: 'feed',
    request: { method: 'GET', path: '/items' },
    intervalMinutes: 1,
    items: 'response.body.items',
    dedupeKey: 'item.id',
  },
  start: 'note',
  steps: [
    { id: 'note', label: 'Note', kind: 'state_set', key: '"title_" + trigger.id', value: 'trigger.title' },
  ],
  connections: [
    {
      id: 'feed',
      label: 'Ticket feed',
      provider: 'http',
      auth: { kind: 'none' },
      allowedHosts: [FEED_HOST],
      baseUrl: `https://${FEED_HOST}`,
    },
  ],
};

const settled = (status: RunStatus) => status !== 'queued' && status !== 'running';

async function poll<T>(what: string, probe: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const suite = 'workflow state and asynchronous runs in Durable Objects, under workerd against Postgres';
describe.skipIf(skip)(skip ? `${suite} — skipped: ${skip}` : suite, () => {
  let stateDir: string;
  let database: Awaited<ReturnType<typeof serverDatabase>>;
  let sql: postgres.Sql;
  let service: ServiceDoubleServer;
  let dev: WorkerDev | undefined;
  let stopped: { lingering: string[] } | undefined;
  let builder: Builder;
  let W: string;

  const activate = async (definition: WorkflowDefinition) => {
    const created = await api(W, builder, 'POST', '/api/workflows', { definition });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    if (definition.secrets?.length) await putToken(id);
    const activated = await api(W, builder, 'POST', `/api/workflows/${id}/activate`);
    expect(activated.status, await activated.clone().text()).toBe(200);
    return id;
  };
  const putToken = async (id: string) => {
    const put = await api(W, builder, 'PUT', `/api/workflows/${id}/secrets/hook_token`, {
      value: HOOK_TOKEN,
    });
    expect(put.status).toBe(200);
  };
  const deliver = async (id: string, body: unknown) => {
    const response = await fetch(`${W}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-token': HOOK_TOKEN },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBe(202);
    return ((await response.json()) as { runId: string }).runId;
  };
  const ended = (id: string, runId: string, ms?: number) =>
    poll(
      `run ${runId} to end`,
      async () => {
        const response = await api(W, builder, 'GET', `/api/workflows/${id}/runs/${runId}`);
        const detail = (await response.json()) as RunDetail;
        return settled(detail.status) ? detail : null;
      },
      ms,
    ).catch(async (error: Error) => {
      // The run's row, and what the Worker and its objects logged (without the polling above).
      const [row] = await sql`select status, lease_until, steps from workflow_runs where id = ${runId}`;
      const logged = (dev?.output() ?? '').split('\n').filter((line) => !/\] GET \/api\//.test(line));
      throw new Error(`${error.message}: ${JSON.stringify(row)}\n${logged.slice(-40).join('\n')}`);
    });
  /** Its alarm claimed the run: the object's log line names it, once. */
  const claimedByObject = (runId: string) => {
    const lines = dev!
      .output()
      .split('\n')
      .filter((line) => line.includes('"event":"workflow_object_runs"') && line.includes(runId));
    return lines.length === 1 && lines[0]!.includes(`"claimed":["${runId}"]`);
  };
  const outputOf = (run: RunDetail, stepId: string) =>
    run.steps.find((step) => step.stepId === stepId)?.output;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'bp-worker-workflows-'));
    database = await serverDatabase(join(stateDir, 'unused'));
    sql = postgres(database.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    service = await serveServiceDouble(async (request) => {
      // By path: the Worker reaches a loopback double under its own address, not the host's name.
      const { pathname } = new URL(request.url);
      if (pathname === '/items') return Response.json({ items: feedItems });
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
      return Response.json({ report: pathname });
    });
    dev = await startWorkerDev({
      databaseUrl: database.env.DATABASE_URL!,
      stateDir,
      env: {
        OUTBOUND_DEV_HOSTS: [SLOW_HOST, FEED_HOST]
          .map((host) => `${host}=127.0.0.1:${service.port}`)
          .join(','),
      },
    });
    W = dev.url;
    builder = await signUpBuilder(dev.authUrl, 'worker-workflows');
    // 120 s a run, as the paid plan allows (the free plan's 30 s would stop the slow run).
    const paid = await sql`update profiles set plan = 'paid' where id = ${builder.id}`;
    expect(paid.count).toBe(1);
  }, 120_000);

  afterAll(async () => {
    stopped ??= await dev?.stop();
    await service?.close();
    await sql?.end({ timeout: 1 });
    await database?.drop();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  let remember: string;

  it("keeps a workflow's state in its Durable Object: a second delivery reads what the first set", async () => {
    remember = await activate(remembering);
    const first = await ended(remember, await deliver(remember, { id: 'ord-1' }));
    expect(first.status, first.error ?? '').toBe('succeeded');
    expect(outputOf(first, 'read')).toEqual({ value: 'none' });
    const second = await ended(remember, await deliver(remember, { id: 'ord-2' }));
    expect(second.status, second.error ?? '').toBe('succeeded');
    expect(outputOf(second, 'read')).toEqual({ value: 'ord-1' });
    // Not a row of workflow_state: the object holds it.
    const [rows] = await sql`select count(*)::int as n from workflow_state where workflow_id = ${remember}`;
    expect(rows!.n).toBe(0);
    expect(claimedByObject(first.id)).toBe(true);
    expect(claimedByObject(second.id)).toBe(true);

    // A re-run answers nobody either: its object carries it out, from the recorded results.
    const rerun = await api(W, builder, 'POST', `/api/workflows/${remember}/runs/${second.id}/rerun`, {
      fromStep: 'write',
    });
    expect(rerun.status, await rerun.clone().text()).toBe(202);
    const again = await ended(remember, ((await rerun.json()) as { runId: string }).runId);
    expect(again).toMatchObject({ status: 'succeeded', trigger: 'rerun' });
    expect(again.steps.map((step) => step.stepId)).toEqual(['write']);
    expect(again.steps[0]!.input).toEqual({ key: 'last', value: 'ord-2' });
    expect(claimedByObject(again.id)).toBe(true);
  });

  it("carries out a paid builder's 34 s run in the workflow's object, after the request has answered", async () => {
    const id = await activate(slow);
    const sent = Date.now();
    const runId = await deliver(id, { report: 'weekly' });
    const answered = Date.now();
    expect(answered - sent, 'the 202 does not wait for the run').toBeLessThan(5_000);
    const run = await ended(id, runId, 90_000);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['first', 'succeeded'],
      ['second', 'succeeded'],
    ]);
    expect(outputOf(run, 'second')).toMatchObject({ body: { report: '/report/second' } });
    expect(run.durationMs).toBeGreaterThanOrEqual(2 * SLOW_MS);
    expect(run.durationMs).toBeGreaterThan(30_000);
    expect(new Date(run.finishedAt!).getTime() - answered).toBeGreaterThan(30_000);
    // The object claimed it (its alarm logs the runs it took); nothing ran it in the request.
    expect(claimedByObject(runId)).toBe(true);
  }, 120_000);

  it('on a Cron Trigger, hands a run stored but never started to its object, and settles one that stopped', async () => {
    const [lost, stopped] = [crypto.randomUUID(), crypto.randomUUID()];
    const [row] = await sql`select user_id from workflow_definitions where id = ${remember}`;
    // As a lost hand-off and an object stopped mid-run leave them: their leases ran out.
    for (const [id, status, input] of [
      [lost, 'queued', { body: { id: 'ord-lost' } }],
      [stopped, 'running', { body: { id: 'ord-stopped' } }],
    ] as const)
      await sql`insert into workflow_runs (id, user_id, workflow_id, version, trigger, status, trigger_input, lease_until)
                values (${id}, ${row!.user_id}, ${remember}, 1, 'webhook', ${status}, ${sql.json(input)},
                        now() - interval '1 minute')`;
    expect((await fetch(`${W}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    const recovered = await ended(remember, lost);
    expect(recovered.status, recovered.error ?? '').toBe('succeeded');
    expect(outputOf(recovered, 'read')).toEqual({ value: 'ord-2' });
    expect(claimedByObject(lost)).toBe(true);
    const settledRun = await ended(remember, stopped);
    expect(settledRun.status).toBe('failed');
    expect(settledRun.error).toContain('stopped while this run was under way');
    expect(claimedByObject(stopped)).toBe(false);
  });

  it("keeps a polling trigger's seen items in the object, and runs each new item there once", async () => {
    feedItems = [{ id: 'a', title: 'Old' }];
    const id = await activate(polling);
    const runsOf = async () => {
      const response = await api(W, builder, 'GET', `/api/workflows/${id}/runs?limit=50`);
      return ((await response.json()) as RunList).runs;
    };
    // Each Cron Trigger finds the schedule due: the poll runs within the scheduled event.
    const tick = async () => {
      // Whole milliseconds, as the scheduler's own due times are (it moves on only from the time it claimed).
      const dueAt = new Date(Date.now() - 1_000);
      const due = await sql`update workflow_schedules set next_due_at = ${dueAt} where workflow_id = ${id}`;
      expect(due.count).toBe(1);
      expect((await fetch(`${W}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    };
    await tick(); // the first look is the baseline: what is there is not new
    expect(await runsOf()).toEqual([]);
    feedItems = [...feedItems, { id: 'b', title: 'New' }];
    await tick();
    const [run] = await poll('the new item to run', async () => {
      const runs = await runsOf();
      return runs.length === 1 && settled(runs[0]!.status) ? runs : null;
    });
    expect(run).toMatchObject({ trigger: 'polling', status: 'succeeded' });
    expect(claimedByObject(run!.id)).toBe(true);
    await tick(); // seen now: nothing runs again
    expect(await runsOf()).toHaveLength(1);
    // Neither the seen items nor the step's value are rows of workflow_state.
    const [rows] = await sql`select count(*)::int as n from workflow_state where workflow_id = ${id}`;
    expect(rows!.n).toBe(0);
  });

  it("clears the object's state when the workflow is deleted", async () => {
    // Through a test run (in the request, over the same object): the state is there before.
    const testRun = async () => {
      const response = await api(W, builder, 'POST', `/api/workflows/${remember}/test-run`, {
        trigger: { body: { id: 'probe' } },
      });
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as RunDetail;
    };
    expect(outputOf(await testRun(), 'read')).toEqual({ value: 'ord-lost' });
    const [owner] = await sql`select user_id, name from workflow_definitions where id = ${remember}`;
    expect((await api(W, builder, 'DELETE', `/api/workflows/${remember}`)).status).toBe(204);
    expect((await api(W, builder, 'GET', `/api/workflows/${remember}`)).status).toBe(404);

    // Nothing in the API reuses an id, so the same id is written back in SQL: the object named
    // by it answers as for a workflow never run.
    await sql.begin(async (tx) => {
      await tx`insert into workflow_definitions (id, user_id, name) values (${remember}, ${owner!.user_id}, ${owner!.name})`;
      await tx`insert into definition_versions (user_id, workflow_id, version, definition, author)
               values (${owner!.user_id}, ${remember}, 1, ${tx.json(remembering as never)}, 'builder')`;
    });
    expect(outputOf(await testRun(), 'read')).toEqual({ value: 'none' });
  });

  it('stops with no wrangler or workerd process left running', async () => {
    stopped = await dev!.stop();
    expect(stopped.lingering).toEqual([]);
  });
});
