import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentRunList,
  ApiErrorBody,
  ApproveResult,
  Feature,
  FeatureDetail,
  FeatureProgress,
} from '../../schemas/index.ts';
import { AGENT_TOOLS } from '../agents/contracts.ts';
import type { RunningPipelineWorker } from '../agents/pipeline/worker.ts';
import type { Db } from '../store/db.ts';
import { type Builder, recordingApi, signUpBuilder } from '../testing/builders.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { recipeAnswers } from '../testing/fake-anthropic/pipeline-recipe.ts';
import { pipelineScript } from '../testing/fake-anthropic/pipeline-script.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Issue #8, the build: "the feature moves through spec → plan → contract tests → implement →
// security review + code review → awaiting approval, with live progress … then approves
// (publishes …) or rejects with a comment … `failed` says which stage failed and why". The real
// worker claims the jobs and the real SDK talks to the local fake Anthropic, scripted by tool name.

/** Alice's key: planted to prove it never reaches a response, an artifact or an agent_runs row. */
const CANARY = `sk-ant-canary${randomBytes(12).toString('hex')}`;
const fake = fakeAnthropicForFile([CANARY]);
let db: Db;
let server: TestServer;
let alice: Builder;
let mallory: Builder;
/** Every body the API sent back, to check none carries the key. */
const seen: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, {
    pipeline: true,
    env: { ANTHROPIC_BASE_URL: fake.server.url, PIPELINE_RETRY_BASE_MS: '20' },
  });
  alice = await signUpBuilder(server.url, 'alice');
  mallory = await signUpBuilder(server.url, 'mallory');
  expect((await call(alice, 'PUT', '/api/settings/anthropic-key', { key: CANARY })).status).toBe(200);
});
// No build of one test may run on into the next one's script.
afterEach(() => (server.platform.pipeline as RunningPipelineWorker).idle());
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const call = recordingApi(() => server.url, seen);

const errorOf = (response: { json(): unknown }) => ApiErrorBody.parse(response.json()).error;

async function newFeature(who: Builder, title: string, mode?: string) {
  const created = await call(who, 'POST', '/api/features', { title, ...(mode ? { mode } : {}) });
  expect(created.status).toBe(201);
  return Feature.parse(created.json());
}

async function detail(who: Builder, id: string) {
  const shown = await call(who, 'GET', `/api/features/${id}`);
  expect(shown.status).toBe(200);
  return FeatureDetail.parse(shown.json());
}

/** Waits until the build stops moving on its own (awaiting approval, failed). */
async function settled(who: Builder, id: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const shown = await detail(who, id);
    if (['awaiting_approval', 'failed', 'done', 'drafting'].includes(shown.status)) return shown;
    if (Date.now() > until)
      throw new Error(`still ${shown.status} (${shown.activity}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The recipe app with the viewer role allowed to create recipes (a contract case forbids it). */
function viewersMayCreate(app: unknown) {
  const copy = structuredClone(app) as { access: { roles: { id: string; tables: { create: boolean }[] }[] } };
  copy.access.roles.find((role) => role.id === 'viewer')!.tables[0]!.create = true;
  return copy;
}

const forcedTools = () =>
  fake.server.requests.map((r) =>
    r.body?.tool_choice?.type === 'tool' ? r.body.tool_choice.name : '(none)',
  );

describe('building a components feature', () => {
  it('moves through every stage to awaiting approval, then approval publishes the app at its URL', async () => {
    fake.server.script(pipelineScript(recipeAnswers()));
    const feature = await newFeature(alice, 'Recipe tracker', 'components');
    const started = await call(alice, 'POST', `/api/features/${feature.id}/build`, {});
    expect(started.status).toBe(202);
    expect(FeatureDetail.parse(started.json()).status).toBe('spec');

    const built = await settled(alice, feature.id);
    expect(built.failureReason).toBeNull();
    expect(built.status).toBe('awaiting_approval');
    expect(built.job).toBeNull();
    expect(built.keyConfigured).toBe(true);
    expect(built.artifacts.spec?.title).toBeTruthy();
    expect(built.artifacts.plan?.steps.length).toBeGreaterThan(0);
    expect(built.artifacts.tests?.kind).toBe('components');
    expect(built.artifacts.result?.kind).toBe('components');
    expect(built.artifacts.contractRun).toEqual({ passed: 8, failed: [], rounds: 1 });
    const sources = new Set(built.artifacts.review?.findings.map((f) => f.source));
    expect(sources).toEqual(
      new Set(['security-reviewer', 'code-reviewer', ...(sources.has('rules') ? ['rules'] : [])]),
    );
    expect(built.tokensUsed).toBeGreaterThan(0);
    expect(forcedTools()).toEqual([
      AGENT_TOOLS.spec,
      AGENT_TOOLS.planner,
      AGENT_TOOLS['contract-tests'],
      AGENT_TOOLS.implementer.components,
      AGENT_TOOLS['security-reviewer'],
      AGENT_TOOLS['code-reviewer'],
    ]);

    const runs = AgentRunList.parse(
      (await call(alice, 'GET', `/api/features/${feature.id}/runs`)).json(),
    ).runs;
    expect(runs.map((r) => [r.agent, r.stage, r.status])).toEqual([
      ['spec', 'spec', 'ok'],
      ['planner', 'planning', 'ok'],
      ['contract-tests', 'testing', 'ok'],
      ['implementer', 'implementing', 'ok'],
      ['security-reviewer', 'reviewing', 'ok'],
      ['code-reviewer', 'reviewing', 'ok'],
    ]);

    const approved = await call(alice, 'POST', `/api/features/${feature.id}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const result = ApproveResult.parse(approved.json());
    expect(result.approved).toBe(true);
    expect(result.resultUrl).toBe(
      `${server.url}/u/alice/${String(built.artifacts.result && 'definition' in built.artifacts.result ? built.artifacts.result.definition.slug : '')}`,
    );
    const done = await detail(alice, feature.id);
    expect(done).toMatchObject({ status: 'done', appId: result.appId, resultUrl: result.resultUrl });

    // The published app answers at its URL, and its data API takes rows.
    const page = await fetch(result.resultUrl!);
    expect(page.status).toBe(200);
    const rows = await fetch(`${result.resultUrl}/rest/v1/recipes`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(rows.status, await rows.clone().text()).toBe(200);
    expect(await rows.json()).toEqual([]);
    // The app's first version was written by the agent.
    const versions = await call(alice, 'GET', `/api/apps/${result.appId}/versions`);
    expect(versions.text).toContain('"author":"agent"');
  });

  it('streams progress events until the build awaits approval', async () => {
    // The planner answers slowly enough for the stream's polls (every 500 ms) to see planning
    // even on a loaded machine (300 ms was missed under the full suite).
    fake.server.script(pipelineScript(recipeAnswers(), { delayMs: { [AGENT_TOOLS.planner]: 2_000 } }));
    const feature = await newFeature(alice, 'Recipe tracker (events)', 'components');
    // Opened once the build is queued: a feature still drafting ends the stream at once.
    expect((await call(alice, 'POST', `/api/features/${feature.id}/build`)).status).toBe(202);
    const events = fetch(`${server.url}/api/features/${feature.id}/events`, {
      headers: { authorization: `Bearer ${alice.token}` },
    }).then((r) => r.text());
    const text = await events;
    const blocks = text.split('\n\n').filter((b) => b.startsWith('event:'));
    const parsed = blocks.map((b) => ({
      event: /^event: (.*)$/m.exec(b)![1],
      data: FeatureProgress.parse(JSON.parse(/^data: (.*)$/m.exec(b)![1]!)),
    }));
    expect(parsed.at(-1)).toMatchObject({ event: 'end', data: { status: 'awaiting_approval' } });
    const statuses = parsed.filter((e) => e.event === 'progress').map((e) => e.data.status);
    expect(statuses).toContain('planning');
    expect(parsed.some((e) => e.data.activity === 'Planning the build')).toBe(true);
  });
});

describe('contract cases and model errors', () => {
  it('sends a failing contract case back to the implementer, fixed on round 2', async () => {
    const answers = recipeAnswers();
    const good = answers.tools[AGENT_TOOLS.implementer.components];
    // Round 1 lets viewers add recipes: the case saying they cannot fails.
    const broken = viewersMayCreate(good);
    const base = pipelineScript(answers);
    let implementerCalls = 0;
    fake.server.script((request) => {
      if (
        request.body?.tool_choice?.type === 'tool' &&
        request.body.tool_choice.name === AGENT_TOOLS.implementer.components
      ) {
        implementerCalls++;
        return fakeReply.tool(AGENT_TOOLS.implementer.components, implementerCalls === 1 ? broken : good);
      }
      return base(request);
    });
    const feature = await newFeature(alice, 'Recipe tracker (round 2)', 'components');
    expect((await call(alice, 'POST', `/api/features/${feature.id}/build`)).status).toBe(202);
    const built = await settled(alice, feature.id);
    expect(built.status, built.failureReason ?? '').toBe('awaiting_approval');
    expect(built.artifacts.contractRun).toMatchObject({ failed: [], rounds: 2 });
    const second = fake.server.requests.filter(
      (r) =>
        r.body?.tool_choice?.type === 'tool' &&
        r.body.tool_choice.name === AGENT_TOOLS.implementer.components,
    )[1]!;
    expect(second.rawBody).toContain('A viewer cannot add a recipe');
    expect(second.rawBody).toContain('expected the create on table');
  });

  it('fails the implementing stage naming the cases still failing after 3 rounds', async () => {
    const answers = recipeAnswers();
    const broken = viewersMayCreate(answers.tools[AGENT_TOOLS.implementer.components]);
    answers.tools[AGENT_TOOLS.implementer.components] = broken;
    fake.server.script(pipelineScript(answers));
    const feature = await newFeature(alice, 'Recipe tracker (never fixed)', 'components');
    expect((await call(alice, 'POST', `/api/features/${feature.id}/build`)).status).toBe(202);
    const failed = await settled(alice, feature.id);
    expect(failed.status).toBe('failed');
    expect(failed.failedStage).toBe('implementing');
    expect(failed.failureReason).toContain('A viewer cannot add a recipe');
    expect(failed.failureReason).toContain('3 rounds');
  });

  it('retries a 529 from the model and goes on', async () => {
    fake.server.script(pipelineScript(recipeAnswers(), { overloaded: { [AGENT_TOOLS.planner]: 1 } }));
    const feature = await newFeature(alice, 'Recipe tracker (overloaded)', 'components');
    expect((await call(alice, 'POST', `/api/features/${feature.id}/build`)).status).toBe(202);
    const built = await settled(alice, feature.id);
    expect(built.status, built.failureReason ?? '').toBe('awaiting_approval');
    expect(forcedTools().filter((t) => t === AGENT_TOOLS.planner)).toHaveLength(2);
  });

  it('fails the stage with the budget message when the tokens run out', async () => {
    fake.server.script(pipelineScript(recipeAnswers()));
    const feature = await newFeature(alice, 'Recipe tracker (budget)', 'components');
    // The spec call alone uses more than what is left after it.
    expect(
      (await call(alice, 'POST', `/api/features/${feature.id}/build`, { tokenBudget: 10_000 })).status,
    ).toBe(202);
    const failed = await settled(alice, feature.id);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toMatch(/budget/i);
    expect(failed.tokenBudget).toBe(10_000);
  });

  it("gives a build the platform's default budget (PIPELINE_TOKEN_BUDGET) unless the request names one", async () => {
    fake.server.script(pipelineScript(recipeAnswers()));
    server.platform.pipelineTokenBudget = 10_000;
    try {
      const feature = await newFeature(alice, 'Recipe tracker (default budget)', 'components');
      expect((await call(alice, 'POST', `/api/features/${feature.id}/build`)).status).toBe(202);
      const failed = await settled(alice, feature.id);
      expect(failed.tokenBudget).toBe(10_000);
      expect(failed.failureReason).toMatch(/budget/i);
    } finally {
      delete server.platform.pipelineTokenBudget;
    }
  });

  it('fails with the key message when Anthropic refuses the key (401)', async () => {
    const bob = await signUpBuilder(server.url, 'bob');
    expect(
      (await call(bob, 'PUT', '/api/settings/anthropic-key', { key: 'sk-ant-not-accepted-0000' })).status,
    ).toBe(200);
    fake.server.script(pipelineScript(recipeAnswers()));
    const feature = await newFeature(bob, 'Revoked key', 'components');
    expect((await call(bob, 'POST', `/api/features/${feature.id}/build`)).status).toBe(202);
    const failed = await settled(bob, feature.id);
    expect(failed).toMatchObject({ status: 'failed', failedStage: 'spec' });
    expect(failed.failureReason).toContain('Anthropic rejected your key');
  });
});

describe('what the build routes refuse', () => {
  it('needs a mode and a key, and refuses a second build while one runs', async () => {
    const noMode = await newFeature(alice, 'No mode yet');
    const refused = await call(alice, 'POST', `/api/features/${noMode.id}/build`);
    expect(refused.status).toBe(409);
    expect(errorOf(refused).message).toMatch(/mode/);
    // Once the chat has recommended one, the recommendation becomes the mode.
    await db.withUser({ sub: alice.id, role: 'authenticated' }, (tx) =>
      tx.query("update features set recommended_mode = 'components' where id = $1", [noMode.id]),
    );
    fake.server.script(pipelineScript(recipeAnswers()));
    const recommended = await call(alice, 'POST', `/api/features/${noMode.id}/build`);
    expect(recommended.status).toBe(202);
    expect(FeatureDetail.parse(recommended.json()).mode).toBe('components');
    await settled(alice, noMode.id);

    const nokey = await signUpBuilder(server.url, 'nokey');
    const keyless = await newFeature(nokey, 'No key', 'components');
    const noKey = await call(nokey, 'POST', `/api/features/${keyless.id}/build`);
    expect(noKey.status).toBe(409);
    expect(errorOf(noKey).message).toContain('add your Anthropic key in Settings');

    fake.server.script(pipelineScript(recipeAnswers(), { delayMs: { [AGENT_TOOLS.spec]: 1500 } }));
    const slow = await newFeature(alice, 'Slow', 'components');
    expect((await call(alice, 'POST', `/api/features/${slow.id}/build`)).status).toBe(202);
    const again = await call(alice, 'POST', `/api/features/${slow.id}/build`);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('build_running');
    const bad = await call(alice, 'POST', `/api/features/${slow.id}/build`, { tokenBudget: 5 });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toContain('tokenBudget');
    await settled(alice, slow.id);
  });

  it("answers 404 on every route for another builder's feature", async () => {
    const feature = await newFeature(alice, 'Private', 'components');
    const id = feature.id;
    const attempts = [
      ['GET', `/api/features/${id}`],
      ['POST', `/api/features/${id}/build`],
      ['GET', `/api/features/${id}/events`],
      ['GET', `/api/features/${id}/runs`],
      ['POST', `/api/features/${id}/approve`],
      ['POST', `/api/features/${id}/reject`, { comment: 'no' }],
      ['POST', `/api/features/${id}/retry`],
      ['GET', `/api/features/${id}/artifacts/code.zip`],
    ] as const;
    await call(mallory, 'PUT', '/api/settings/anthropic-key', { key: 'sk-ant-mallory-0000' });
    for (const [method, path, body] of attempts) {
      const response = await call(mallory, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
  });
});

describe('the key canary', () => {
  it('never appears in a response, an artifact or an agent_runs row', async () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const body of seen) expect(body).not.toContain(CANARY);
    for (const key of server.blobs.keys()) {
      const blob = await server.blobs.get(key);
      expect(await new Response(blob!.body).text()).not.toContain(CANARY);
    }
    const runs = await db.asService('test-fixtures', (tx) => tx.query('select * from agent_runs'));
    expect(runs.length).toBeGreaterThan(0);
    expect(JSON.stringify(runs)).not.toContain(CANARY);
    expect(server.logLines.join('\n')).not.toContain(CANARY);
  });
});
