import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_TOOLS } from '../api/agents/contracts.ts';
import { api, type Builder, signUpBuilder } from '../api/testing/builders.ts';
import { recipeAnswers } from '../api/testing/fake-anthropic/pipeline-recipe.ts';
import { pipelineScript } from '../api/testing/fake-anthropic/pipeline-script.ts';
import type { FakeReply, RecordedRequest } from '../api/testing/fake-anthropic/script.ts';
import { startFakeAnthropic } from '../api/testing/fake-anthropic/server.ts';
import { freePort } from '../api/testing/test-server.ts';
import { type FeatureDetail, FeatureDetail as FeatureDetailSchema } from '../schemas/index.ts';
import { type CrashableServer, startCrashableServer } from './support/crashable-server.ts';
import { serverDatabase } from './support/database.ts';

// Issue #8: "Durable: the pipeline is a job queue in Postgres; kill the server mid-stage and on
// restart the feature resumes from the last finished stage without paying again for finished
// stages." The real server process is killed with SIGKILL while the implementer's model call is in
// flight; the restarted process takes the stage over once its lease runs out, and the fake
// Anthropic's recorded requests show the spec, plan and tests were not asked for again.

const KEY = `sk-ant-restart${randomBytes(8).toString('hex')}`;
const LEASE_MS = 2000;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

const forced = (request: RecordedRequest) =>
  request.body?.tool_choice?.type === 'tool' ? request.body.tool_choice.name : '(none)';

describe('a server killed in the middle of a build', () => {
  it('resumes from the interrupted stage without paying again for the finished ones', {
    timeout: 180_000,
  }, async () => {
    // Before the kill the implementer's answer never comes; after it, it comes at once.
    let hang = true;
    const slow = pipelineScript(recipeAnswers(), {
      delayMs: { [AGENT_TOOLS.implementer.components]: 120_000 },
    });
    const quick = pipelineScript(recipeAnswers());
    const fake = await startFakeAnthropic({
      keys: [KEY],
      script: (request): FakeReply => (hang ? slow(request) : quick(request)),
    });
    cleanups.push(() => fake.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'bp-pipeline-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await serverDatabase(dataDir);
    cleanups.push(database.drop);
    const env = { ...database.env, ANTHROPIC_BASE_URL: fake.url, PIPELINE_LEASE_MS: String(LEASE_MS) };
    // Same port across the restart: the builder's token names the address as its issuer.
    const port = await freePort();
    let server: CrashableServer = await startCrashableServer(env, port);
    cleanups.push(() => server.stop());
    const builder: Builder = await signUpBuilder(server.url, 'pipeline-builder');

    const call = async <T>(method: string, path: string, body?: unknown, status = 200): Promise<T> => {
      const response = await api(server.url, builder, method, path, body);
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(status);
      return (text ? JSON.parse(text) : undefined) as T;
    };

    await call('PUT', '/api/settings/anthropic-key', { key: KEY });
    const feature = await call<{ id: string }>(
      'POST',
      '/api/features',
      { title: 'Recipe tracker', mode: 'components' },
      201,
    );
    await call('POST', `/api/features/${feature.id}/build`, {}, 202);

    // Wait until the implementer's call is in flight, then kill the process outright.
    const until = Date.now() + 60_000;
    while (!fake.requests.some((r) => forced(r) === AGENT_TOOLS.implementer.components)) {
      if (Date.now() > until) throw new Error(`the implementer was never called:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const before: FeatureDetail = FeatureDetailSchema.parse(await call('GET', `/api/features/${feature.id}`));
    expect(before.status).toBe('implementing');
    expect(before.artifacts.tests?.kind).toBe('components');
    await server.crash();
    hang = false;

    server = await startCrashableServer(env, port);
    const settleBy = Date.now() + 60_000;
    let after: FeatureDetail;
    for (;;) {
      after = FeatureDetailSchema.parse(await call('GET', `/api/features/${feature.id}`));
      if (after.status === 'awaiting_approval' || after.status === 'failed') break;
      if (Date.now() > settleBy)
        throw new Error(`still ${after.status} after the restart:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(after.failureReason).toBeNull();
    expect(after.status).toBe('awaiting_approval');
    expect(after.artifacts.contractRun).toMatchObject({ failed: [] });

    // Finished stages were not paid for again; the interrupted one was.
    const tools = fake.requests.map(forced);
    const count = (tool: string) => tools.filter((t) => t === tool).length;
    expect(count(AGENT_TOOLS.spec)).toBe(1);
    expect(count(AGENT_TOOLS.planner)).toBe(1);
    expect(count(AGENT_TOOLS['contract-tests'])).toBe(1);
    expect(count(AGENT_TOOLS.implementer.components)).toBe(2);
    expect(count(AGENT_TOOLS['security-reviewer'])).toBe(1);
    expect(count(AGENT_TOOLS['code-reviewer'])).toBe(1);
  });
});
