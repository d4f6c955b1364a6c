import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOOLS } from '../api/agents/contracts.ts';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { recipeAnswers } from '../api/testing/fake-anthropic/pipeline-recipe.ts';
import { pipelineScript } from '../api/testing/fake-anthropic/pipeline-script.ts';
import type { FakeReply, RecordedRequest } from '../api/testing/fake-anthropic/script.ts';
import { type FakeAnthropic, startFakeAnthropic } from '../api/testing/fake-anthropic/server.ts';
import { ApproveResult, type FeatureDetail, FeatureDetail as FeatureDetailSchema } from '../schemas/index.ts';
import { serverDatabase } from './support/database.ts';
import { startWorkerDev, type WorkerDev, workerSkipReason } from './support/worker-dev-process.ts';

// The agent pipeline on the Cloudflare target (issue #9): scripts/worker-dev.ts runs the Worker
// under workerd against a fresh Postgres database, its model calls going to the local fake
// Anthropic server. A build's stages run in the feature's Durable Object (PipelineObject), woken by
// the route and run in its alarms; artifacts land in local R2. Then the Worker is stopped while the
// implementer's call is in flight and started again on the same state: after the lease, the
// feature resumes from the interrupted stage without paying again for the finished ones. And the
// Cron Trigger's sweep wakes features whose wake was lost or whose runner stopped for good.

const skip = await workerSkipReason();
if (skip) console.info(`worker-pipeline.e2e skipped: ${skip}`);

const KEY = `sk-ant-worker${'w'.repeat(24)}`;
const PASSWORD = 'a long password for the worker pipeline';
/**
 * Short, so the restarted Worker takes the interrupted stage over within the test, yet longer than
 * a restart takes, so the restarted object finds the stage still leased and has to wait it out.
 */
const LEASE_MS = 12_000;

const forced = (request: RecordedRequest) =>
  request.body?.tool_choice?.type === 'tool' ? request.body.tool_choice.name : '(none)';

async function poll<T>(what: string, probe: () => Promise<T | null>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Signs in again (a restarted auth server has a new address, which new tokens name as issuer). */
async function signIn(authUrl: string, builder: Builder): Promise<Builder> {
  const response = await fetch(`${authUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${builder.username}@example.test`, password: PASSWORD }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const session = (await response.json()) as { access_token: string; refresh_token: string };
  return { ...builder, token: session.access_token, refreshToken: session.refresh_token };
}

/** Who settled each stage job, by job id, read from the Worker's log lines (`pipeline_stage_done`). */
function stageOwners(output: string): Map<string, string> {
  const lines = output.matchAll(/"event":"pipeline_stage_done","jobId":"([^"]+)"[^\n]*?"owner":"([^"]+)"/g);
  return new Map([...lines].map((m) => [m[1]!, m[2]!]));
}

const suite = 'the agent pipeline in Durable Objects under workerd (wrangler dev --local)';
describe.skipIf(skip)(skip ? `${suite} — skipped: ${skip}` : suite, () => {
  let stateDir: string;
  let database: Awaited<ReturnType<typeof serverDatabase>>;
  let sql: postgres.Sql;
  let fake: FakeAnthropic;
  let dev: WorkerDev | undefined;
  let builder: Builder;
  let featureId = '';
  // Which answers the fake gives: at once, or with the implementer's call held (the restart).
  let holdImplementer = false;
  const quick = pipelineScript(recipeAnswers());
  const held = pipelineScript(recipeAnswers(), {
    delayMs: { [AGENT_TOOLS.implementer.components]: 120_000 },
  });
  const env = () => ({ ANTHROPIC_BASE_URL: fake.url, PIPELINE_LEASE_MS: String(LEASE_MS) });
  const workerUrl = () => dev!.url;

  const call = async <T>(who: Builder, method: string, path: string, body?: unknown, status = 200) => {
    const response = await api(workerUrl(), who, method, path, body);
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const detail = async (id: string) =>
    FeatureDetailSchema.parse(await call(builder, 'GET', `/api/features/${id}`));
  const settled = (id: string, ms: number) =>
    poll(
      `feature ${id} to stop moving`,
      async () => {
        const d = await detail(id);
        return d.status === 'awaiting_approval' || d.status === 'failed' ? d : null;
      },
      ms,
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\n${dev?.output().slice(-6000)}`);
    });
  const asked = () => {
    const tools = fake.requests.map(forced);
    return (tool: string) => tools.filter((t) => t === tool).length;
  };
  /** Every finished stage of the feature was settled by the feature's own object, none by another runner. */
  const expectRunByItsObject = async (id: string, stages: number) => {
    const jobs = await sql<
      { id: string }[]
    >`select id from pipeline_jobs where feature_id = ${id} and status = 'done'`;
    expect(jobs).toHaveLength(stages);
    const owners = stageOwners(dev!.output());
    for (const job of jobs) expect(owners.get(job.id)).toMatch(new RegExp(`^pipeline-object:${id}:`));
  };
  const startBuild = async (title: string) => {
    const feature = await call<{ id: string }>(
      builder,
      'POST',
      '/api/features',
      { title, mode: 'components' },
      201,
    );
    await call(builder, 'POST', `/api/features/${feature.id}/build`, {}, 202);
    return feature.id;
  };

  beforeAll(async () => {
    fake = await startFakeAnthropic({
      keys: [KEY],
      script: (request): FakeReply => (holdImplementer ? held(request) : quick(request)),
    });
    stateDir = await mkdtemp(join(tmpdir(), 'bp-worker-pipeline-'));
    database = await serverDatabase(join(stateDir, 'unused'));
    sql = postgres(database.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    dev = await startWorkerDev({ databaseUrl: database.env.DATABASE_URL!, stateDir, env: env() });
  }, 120_000);

  afterAll(async () => {
    await dev?.stop();
    await sql?.end({ timeout: 1 });
    await database?.drop();
    await fake?.close();
    await rm(stateDir, { recursive: true, force: true });
  }, 60_000);

  it("builds a feature to approval in its object's alarms, the spec in local R2, and publishes it", {
    timeout: 150_000,
  }, async () => {
    builder = await signUpBuilder(dev!.authUrl, 'worker-chef', PASSWORD);
    await call(builder, 'PUT', '/api/settings/anthropic-key', { key: KEY });
    featureId = await startBuild('Recipe tracker');

    const built: FeatureDetail = await settled(featureId, 120_000);
    expect(built.failureReason).toBeNull();
    expect(built.status).toBe('awaiting_approval');
    expect(built.job).toBeNull();
    expect(built.artifacts.spec?.title).toBeTruthy();
    expect(built.artifacts.plan?.steps.length).toBeGreaterThan(0);
    expect(built.artifacts.contractRun).toMatchObject({ failed: [] });
    expect(JSON.stringify(built)).not.toContain(KEY);
    // The artifacts' bodies are in the Worker's R2 (local: under the state folder).
    expect(await readdir(join(stateDir, 'wrangler', 'v3', 'r2'))).not.toHaveLength(0);
    await expectRunByItsObject(featureId, 5);

    // The progress stream through the Worker ends with the settled state.
    const events = await fetch(`${workerUrl()}/api/features/${featureId}/events`, {
      headers: { authorization: `Bearer ${builder.token}` },
    });
    expect(events.status).toBe(200);
    expect(await events.text()).toContain('"status":"awaiting_approval"');

    const result = ApproveResult.parse(await call(builder, 'POST', `/api/features/${featureId}/approve`));
    expect(result.resultUrl).toBe(`${workerUrl()}/u/worker-chef/family-recipes`);
    const page = await fetch(result.resultUrl!);
    expect(page.status).toBe(200);
    const rest = (init: RequestInit = {}) =>
      fetch(`${result.resultUrl}/rest/v1/recipes`, {
        ...init,
        headers: { authorization: `Bearer ${builder.token}`, ...init.headers },
      });
    const added = await rest({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Lentil soup',
        cuisine: 'other',
        course: 'main',
        servings: 4,
        ingredients: 'lentils, onion, stock',
        instructions: 'Simmer for 30 minutes.',
      }),
    });
    expect(added.status, await added.clone().text()).toBe(201);
    const rows = await rest();
    expect(rows.status).toBe(200);
    expect(((await rows.json()) as { title: string }[]).map((r) => r.title)).toEqual(['Lentil soup']);
  });

  it("streams the BA's answer through the Worker and keeps both messages", async () => {
    const chat = await call<{ id: string }>(builder, 'POST', '/api/features', { title: 'Reading list' }, 201);
    const response = await api(workerUrl(), builder, 'POST', `/api/features/${chat.id}/messages`, {
      content: 'I want to keep a list of books to read',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text())
      .split(/\n\n/)
      .filter((block) => block.trim())
      .map((block) => ({
        event: /^event: *(.+)$/m.exec(block)?.[1] ?? 'message',
        data: JSON.parse(/^data: *(.*)$/m.exec(block)?.[1] ?? 'null') as { text?: string; content?: string },
      }));
    const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text ?? '');
    expect(deltas.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { content: deltas.join('') } });
    const { messages } = await call<{ messages: { role: string; content: string }[] }>(
      builder,
      'GET',
      `/api/features/${chat.id}/messages`,
    );
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'I want to keep a list of books to read'],
      ['assistant', deltas.join('')],
    ]);
  });

  it("answers 404 to another builder for the first one's feature", async () => {
    const stranger = await signUpBuilder(dev!.authUrl, 'worker-stranger', PASSWORD);
    await call(stranger, 'GET', `/api/features/${featureId}`, undefined, 404);
    await call(stranger, 'POST', `/api/features/${featureId}/build`, {}, 404);
  });

  it('resumes a stage interrupted by a stop after its lease, without paying again for finished ones', {
    timeout: 240_000,
  }, async () => {
    const before = asked();
    const counts = (tool: string) => asked()(tool) - before(tool);
    holdImplementer = true;
    const id = await startBuild('Recipe tracker (restarted)');
    await poll(
      'the implementer to be asked',
      async () => (counts(AGENT_TOOLS.implementer.components) > 0 ? true : null),
      90_000,
    );
    const midway = await detail(id);
    expect(midway.status).toBe('implementing');
    expect(midway.artifacts.tests?.kind).toBe('components');

    const stopped = await dev!.stop();
    expect(stopped.lingering).toEqual([]);
    const [lease] = await sql<{ lease_until: Date }[]>`
      select lease_until from pipeline_jobs where feature_id = ${id} and status = 'running'`;
    dev = undefined;
    holdImplementer = false;
    dev = await startWorkerDev({ databaseUrl: database.env.DATABASE_URL!, stateDir, env: env() });
    builder = await signIn(dev.authUrl, builder);

    // The interrupted alarm runs again in the restarted runtime (alarms run at least once); while
    // the stopped run's lease holds, it only sets itself for the lease's end, then takes over.
    const after = await settled(id, 90_000);
    expect(after.failureReason).toBeNull();
    expect(after.status).toBe('awaiting_approval');
    expect(after.artifacts.contractRun).toMatchObject({ failed: [] });
    const [job] = await sql<{ attempts: number; finished_at: Date }[]>`
      select attempts, finished_at from pipeline_jobs where feature_id = ${id} and stage = 'implementing'`;
    expect(job?.attempts).toBe(2);
    expect(job!.finished_at.getTime()).toBeGreaterThanOrEqual(lease!.lease_until.getTime());
    // Finished stages were not paid for again; the interrupted one was asked twice.
    expect(counts(AGENT_TOOLS.spec)).toBe(1);
    expect(counts(AGENT_TOOLS.planner)).toBe(1);
    expect(counts(AGENT_TOOLS['contract-tests'])).toBe(1);
    expect(counts(AGENT_TOOLS.implementer.components)).toBe(2);
    expect(counts(AGENT_TOOLS['security-reviewer'])).toBe(1);
    expect(counts(AGENT_TOOLS['code-reviewer'])).toBe(1);
    // After the restart: the stages this run settled (the output is the restarted run's).
    const owners = stageOwners(dev.output());
    expect(owners.size).toBe(2);
    for (const owner of owners.values()) expect(owner).toMatch(new RegExp(`^pipeline-object:${id}:`));

    // The Cron Trigger then finds nothing waiting: nothing is woken, nothing asked again.
    expect((await fetch(`${workerUrl()}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(dev.output()).not.toContain('pipeline_features_woken');
    expect(counts(AGENT_TOOLS.implementer.components)).toBe(2);
  });

  it('wakes, from the Cron Trigger, a feature whose wake was lost and one whose runner stopped', {
    timeout: 120_000,
  }, async () => {
    const before = asked();
    const counts = (tool: string) => asked()(tool) - before(tool);
    // Two features moved into a build behind the Worker's back: one stage queued with no wake
    // (a wake that failed), one running under a lease that ran out (a runner gone for good).
    const ids: string[] = [];
    for (const title of ['Recipe tracker (lost wake)', 'Recipe tracker (runner gone)']) {
      const feature = await call<{ id: string }>(
        builder,
        'POST',
        '/api/features',
        { title, mode: 'components' },
        201,
      );
      ids.push(feature.id);
    }
    const [lost, gone] = ids as [string, string];
    await sql`update features set status = 'spec' where id in ${sql(ids)}`;
    await sql`insert into pipeline_jobs (feature_id, user_id, stage) values (${lost}, ${builder.id}, 'spec')`;
    await sql`insert into pipeline_jobs (feature_id, user_id, stage, status, attempts, lease_owner, lease_until)
              values (${gone}, ${builder.id}, 'spec', 'running', 1, 'gone', now() - interval '1 second')`;
    // Nothing runs them until the sweep.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(counts(AGENT_TOOLS.spec)).toBe(0);

    expect((await fetch(`${workerUrl()}/__scheduled?cron=*+*+*+*+*`)).status).toBe(200);
    for (const id of ids) {
      const built = await settled(id, 90_000);
      expect(built.failureReason).toBeNull();
      expect(built.status).toBe('awaiting_approval');
    }
    expect(counts(AGENT_TOOLS.spec)).toBe(2);
    for (const id of ids) await expectRunByItsObject(id, 5);
    expect(dev!.output()).toMatch(/"event":"pipeline_features_woken","woken":2/);
  });

  it('stops with no wrangler or workerd process left running', async () => {
    const stopped = await dev!.stop();
    dev = undefined;
    expect(stopped.lingering).toEqual([]);
  });
});
