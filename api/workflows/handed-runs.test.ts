import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { Logger } from '../kernel/context.ts';
import { nodeOutboundHttp } from '../platform/node/outbound-http.ts';
import { memoryRateLimiter } from '../ports/rate-limiter.ts';
import { aesGcmSecretBox } from '../ports/secret-box.ts';
import { postgresWorkflowState } from '../ports/workflow-state.ts';
import type { Db } from '../store/db.ts';
import { sealedSecretStore } from '../store/secrets.ts';
import { getRun } from '../store/workflow-runs.ts';
import { openTestDb } from '../testing/test-db.ts';
import { activeWorkflows } from './active-workflows.ts';
import { builderClaims } from './builder-claims.ts';
import { internalCallers } from './internal-caller.ts';
import { type HandedRun, workflowRunner } from './runner.ts';
import { stepPorts } from './step-ports.ts';

// Runs handed over to be carried out elsewhere (on Cloudflare: the workflow's Durable Object):
// stored queued, carried out once by whoever claims them first, re-runs resumed from the row, and
// the recovery hands a lost one over again instead of running it itself. Real Postgres/PGlite.

let db: Db;
const userId = crypto.randomUUID();
let workflowId: string;
const ref = () => ({ userId, workflowId });

const remember: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Remember',
  trigger: { kind: 'webhook', verification: { kind: 'none' }, response: { mode: 'async' } },
  start: 'read',
  steps: [
    { id: 'read', label: 'Read', kind: 'state_get', key: '"last"', default: '"none"', next: 'write' },
    { id: 'write', label: 'Write', kind: 'state_set', key: '"last"', value: 'trigger.body.id' },
  ],
  connections: [],
};

const quiet: Logger = { info: () => {}, error: () => {} };

/** Runs a workflow for `id` to its end, then queues a re-run of it from `write` (with `read`'s recorded value). */
async function runThenQueueRerun(id: string, rerunId: string, readValue: string) {
  const runner = await runnerWith([]);
  const original = await runner.launch(job({ body: { id } }));
  await (await (await runnerWith()).runStored(ref(), [original.runId])).done;
  const rerun = await runner.launch({
    ...job({ body: { id: rerunId } }),
    trigger: 'rerun',
    resume: { fromStep: 'write', outputs: { read: { value: readValue } } },
    rerunOf: { runId: original.runId, fromStep: 'write' },
  });
  return { original, rerun };
}

async function runnerWith(handed?: HandedRun[]) {
  const box = await aesGcmSecretBox(new Uint8Array(32).fill(7));
  const state = postgresWorkflowState(db);
  const portsFor = stepPorts({
    db,
    box,
    secrets: sealedSecretStore(box),
    outbound: nodeOutboundHttp(),
    oauthEnv: {},
    fetchApp: async () => new Response('no apps in this test', { status: 503 }),
    callers: await internalCallers(),
    publicUrl: 'http://127.0.0.1:1',
    state,
  });
  return workflowRunner({
    db,
    state,
    rateLimiter: memoryRateLimiter(),
    log: quiet,
    active: activeWorkflows(db),
    portsFor,
    leaseMs: 60_000,
    ...(handed ? { handOff: async (run: HandedRun) => void handed.push(run) } : {}),
  });
}

const job = (triggerInput: unknown) => ({
  workflowId,
  userId,
  version: 1,
  definition: remember,
  plan: { name: 'free', executionsPerHour: 100, timeoutSeconds: 30 },
  trigger: 'manual' as const,
  triggerInput,
});
const runOf = (runId: string) => db.withUser(builderClaims(userId), (tx) => getRun(tx, workflowId, runId));

beforeAll(async () => {
  db = await openTestDb();
  workflowId = await db.asOwner(async (tx) => {
    await tx.query(`insert into auth.users (id, email, raw_user_meta_data) values ($1, $2, $3::jsonb)`, [
      userId,
      'handed@example.test',
      JSON.stringify({ username: 'handed-runs' }),
    ]);
    const [row] = await tx.query<{ id: string }>(
      `insert into workflow_definitions (user_id, name) values ($1, 'Remember') returning id`,
      [userId],
    );
    await tx.query(
      `insert into definition_versions (user_id, workflow_id, version, definition, author)
       values ($1, $2, 1, $3::jsonb, 'builder')`,
      [userId, row!.id, JSON.stringify(remember)],
    );
    return row!.id;
  });
});
afterAll(() => db?.close());

describe('runs handed over to be carried out elsewhere', () => {
  it('stores the run queued and hands it over instead of running it', async () => {
    const handed: HandedRun[] = [];
    const runner = await runnerWith(handed);
    const launched = await runner.launch(job({ body: { id: 'ord-1' } }));
    expect(handed).toEqual([{ runId: launched.runId, workflowId, userId }]);
    await runner.drain();
    expect(await runOf(launched.runId)).toMatchObject({ status: 'queued', steps: [] });
    expect(await postgresWorkflowState(db).get(ref(), 'last')).toEqual({ found: false, value: null });
  });

  it('carries a handed run out once, whichever of two claimants comes first', async () => {
    const handed: HandedRun[] = [];
    const launched = await (await runnerWith(handed)).launch(job({ body: { id: 'ord-2' } }));
    const [one, two] = [await runnerWith(), await runnerWith()];
    const claims = await Promise.all([
      one.runStored(ref(), [launched.runId]),
      two.runStored(ref(), [launched.runId]),
    ]);
    expect(claims.map((claim) => claim.claimed).sort()).toEqual([[], [launched.runId]]);
    await Promise.all(claims.map((claim) => claim.done));
    const run = await runOf(launched.runId);
    expect(run, run?.error ?? '').toMatchObject({ status: 'succeeded' });
    expect(run!.steps.map((step) => step.stepId)).toEqual(['read', 'write']);
    expect(await postgresWorkflowState(db).get(ref(), 'last')).toEqual({ found: true, value: 'ord-2' });
    // Ended: handed over again (a retried alarm), it is passed over.
    expect((await one.runStored(ref(), [launched.runId])).claimed).toEqual([]);
  });

  it("claims only the object's own workflow's runs", async () => {
    const launched = await (await runnerWith([])).launch(job({ body: { id: 'ord-x' } }));
    const elsewhere = { userId, workflowId: crypto.randomUUID() };
    expect((await (await runnerWith()).runStored(elsewhere, [launched.runId])).claimed).toEqual([]);
    expect(await runOf(launched.runId)).toMatchObject({ status: 'queued' });
  });

  it('resumes a handed re-run from the original run’s recorded results', async () => {
    const { original, rerun } = await runThenQueueRerun('ord-3', 'ord-3b', 'ord-2');
    const claimed = await (await runnerWith()).runStored(ref(), [rerun.runId]);
    await claimed.done;
    const run = await runOf(rerun.runId);
    expect(run).toMatchObject({ status: 'succeeded', rerunOf: { runId: original.runId, fromStep: 'write' } });
    expect(run!.steps.map((step) => [step.stepId, step.input])).toEqual([
      ['write', { key: 'last', value: 'ord-3b' }],
    ]);
  });

  it('restarts a queued re-run a stopped process left from its step, not from the first (Node)', async () => {
    const { original, rerun } = await runThenQueueRerun('ord-5', 'ord-5b', 'ord-5');
    await db.asOwner((tx) =>
      tx.query(`update workflow_runs set lease_until = now() - interval '1 minute' where id = $1`, [
        rerun.runId,
      ]),
    );
    // Recovered by a runner that carries runs out itself, as the Node target's does.
    const node = await runnerWith();
    expect(await node.recover()).toMatchObject({ restarted: 1 });
    await node.drain();
    const run = await runOf(rerun.runId);
    expect(run, run?.error ?? '').toMatchObject({
      status: 'succeeded',
      rerunOf: { runId: original.runId, fromStep: 'write' },
    });
    expect(run!.steps.map((step) => step.stepId)).toEqual(['write']);
  });

  it('hands a run whose hand-off was lost over again, and settles one that stopped mid-way', async () => {
    const lost = await (await runnerWith([])).launch(job({ body: { id: 'lost' } }));
    const stopped = await (await runnerWith([])).launch(job({ body: { id: 'stopped' } }));
    await db.asOwner(async (tx) => {
      await tx.query(`update workflow_runs set lease_until = now() - interval '1 minute' where id = $1`, [
        lost.runId,
      ]);
      await tx.query(
        `update workflow_runs set status = 'running', lease_until = now() - interval '1 minute' where id = $1`,
        [stopped.runId],
      );
    });
    const handed: HandedRun[] = [];
    const recovered = await (await runnerWith(handed)).recover();
    expect(recovered).toMatchObject({ failed: 1, restarted: 1 });
    expect(handed).toEqual([{ runId: lost.runId, workflowId, userId }]);
    // Handed over, not run here: still queued, with a fresh lease for its new holder.
    expect(await runOf(lost.runId)).toMatchObject({ status: 'queued' });
    const settled = await runOf(stopped.runId);
    expect(settled).toMatchObject({ status: 'failed' });
    expect(settled!.error).toContain('before its first step finished');
  });
});
