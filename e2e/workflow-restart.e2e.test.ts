import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { freePort } from '../api/testing/test-server.ts';
import type { WorkflowDefinition } from '../schemas/definitions.ts';
import type { RunDetail, RunList } from '../schemas/index.ts';
import { type CrashableServer, startCrashableServer } from './support/crashable-server.ts';
import { serverDatabase } from './support/database.ts';
import { startHeldService } from './support/held-service.ts';
import { withOfflineDatabase } from './support/offline-database.ts';

// The "kill the server in the middle of runs and schedules": the real process is killed
// with SIGKILL while a webhook run waits on an outside API and while a cron due time is missed.
// After a restart the interrupted run is failed (not silently run again: its first call may have
// had effects), a run stored but never started is started, the missed due time fires once, and
// new deliveries run as before.

const SECRET = 'whsec_restart_3b9d1f';
const LEASE_MS = 2000;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

const orderHook: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Order to the slow service',
  trigger: {
    kind: 'webhook',
    verification: {
      kind: 'hmac',
      header: 'X-Signature',
      algorithm: 'sha256',
      prefix: 'sha256=',
      secretId: 'signing',
    },
    response: { mode: 'async' },
    idempotencyKey: 'headers["x-delivery-id"]',
  },
  start: 'remember',
  steps: [
    {
      id: 'remember',
      label: 'Remember the order',
      kind: 'state_set',
      key: '"last_order"',
      value: 'trigger.body.id',
      next: 'tell_service',
    },
    {
      id: 'tell_service',
      label: 'Tell the slow service',
      kind: 'call_api',
      connectionId: 'service',
      method: 'POST',
      path: '/slow',
      body: '{"order": trigger.body.id}',
      next: 'done',
    },
    { id: 'done', label: 'Done', kind: 'state_set', key: '"last_sent"', value: 'trigger.body.id' },
  ],
  connections: [
    {
      id: 'service',
      label: 'Slow service',
      provider: 'slow_service',
      auth: { kind: 'api_key', placement: 'header', name: 'X-Api-Key' },
      allowedHosts: ['api.fake.test'],
      baseUrl: 'https://api.fake.test',
    },
  ],
  secrets: [{ id: 'signing', label: 'Signing secret' }],
};

const everyMinute: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Every minute',
  trigger: { kind: 'cron', cron: '* * * * *', timezone: 'UTC' },
  start: 'tick',
  steps: [{ id: 'tick', label: 'Tick', kind: 'state_set', key: '"ticked"', value: 'true' }],
  connections: [],
};

/** Polls until `probe` returns a value (not undefined), or fails saying what was awaited. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a server killed in the middle of runs and schedules', () => {
  it('fails the interrupted run honestly, starts the never-started one, and fires the missed due time once', {
    timeout: 120_000,
  }, async () => {
    const service = await startHeldService();
    cleanups.push(() => service.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'bp-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await serverDatabase(dataDir);
    cleanups.push(database.drop);
    const env = {
      ...database.env,
      WORKFLOW_RUN_LEASE_MS: String(LEASE_MS),
      OUTBOUND_DEV_HOSTS: `api.fake.test=127.0.0.1:${service.port}`,
    };
    // Same port across the restart: the builder's token names the address as its issuer.
    const port = await freePort();
    let server: CrashableServer = await startCrashableServer(env, port);
    cleanups.push(() => server.stop());
    const builder: Builder = await signUpBuilder(server.url, 'crash-builder');

    const call = async <T>(method: string, path: string, body?: unknown, status = 200): Promise<T> => {
      const response = await api(server.url, builder, method, path, body);
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(status);
      return JSON.parse(text) as T;
    };
    const run = (workflowId: string, runId: string) =>
      call<RunDetail>('GET', `/api/workflows/${workflowId}/runs/${runId}`);
    const runs = async (workflowId: string) =>
      (await call<RunList>('GET', `/api/workflows/${workflowId}/runs`)).runs;
    const deliver = (workflowId: string, order: string) => {
      const body = JSON.stringify({ id: order });
      return fetch(`${server.url}/hooks/${workflowId}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
          'x-delivery-id': `delivery-${order}`,
        },
        body,
      });
    };
    const settled = (workflowId: string, runId: string) =>
      until(`run ${runId} to finish`, async () => {
        const detail = await run(workflowId, runId);
        return detail.status === 'queued' || detail.status === 'running' ? undefined : detail;
      });
    const hitsFor = (order: string) =>
      service.hits.filter((hit) => hit.url === '/slow' && JSON.parse(hit.body).order === order).length;

    // The webhook workflow, its key connection bound and its signing secret set.
    const connection = await call<{ id: string }>(
      'POST',
      '/api/connections',
      {
        name: 'Slow service',
        provider: 'slow_service',
        allowedHosts: ['api.fake.test'],
        apiKey: 'sk_slow_0001',
      },
      201,
    );
    const hookId = (await call<{ id: string }>('POST', '/api/workflows', { definition: orderHook }, 201)).id;
    await call('PUT', `/api/workflows/${hookId}/connections/service`, { connectionId: connection.id });
    await call('PUT', `/api/workflows/${hookId}/secrets/signing`, { value: SECRET });
    await call('POST', `/api/workflows/${hookId}/activate`);

    // The cron workflow. Every minute up to its activation was never due for it, so the minute
    // at or before activation is a due time no process can have fired before the crash.
    const cronId = (await call<{ id: string }>('POST', '/api/workflows', { definition: everyMinute }, 201))
      .id;
    const missedDue = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await call('POST', `/api/workflows/${cronId}/activate`);

    // A delivery whose run is under way: its first step recorded, its call to /slow held open.
    const accepted = await deliver(hookId, 'ord-1');
    expect(accepted.status).toBe(202);
    const interruptedId = ((await accepted.json()) as { runId: string }).runId;
    await until('the held /slow call', async () => (hitsFor('ord-1') === 1 ? true : undefined));
    await until('the run to be recorded as running after its first step', async () => {
      const detail = await run(hookId, interruptedId);
      return detail.status === 'running' && detail.steps.some((s) => s.stepId === 'remember')
        ? true
        : undefined;
    });

    await server.crash();

    // While the server is down: the cron workflow's due time passes, and a run is left stored but
    // never started (as a crash between storing a run and starting it leaves one).
    const queuedId = randomUUID();
    const before = await withOfflineDatabase(env, async (query) => {
      await query(
        'update workflow_schedules set next_due_at = $2::timestamptz where workflow_id = $1::uuid',
        [cronId, missedDue.toISOString()],
      );
      await query(
        `insert into workflow_runs (id, user_id, workflow_id, version, trigger, status, trigger_input, lease_until)
         select $1::uuid, user_id, id, active_version, 'manual', 'queued', '{"left": "queued"}'::jsonb,
           now() - interval '1 minute'
         from workflow_definitions where id = $2::uuid`,
        [queuedId, cronId],
      );
      return query<{ status: string }>('select status from workflow_runs where id = $1', [interruptedId]);
    });
    // The crash left the run as it was: nothing but recovery can settle it now.
    expect(before).toEqual([{ status: 'running' }]);

    service.release();
    const restartedAt = Date.now();
    server = await startCrashableServer(env, port);

    // The interrupted run: failed, saying where it stopped, within a few leases of being up (its
    // lease has usually run out while the process starts, and startup recovery settles it).
    const upAt = Date.now();
    const interrupted = await settled(hookId, interruptedId);
    expect(Date.now() - upAt).toBeLessThan(3 * LEASE_MS + 2000);
    expect(interrupted.status).toBe('failed');
    expect(interrupted.error).toMatch(/server stopped/);
    expect(interrupted.error).toMatch(/after step "remember"/);
    expect(interrupted.steps.map((s) => [s.stepId, s.status])).toEqual([['remember', 'succeeded']]);

    // The run that never started: started now, and finished.
    const queued = await settled(cronId, queuedId);
    expect(queued.status).toBe('succeeded');
    expect(queued.steps.map((s) => s.stepId)).toEqual(['tick']);

    // The missed due time: fired after the restart, once.
    const cronRuns = await until('the missed due time to be fired', async () => {
      const details = await Promise.all(
        (await runs(cronId)).filter((r) => r.trigger === 'cron').map((r) => run(cronId, r.id)),
      );
      const fired = details.filter(
        (d) => (d.triggerInput as { scheduledAt?: string }).scheduledAt === missedDue.toISOString(),
      );
      return fired.length > 0 && fired.every((d) => d.status === 'succeeded') ? details : undefined;
    });
    const dueTimes = cronRuns.map((d) => (d.triggerInput as { scheduledAt: string }).scheduledAt);
    expect(dueTimes.filter((due) => due === missedDue.toISOString())).toHaveLength(1);
    expect(new Set(dueTimes).size, `due times fired: ${dueTimes.join(', ')}`).toBe(dueTimes.length);

    // A new delivery runs as before, through to its last step.
    const next = await deliver(hookId, 'ord-2');
    expect(next.status).toBe(202);
    const afterRestart = await settled(hookId, ((await next.json()) as { runId: string }).runId);
    expect(afterRestart.status, afterRestart.error ?? '').toBe('succeeded');
    expect(afterRestart.steps.map((s) => s.stepId)).toEqual(['remember', 'tell_service', 'done']);

    // The interrupted run's call was made once, before the crash, and never again.
    expect(hitsFor('ord-1')).toBe(1);
    expect(hitsFor('ord-2')).toBe(1);
    expect((await runs(hookId)).map((r) => r.id).sort()).toEqual([interruptedId, afterRestart.id].sort());

    expect(await server.stop()).toBe(0);
    // The schedule carries on: it moved past the missed due time to one after the restart (the
    // first tick of the restarted process comes after its spawn).
    const [schedule] = await withOfflineDatabase(env, (query) =>
      query<{ next_due_at: Date; last_due_at: Date | null }>(
        'select next_due_at, last_due_at from workflow_schedules where workflow_id = $1',
        [cronId],
      ),
    );
    expect(new Date(schedule!.next_due_at).getTime()).toBeGreaterThan(restartedAt);
    expect(new Date(schedule!.last_due_at!).getTime()).toBeGreaterThanOrEqual(missedDue.getTime());
    expect(server.output()).not.toContain(SECRET);
  });
});
