import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Feature } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { agentContext, NO_FEATURE_TOKEN_ALLOWANCE } from './agent-context.ts';
import { callAgent } from './call.ts';
import type { AgentRunRecord, AgentSpec } from './contracts.ts';

// The context a builder's agent call runs in, against the database (PGlite, or Postgres with
// DATABASE_URL): the key opened by the agent-key job, the feature's budget read and spent as the
// builder under RLS, each call in agent_runs.

const ALICE_KEY = 'sk-ant-canary-alice-31f0c2d7e9';
const fake = fakeAnthropicForFile([ALICE_KEY]);

let db: Db;
let server: TestServer;
let alice: Builder;
let bob: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  bob = await signUpBuilder(server.url, 'bob');
  expect((await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: ALICE_KEY })).ok).toBe(
    true,
  );
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function newFeature(builder: Builder, title: string): Promise<string> {
  const response = await api(server.url, builder, 'POST', '/api/features', { title, mode: 'components' });
  return Feature.parse(await response.json()).id;
}

const platform = () => ({ db, secrets: server.platform.secrets, anthropicBaseUrl: fake.server.url });

const RUN: AgentRunRecord = {
  agent: 'spec',
  stage: 'spec',
  model: 'claude-sonnet-4-5',
  inputTokens: 100,
  outputTokens: 50,
  cacheReadTokens: 1_000,
  cacheWriteTokens: 2_000,
  costUsd: 0.0123,
  durationMs: 420,
  status: 'ok',
};

const RunRow = z.object({
  feature_id: z.string().nullable(),
  agent: z.string(),
  stage: z.string(),
  input_tokens: z.number(),
  cache_read_tokens: z.number(),
  cost_usd: z.coerce.number(),
  status: z.string(),
  error: z.string().nullable(),
});

const runsOf = (builder: Builder) =>
  db.withUser({ sub: builder.id, role: 'authenticated' }, async (tx) =>
    z.array(RunRow).parse(await tx.query('select * from agent_runs order by created_at')),
  );

describe('agentContext', () => {
  it('opens the builder’s own key through the agent-key job, and null for a builder without one', async () => {
    const target = { featureId: null, stage: 'copilot' as const };
    expect(await agentContext(platform(), { ...target, userId: alice.id }).openKey()).toBe(ALICE_KEY);
    expect(await agentContext(platform(), { ...target, userId: bob.id }).openKey()).toBeNull();
    expect(agentContext(platform(), { ...target, userId: alice.id }).baseURL).toBe(fake.server.url);
  });

  it('records a run and adds its tokens and cost to the feature; the remaining budget falls', async () => {
    const featureId = await newFeature(alice, 'Budgeted');
    const ctx = agentContext(platform(), { userId: alice.id, featureId, stage: 'spec' });
    const before = await ctx.remainingTokens();
    expect(before).toBe(600_000);
    await ctx.recordRun(RUN);
    await ctx.recordRun({ ...RUN, status: 'error', error: 'Overloaded', outputTokens: 0 });
    expect(await ctx.remainingTokens()).toBe(before - 3_150 - 3_100);
    const [feature] = await db.withUser({ sub: alice.id, role: 'authenticated' }, (tx) =>
      tx.query<{ tokens_used: string | number; cost_usd: string | number }>(
        'select tokens_used, cost_usd from features where id = $1',
        [featureId],
      ),
    );
    expect(Number(feature?.tokens_used)).toBe(6_250);
    expect(Number(feature?.cost_usd)).toBeCloseTo(0.0246, 6);
    const runs = (await runsOf(alice)).filter((run) => run.feature_id === featureId);
    expect(runs).toMatchObject([
      {
        agent: 'spec',
        stage: 'spec',
        input_tokens: 100,
        cache_read_tokens: 1_000,
        cost_usd: 0.0123,
        status: 'ok',
        error: null,
      },
      { status: 'error', error: 'Overloaded' },
    ]);
  });

  it('spends a small budget to zero, and another builder can neither see the runs nor spend the budget', async () => {
    const featureId = await newFeature(alice, 'Small budget');
    await db.withUser({ sub: alice.id, role: 'authenticated' }, (tx) =>
      tx.query('update features set token_budget = 3000 where id = $1', [featureId]),
    );
    const ctx = agentContext(platform(), { userId: alice.id, featureId, stage: 'planning' });
    await ctx.recordRun(RUN);
    expect(await ctx.remainingTokens()).toBe(-150);

    expect(await runsOf(bob)).toEqual([]);
    const intruder = agentContext(platform(), { userId: bob.id, featureId, stage: 'planning' });
    expect(await intruder.remainingTokens()).toBe(0);
    await expect(intruder.recordRun(RUN)).rejects.toThrow();
    expect(await runsOf(bob)).toEqual([]);
    expect(await ctx.remainingTokens()).toBe(-150);
  });

  it('outside a feature (the co-pilot): a per-call allowance, and runs kept without a feature', async () => {
    const ctx = agentContext(platform(), { userId: alice.id, featureId: null, stage: 'copilot' });
    expect(await ctx.remainingTokens()).toBe(NO_FEATURE_TOKEN_ALLOWANCE);
    await ctx.recordRun({ ...RUN, agent: 'copilot', stage: 'copilot' });
    expect(await ctx.remainingTokens()).toBe(NO_FEATURE_TOKEN_ALLOWANCE);
    expect((await runsOf(alice)).filter((run) => run.feature_id === null)).toMatchObject([
      { agent: 'copilot', stage: 'copilot' },
    ]);
  });

  it('an agent call with this context: the stored key reaches the API, the run lands on the feature, the key nowhere else', async () => {
    const featureId = await newFeature(alice, 'Through the call layer');
    const Output = z.strictObject({ n: z.number() });
    const agent: AgentSpec<{ n: number }> = {
      name: 'planner',
      role: 'Counts.',
      may: ['count'],
      mayNot: ['guess'],
      tool: { name: 'write_plan', description: 'Record it.' },
      output: Output,
    };
    fake.server.script([fakeReply.tool('write_plan', { n: 'one' }), fakeReply.tool('write_plan', { n: 1 })]);
    const ctx = agentContext(platform(), { userId: alice.id, featureId, stage: 'planning' });
    const answer = await callAgent(ctx, agent, 'count');
    expect(answer).toEqual({ output: { n: 1 }, repairs: 1 });
    expect(fake.server.requests.map((request) => request.key)).toEqual([ALICE_KEY, ALICE_KEY]);
    for (const request of fake.server.requests) expect(request.rawBody).not.toContain(ALICE_KEY);
    const runs = (await runsOf(alice)).filter((run) => run.feature_id === featureId);
    expect(runs.map((run) => [run.stage, run.status])).toEqual([
      ['planning', 'error'],
      ['planning', 'ok'],
    ]);
    expect(JSON.stringify(runs)).not.toContain(ALICE_KEY);
    expect(await ctx.remainingTokens()).toBeLessThan(600_000);
    expect(server.logLines.join('\n')).not.toContain(ALICE_KEY);
  });
});
