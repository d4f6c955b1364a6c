import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryBlobStore } from '../../ports/blob-store.ts';
import type { Db, JwtClaims } from '../../store/db.ts';
import { claimJob, featuresWaitingForRunner, leaseEnd, startBuild } from '../../store/pipeline.ts';
import { type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { AgentError } from '../contracts.ts';
import type { StageEnv, StageJob, StageOutcome } from './stages.ts';
import { runClaimedJob, stageRunner, startPipelineWorker } from './worker.ts';

// The queue itself, with the stages replaced by a stand-in (the model-backed stages are covered by
// the route tests): how many stages run at once, retries of model errors, and taking over a job a
// dead process left behind once its lease ran out.

let db: Db;
let server: TestServer;
let builder: Builder;
let claims: JwtClaims;
const logs: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'queue');
  claims = { sub: builder.id, role: 'authenticated' };
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const env = (): StageEnv => ({
  db,
  secrets: server.platform.secrets,
  blobs: memoryBlobStore(),
  log: {
    info: (event) => logs.push(event),
    error: (event, fields) => logs.push(`${event} ${JSON.stringify(fields)}`),
  },
});

async function queued(title: string): Promise<string> {
  return db.withUser(claims, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      "insert into features (title, mode) values ($1, 'components') returning id",
      [title],
    );
    await startBuild(tx, row!.id, { stage: 'spec' });
    return row!.id;
  });
}

const statusOf = (id: string) =>
  db.withUser(claims, async (tx) => {
    const [row] = await tx.query<{ status: string; failure_reason: string | null }>(
      'select status, failure_reason from features where id = $1',
      [id],
    );
    return row!;
  });

const specOutcome: StageOutcome = {
  artifacts: [
    {
      kind: 'spec',
      content: {
        title: 'T',
        summary: 'S',
        users: ['u'],
        requirements: ['r'],
        acceptance: ['a'],
        outOfScope: [],
      },
    },
  ],
  next: 'planning',
};

describe('the pipeline worker', () => {
  it('runs at most two stages at once and moves each feature on', async () => {
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map(queued));
    let now = 0;
    let most = 0;
    const worker = startPipelineWorker({
      env: env(),
      pollMs: 50,
      run: async (_env, job: StageJob) => {
        if (job.stage !== 'spec') throw new AgentError('invalid_output', 'stop here', false);
        most = Math.max(most, ++now);
        await new Promise((resolve) => setTimeout(resolve, 150));
        now--;
        return specOutcome;
      },
    });
    await worker.idle();
    await worker.stop();
    expect(most).toBe(2);
    for (const id of ids)
      expect(await statusOf(id)).toMatchObject({
        status: 'failed',
        failure_reason: 'Planning failed: stop here',
      });
  });

  it('retries an overloaded model with backoff, then fails naming the stage after three attempts', async () => {
    const id = await queued('overloaded');
    let calls = 0;
    const worker = startPipelineWorker({
      env: env(),
      pollMs: 50,
      retryBaseMs: 10,
      run: async () => {
        calls++;
        throw new AgentError('overloaded', 'The model is overloaded right now', true);
      },
    });
    await worker.idle();
    await worker.stop();
    expect(calls).toBe(3);
    expect(await statusOf(id)).toEqual({
      status: 'failed',
      failure_reason: 'Writing the spec failed: The model is overloaded right now',
    });
    const [job] = await db.withUser(claims, (tx) =>
      tx.query<{ attempts: number; status: string }>(
        'select attempts, status from pipeline_jobs where feature_id = $1',
        [id],
      ),
    );
    expect(job).toEqual({ attempts: 3, status: 'failed' });
  });

  it("takes over a job whose process died once its lease ran out, and leaves a live one's alone", async () => {
    const dead = await queued('dead process');
    const alive = await queued('live process');
    await db.asService('test-fixtures', async (tx) => {
      await tx.query(
        `update pipeline_jobs set status = 'running', lease_owner = 'gone', lease_until = now() - interval '1 second', attempts = 1
          where feature_id = $1`,
        [dead],
      );
      await tx.query(
        `update pipeline_jobs set status = 'running', lease_owner = 'elsewhere', lease_until = now() + interval '1 hour', attempts = 1
          where feature_id = $1`,
        [alive],
      );
    });
    const ran: string[] = [];
    const worker = startPipelineWorker({
      env: env(),
      pollMs: 50,
      run: async (_env, job) => {
        ran.push(`${job.featureId}:${job.stage}`);
        if (job.stage !== 'spec') throw new AgentError('invalid_output', 'stop here', false);
        return specOutcome;
      },
    });
    await worker.idle();
    await worker.stop();
    expect(ran).toEqual([`${dead}:spec`, `${dead}:planning`]);
    expect((await statusOf(alive)).status).toBe('spec');
  });

  it('gives a running stage back to the queue when the worker stops', async () => {
    const id = await queued('stopping');
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const worker = startPipelineWorker({
      env: env(),
      pollMs: 50,
      run: (_env, job) =>
        new Promise((_resolve, reject) => {
          started();
          job.signal.addEventListener('abort', () => reject(new AgentError('aborted', 'stopped', false)));
        }),
    });
    await running;
    await worker.stop();
    const [job] = await db.withUser(claims, (tx) =>
      tx.query<{ status: string; lease_owner: string | null }>(
        'select status, lease_owner from pipeline_jobs where feature_id = $1',
        [id],
      ),
    );
    expect(job).toEqual({ status: 'queued', lease_owner: null });
    expect((await statusOf(id)).status).toBe('spec');
  });
});

// The Worker runs each feature's stages in that feature's Durable Object: it claims only its own
// feature's job, runs it with the same `runClaimedJob` as the loop above, and the Cron Trigger's
// sweep finds features whose job waits or whose lease ran out.
describe("one feature's stages, as the Worker's object runs them", () => {
  const cancel = (ids: string[]) =>
    db.asService('test-fixtures', async (tx) => {
      for (const id of ids)
        await tx.query("update pipeline_jobs set status = 'cancelled' where feature_id = $1", [id]);
    });
  const jobOf = (id: string) =>
    db.asService('test-fixtures', async (tx) => {
      const [row] = await tx.query<{ status: string; stage: string; lease_owner: string | null }>(
        `select status, stage, lease_owner from pipeline_jobs
          where feature_id = $1 and status in ('queued', 'running')`,
        [id],
      );
      return row ?? null;
    });

  it("claims only the named feature's job, runs it to its end and leaves the others queued", async () => {
    const other = await queued('someone else first');
    const mine = await queued('mine');
    const runner = stageRunner({
      env: env(),
      owner: `pipeline-object:${mine}:test`,
      run: async (_env, job) => {
        if (job.featureId !== mine) throw new Error(`ran another feature's stage: ${job.featureId}`);
        return specOutcome;
      },
    });
    const job = await db.asService('pipeline-worker', (tx) =>
      claimJob(tx, runner.owner, runner.leaseMs, mine),
    );
    expect(job).toMatchObject({ feature_id: mine, stage: 'spec', status: 'running', attempts: 1 });
    await runClaimedJob(runner, job!);
    // Settled in one go, and the next stage queued for the same object to claim.
    expect(await statusOf(mine)).toMatchObject({ status: 'planning', failure_reason: null });
    expect(await jobOf(mine)).toEqual({ status: 'queued', stage: 'planning', lease_owner: null });
    expect(await jobOf(other)).toEqual({ status: 'queued', stage: 'spec', lease_owner: null });
    // Nothing else of this feature is claimable while its next stage is leased.
    const next = await db.asService('pipeline-worker', (tx) => claimJob(tx, 'another object', 30_000, mine));
    expect(next).toMatchObject({ feature_id: mine, stage: 'planning' });
    expect(await db.asService('pipeline-worker', (tx) => claimJob(tx, 'a third', 30_000, mine))).toBeNull();
    const until = await db.asService('pipeline-worker', (tx) => leaseEnd(tx, mine));
    expect(until!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    await cancel([mine, other]);
  });

  it('settles a failing stage as failed, naming it, rather than leaving it to run again', async () => {
    const id = await queued('fails in the object');
    const runner = stageRunner({
      env: env(),
      run: async () => {
        throw new AgentError('invalid_output', 'the spec never validated', false);
      },
    });
    const job = await db.asService('pipeline-worker', (tx) => claimJob(tx, runner.owner, runner.leaseMs, id));
    await runClaimedJob(runner, job!);
    expect(await statusOf(id)).toEqual({
      status: 'failed',
      failure_reason: 'Writing the spec failed: the spec never validated',
    });
    expect(await jobOf(id)).toBeNull();
    expect(await db.asService('pipeline-worker', (tx) => leaseEnd(tx, id))).toBeNull();
  });

  it('lists for the sweep the features whose job waits or whose lease ran out, not a live lease', async () => {
    const waiting = await queued('sweep: waiting');
    const expired = await queued('sweep: runner gone');
    const live = await queued('sweep: running');
    await db.asService('test-fixtures', async (tx) => {
      await tx.query(
        `update pipeline_jobs set status = 'running', lease_owner = 'gone', lease_until = now() - interval '1 second'
          where feature_id = $1`,
        [expired],
      );
      await tx.query(
        `update pipeline_jobs set status = 'running', lease_owner = 'alive', lease_until = now() + interval '1 hour'
          where feature_id = $1`,
        [live],
      );
    });
    const found = await db.asService('pipeline-worker', (tx) => featuresWaitingForRunner(tx));
    expect(found).toContain(waiting);
    expect(found).toContain(expired);
    expect(found).not.toContain(live);
    expect(await db.asService('pipeline-worker', (tx) => leaseEnd(tx, expired))).toBeNull();
    expect(await db.asService('pipeline-worker', (tx) => leaseEnd(tx, live))).not.toBeNull();
    await cancel([waiting, expired, live]);
  });
});
