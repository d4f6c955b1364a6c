import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, ApproveResult, Feature, FeatureDetail } from '../../schemas/index.ts';
import { AGENT_TOOLS } from '../agents/contracts.ts';
import type { RunningPipelineWorker } from '../agents/pipeline/worker.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { recipeAnswers } from '../testing/fake-anthropic/pipeline-recipe.ts';
import { codePipelineScript, pipelineScript } from '../testing/fake-anthropic/pipeline-script.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Issue #8, after the build: "approves (publishes / activates / makes the zip available) or
// rejects with a comment, which sends it back with that comment. `failed` says which stage failed
// and why, and can be retried from that stage." Code mode: "downloadable as a zip".

const KEY = `sk-ant-approval${randomBytes(8).toString('hex')}`;
const fake = fakeAnthropicForFile([KEY]);
let db: Db;
let server: TestServer;
let alice: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { pipeline: true, env: { ANTHROPIC_BASE_URL: fake.server.url } });
  alice = await signUpBuilder(server.url, 'alice');
  expect((await api(server.url, alice, 'PUT', '/api/settings/anthropic-key', { key: KEY })).status).toBe(200);
});
afterEach(() => (server.platform.pipeline as RunningPipelineWorker).idle());
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await api(server.url, alice, method, path, body);
  const text = await response.text();
  expect(text).not.toContain(KEY);
  return { status: response.status, text, json: () => JSON.parse(text) as unknown };
}

async function settled(id: string) {
  const until = Date.now() + 60_000;
  for (;;) {
    const shown = FeatureDetail.parse((await call('GET', `/api/features/${id}`)).json());
    if (['awaiting_approval', 'failed', 'done'].includes(shown.status)) return shown;
    if (Date.now() > until) throw new Error(`still ${shown.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function build(title: string, mode: string) {
  const feature = Feature.parse((await call('POST', '/api/features', { title, mode })).json());
  expect((await call('POST', `/api/features/${feature.id}/build`)).status).toBe(202);
  return { id: feature.id, built: await settled(feature.id) };
}

const forced = () =>
  fake.server.requests.map((r) =>
    r.body?.tool_choice?.type === 'tool' ? r.body.tool_choice.name : '(none)',
  );

/** Reads the entries of a stored (uncompressed) zip through its central directory. */
function entriesOf(bytes: Uint8Array): { path: string; content: string }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  return Array.from({ length: view.getUint16(end + 10, true) }, () => {
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const path = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength;
    const start = local + 30 + nameLength;
    return { path, content: decoder.decode(bytes.subarray(start, start + size)) };
  });
}

describe('rejecting and retrying', () => {
  it('sends a rejected build back to the implementer with the comment', async () => {
    fake.server.script(pipelineScript(recipeAnswers()));
    const { id, built } = await build('Recipe tracker', 'components');
    expect(built.status).toBe('awaiting_approval');
    const empty = await call('POST', `/api/features/${id}/reject`, { comment: '  ' });
    expect(empty.status).toBe(400);
    expect(ApiErrorBody.parse(empty.json()).error.message).toContain('comment: must not be empty');

    fake.server.requests.length = 0;
    const rejected = await call('POST', `/api/features/${id}/reject`, {
      comment: 'Add a cost per serving field',
    });
    expect(rejected.status).toBe(202);
    expect(FeatureDetail.parse(rejected.json())).toMatchObject({
      status: 'implementing',
      rejectionComment: 'Add a cost per serving field',
    });
    const again = await settled(id);
    expect(again.status).toBe('awaiting_approval');
    // Only the implementer and the reviewers ran again, the comment and the previous result in hand.
    expect(forced()).toEqual([
      AGENT_TOOLS.implementer.components,
      AGENT_TOOLS['security-reviewer'],
      AGENT_TOOLS['code-reviewer'],
    ]);
    const implementer = fake.server.requests[0]!.rawBody;
    expect(implementer).toContain('Add a cost per serving field');
    expect(implementer).toContain('previous_result');
    expect((await call('POST', `/api/features/${id}/reject`, { comment: 'x' })).status).toBe(202);
  });

  it('retries a failed build from the failed stage, without redoing the earlier ones', async () => {
    const answers = recipeAnswers();
    const app = structuredClone(answers.tools[AGENT_TOOLS.implementer.components]) as {
      access: { roles: { id: string; tables: { create: boolean }[] }[] };
    };
    app.access.roles.find((r) => r.id === 'viewer')!.tables[0]!.create = true;
    fake.server.script(
      pipelineScript({ ...answers, tools: { ...answers.tools, [AGENT_TOOLS.implementer.components]: app } }),
    );
    const { id, built } = await build('Recipe tracker (retry)', 'components');
    expect(built).toMatchObject({ status: 'failed', failedStage: 'implementing' });

    const later = await call('POST', `/api/features/${id}/retry`, { stage: 'reviewing' });
    expect(later.status).toBe(400);
    expect(ApiErrorBody.parse(later.json()).error.message).toContain('stage');
    expect((await call('POST', `/api/features/${id}/retry`, { stage: 'nonsense' })).status).toBe(400);

    fake.server.requests.length = 0;
    fake.server.script(pipelineScript(recipeAnswers()));
    const retried = await call('POST', `/api/features/${id}/retry`, {});
    expect(retried.status).toBe(202);
    expect(FeatureDetail.parse(retried.json())).toMatchObject({
      status: 'implementing',
      failureReason: null,
    });
    expect((await settled(id)).status).toBe('awaiting_approval');
    expect(forced()[0]).toBe(AGENT_TOOLS.implementer.components);
    expect(forced()).not.toContain(AGENT_TOOLS.spec);
    // Approval, and a second approval is refused (the feature is done).
    expect((await call('POST', `/api/features/${id}/approve`)).status).toBe(200);
    expect((await call('POST', `/api/features/${id}/approve`)).status).toBe(409);
    expect((await call('POST', `/api/features/${id}/retry`)).status).toBe(409);
  });

  it('refuses approval while the reviewers report a blocker', async () => {
    const answers = recipeAnswers();
    answers.tools[AGENT_TOOLS['security-reviewer']] = {
      summary: 'Anyone can read every address.',
      findings: [
        {
          ruleId: 'llm.public-addresses',
          severity: 'blocker',
          path: 'tables[0]',
          message: 'Hide the addresses',
        },
      ],
    };
    fake.server.script(pipelineScript(answers));
    const { id, built } = await build('Recipe tracker (blocked)', 'components');
    expect(built.status).toBe('awaiting_approval');
    const approved = await call('POST', `/api/features/${id}/approve`);
    expect(approved.status).toBe(422);
    const result = ApproveResult.parse(approved.json());
    expect(result.approved).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'llm.public-addresses', source: 'security-reviewer' }),
    );
    expect((await settled(id)).status).toBe('awaiting_approval');
  });
});

describe('workflows mode', () => {
  it('creates the workflow on approval and names the connection to bind before it can be activated', async () => {
    const definition = {
      schemaVersion: 1,
      kind: 'workflow',
      name: 'Bug pager',
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
      },
      secrets: [{ id: 'signing', label: 'Signing secret' }],
      start: 'page',
      steps: [
        {
          id: 'page',
          label: 'Page the team',
          kind: 'send_message',
          connectionId: 'slack',
          to: '"#ops"',
          text: 'trigger.body.text',
        },
      ],
      connections: [
        {
          id: 'slack',
          label: 'Slack',
          provider: 'slack',
          auth: { kind: 'oauth2', scopes: ['chat:write'] },
          allowedHosts: ['slack.com'],
        },
      ],
    };
    const answers = recipeAnswers();
    answers.tools[AGENT_TOOLS['contract-tests']] = {
      kind: 'workflows',
      cases: [
        {
          name: 'A report pages the team',
          trigger: { text: 'The export crashes' },
          stubs: { page: { id: 'm1' } },
          expect: { status: 'succeeded', stepsRun: ['page'] },
        },
      ],
    };
    answers.tools[AGENT_TOOLS.implementer.workflows] = definition;
    fake.server.script(pipelineScript(answers));
    const { id, built } = await build('Bug pager', 'workflows');
    expect(built.status, built.failureReason ?? '').toBe('awaiting_approval');
    expect(built.artifacts.contractRun).toEqual({ passed: 1, failed: [], rounds: 1 });

    const approved = await call('POST', `/api/features/${id}/approve`);
    expect(approved.status).toBe(422);
    const result = ApproveResult.parse(approved.json());
    expect(result.workflowId).toBeTruthy();
    expect(result.findings.map((f) => f.ruleId)).toContain('workflow.connection-not-connected');
    // The workflow is there for the builder to bind; approving again reuses it (a new version).
    const workflow = await call('GET', `/api/workflows/${result.workflowId}`);
    expect(workflow.status).toBe(200);
    const second = ApproveResult.parse((await call('POST', `/api/features/${id}/approve`)).json());
    expect(second.workflowId).toBe(result.workflowId);
    expect((await settled(id)).status).toBe('awaiting_approval');
  });
});

describe('code mode', () => {
  it('makes the zip of the bundle available once approved, and not before', async () => {
    fake.server.script(codePipelineScript());
    const { id, built } = await build('Unit converter', 'code');
    expect(built.status, built.failureReason ?? '').toBe('awaiting_approval');
    expect(built.artifacts.result?.kind).toBe('code');
    expect(built.codeZipUrl).toBeNull();
    expect((await call('GET', `/api/features/${id}/artifacts/code.zip`)).status).toBe(404);

    const approved = ApproveResult.parse((await call('POST', `/api/features/${id}/approve`)).json());
    expect(approved).toMatchObject({ approved: true, codeZipUrl: `/api/features/${id}/artifacts/code.zip` });
    const response = await fetch(`${server.url}${approved.codeZipUrl}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const entries = entriesOf(new Uint8Array(await response.arrayBuffer()));
    const result = built.artifacts.result as { files: { path: string }[]; tests: { path: string }[] };
    // SPEC.md first: the spec in markdown, from the spec and the plan.
    const [spec, ...rest] = entries;
    expect(spec?.path).toBe('SPEC.md');
    expect(spec?.content).toContain(`# ${built.artifacts.spec?.title}`);
    expect(spec?.content).toContain('## Requirements');
    for (const line of built.artifacts.spec?.acceptance ?? []) expect(spec?.content).toContain(`- ${line}`);
    expect(rest).toEqual([...result.files, ...result.tests]);
    // The contract tests went into the bundle unchanged.
    expect(result.tests).toEqual((built.artifacts.tests as { tests: unknown[] }).tests);

    // Deleting the feature removes its artifacts' bytes too.
    expect(server.blobs.keys().some((key) => key.includes(id))).toBe(true);
    expect((await call('DELETE', `/api/features/${id}`)).status).toBe(204);
    expect(server.blobs.keys().some((key) => key.includes(id))).toBe(false);
  });
});
