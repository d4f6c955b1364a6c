import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, WorkflowDefinition } from '../../schemas/definitions.ts';
import {
  ApiErrorBody,
  AppDetail,
  AppVersionList,
  CopilotAnswer,
  WorkflowDetail,
  WorkflowVersionList,
} from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { type Builder, recordingApi, signUpBuilder } from '../testing/builders.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// Issue #8, the co-pilot: "the agent answers with JSON Patch operations on the current definition;
// the canvas previews them as a diff; accept applies them as a new draft version authored by the
// agent, reject discards. Patches that fail validation are repaired by the agent (bounded) or
// refused with the reason." The real SDK talks to the local fake Anthropic.

const examples = new URL('../../schemas/examples/', import.meta.url);
const appExample = (slug: string): AppDefinition => ({
  ...(JSON.parse(readFileSync(new URL('habit-tracker.app.json', examples), 'utf8')) as AppDefinition),
  slug,
});
const workflowExample = () =>
  JSON.parse(readFileSync(new URL('daily-digest-bot.workflow.json', examples), 'utf8')) as WorkflowDefinition;

const CANARY = `sk-ant-canary${randomBytes(12).toString('hex')}`;
const REVOKED = `sk-ant-revoked${randomBytes(12).toString('hex')}`;

const fake = fakeAnthropicForFile([CANARY]);
let db: Db;
let server: TestServer;
/** Owns the apps and the workflow; her key is the canary. */
let olivia: Builder;
/** Olivia's reviewer, with a key of her own. */
let rita: Builder;
/** A stranger. */
let mallory: Builder;
/** Has a revoked key. */
let rex: Builder;
let nokey: Builder;
const seen: string[] = [];
/** Every request body the model received; kept before the fake forgets them after each test. */
const prompts: string[] = [];
afterEach(() => {
  prompts.push(...fake.server.requests.map((request) => request.rawBody));
});
let slugs = 0;

const call = recordingApi(() => server.url, seen);
const errorOf = (response: { json(): unknown }) => ApiErrorBody.parse(response.json()).error;

async function newApp(who: Builder) {
  const response = await call(who, 'POST', '/api/apps', { definition: appExample(`habits-${++slugs}`) });
  expect(response.status).toBe(201);
  return AppDetail.parse(response.json()).id;
}

const DUE = { id: 'due_on', label: 'Due on', type: 'date' };
const addDue = [{ op: 'add', path: '/tables/0/fields/-', value: DUE }];
const badType = [{ op: 'add', path: '/tables/0/fields/-', value: { ...DUE, type: 'calendar' } }];
const propose = (operations: unknown, summary = 'Adds a "Due on" date to habits.') =>
  fakeReply.tool('propose_patch', { summary, operations });

const versionsOf = async (who: Builder, id: string) =>
  AppVersionList.parse((await call(who, 'GET', `/api/apps/${id}/versions`)).json()).versions;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { env: { ANTHROPIC_BASE_URL: fake.server.url } });
  const signed = await Promise.all(
    ['olivia', 'rita', 'mallory', 'rex', 'nokey'].map((name) => signUpBuilder(server.url, name)),
  );
  [olivia, rita, mallory, rex, nokey] = signed as [Builder, Builder, Builder, Builder, Builder];
  for (const [who, key] of [
    [olivia, CANARY],
    [rita, CANARY.replace('canary', 'ritaaa')],
    [mallory, CANARY.replace('canary', 'malory')],
    [rex, REVOKED],
  ] as const) {
    expect((await call(who, 'PUT', '/api/settings/anthropic-key', { key })).status).toBe(200);
  }
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('co-pilot on an app', () => {
  it('previews a valid patch, then saves it on accept as a version authored by the agent', async () => {
    const id = await newApp(olivia);
    fake.server.script([propose(addDue)]);

    const asked = await call(olivia, 'POST', `/api/apps/${id}/copilot`, {
      message: 'add a due date to habits',
      baseVersion: 1,
    });
    expect(asked.status).toBe(200);
    const answer = CopilotAnswer.parse(asked.json());
    expect(answer).toMatchObject({ summary: 'Adds a "Due on" date to habits.', baseVersion: 1, repairs: 0 });
    expect(answer.operations).toEqual(addDue);
    const proposed = answer.proposed as unknown as AppDefinition;
    expect(proposed.tables[0]!.fields.at(-1)).toMatchObject(DUE);
    // A preview only: nothing saved yet.
    expect(await versionsOf(olivia, id)).toHaveLength(1);

    // The agent saw the definition and the request, through its forced tool; the call is recorded.
    const request = fake.server.requests[0]!;
    expect(request.body?.tool_choice).toEqual({ type: 'tool', name: 'propose_patch' });
    expect(request.rawBody).toContain('add a due date to habits');
    expect(request.rawBody).toContain('weekly_target');
    const runs = await db.asService('test-fixtures', (tx) =>
      tx.query<{ agent: string; stage: string; feature_id: string | null; status: string }>(
        `select agent, stage, feature_id, status from agent_runs where user_id = $1`,
        [olivia.id],
      ),
    );
    expect(runs).toEqual([{ agent: 'copilot', stage: 'copilot', feature_id: null, status: 'ok' }]);

    const accepted = await call(olivia, 'POST', `/api/apps/${id}/copilot/accept`, {
      operations: answer.operations,
      baseVersion: 1,
    });
    expect(accepted.status).toBe(200);
    const detail = AppDetail.parse(accepted.json());
    expect(detail.currentVersion).toBe(2);
    expect(detail.problems).toEqual([]);
    const versions = await versionsOf(olivia, id);
    expect(versions.map((v) => [v.version, v.author])).toEqual([
      [2, 'agent'],
      [1, 'builder'],
    ]);
    const diff = await call(olivia, 'GET', `/api/apps/${id}/versions/1/diff/2`);
    expect(diff.status).toBe(200);
    expect(diff.text).toContain('due_on');
    const saved = await call(olivia, 'GET', `/api/apps/${id}/versions/2`);
    expect((saved.json() as { definition: unknown }).definition).toEqual(answer.proposed);
  });

  it('sends an invalid patch back to the agent with the reason and returns the repaired one (repairs = 1)', async () => {
    const id = await newApp(olivia);
    fake.server.script([propose(badType), propose(addDue)]);
    const asked = await call(olivia, 'POST', `/api/apps/${id}/copilot`, {
      message: 'add a due date',
      baseVersion: 1,
    });
    expect(asked.status).toBe(200);
    const answer = CopilotAnswer.parse(asked.json());
    expect(answer.repairs).toBe(1);
    expect(answer.operations).toEqual(addDue);
    expect(fake.server.requests).toHaveLength(2);
    // The second request carries the problem, naming the field.
    expect(fake.server.requests[1]!.rawBody).toMatch(/definition\.tables\[0\]\.fields\[\d+\]/);
  });

  it('refuses with 422 naming the reason when the patch is still invalid after two repairs', async () => {
    const id = await newApp(olivia);
    fake.server.script([propose(badType), propose(badType), propose(badType)]);
    const asked = await call(olivia, 'POST', `/api/apps/${id}/copilot`, {
      message: 'add a due date',
      baseVersion: 1,
    });
    expect(asked.status).toBe(422);
    const error = errorOf(asked);
    expect(error.code).toBe('copilot_patch_refused');
    expect(error.message).toMatch(/tables\[0\]\.fields/);
    expect(fake.server.requests).toHaveLength(3);
    expect(await versionsOf(olivia, id)).toHaveLength(1);
  });

  it('refuses an agent that keeps reaching for __proto__ or the whole document', async () => {
    const id = await newApp(olivia);
    fake.server.script([
      propose([{ op: 'add', path: '/__proto__/polluted', value: true }]),
      propose([{ op: 'replace', path: '', value: workflowExample() }]),
      propose([{ op: 'replace', path: '/kind', value: 'workflow' }]),
    ]);
    const asked = await call(olivia, 'POST', `/api/apps/${id}/copilot`, {
      message: 'anything',
      baseVersion: 1,
    });
    expect(asked.status).toBe(422);
    expect(errorOf(asked).message).toMatch(/\/kind may not be changed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await versionsOf(olivia, id)).toHaveLength(1);
  });

  it('a stale baseVersion is a 409, before any model call and on accept', async () => {
    const id = await newApp(olivia);
    const put = await call(olivia, 'PUT', `/api/apps/${id}`, {
      definition: { ...appExample(`habits-${++slugs}`), name: 'Edited elsewhere' },
      baseVersion: 1,
    });
    expect(put.status).toBe(200);
    const asked = await call(olivia, 'POST', `/api/apps/${id}/copilot`, {
      message: 'add a due date',
      baseVersion: 1,
    });
    expect(asked.status).toBe(409);
    expect(errorOf(asked)).toMatchObject({ code: 'version_conflict' });
    expect(errorOf(asked).message).toMatch(/now at version 2/);
    expect(fake.server.requests).toHaveLength(0);

    const accepted = await call(olivia, 'POST', `/api/apps/${id}/copilot/accept`, {
      operations: addDue,
      baseVersion: 1,
    });
    expect(accepted.status).toBe(409);
    expect(errorOf(accepted).code).toBe('version_conflict');
    expect(await versionsOf(olivia, id)).toHaveLength(2);
  });

  it('a reviewer gets 403 (asking and accepting), a stranger 404; neither reaches the model', async () => {
    const id = await newApp(olivia);
    expect((await call(olivia, 'POST', `/api/apps/${id}/reviewers`, { username: 'rita' })).status).toBe(201);
    const body = { message: 'add a due date', baseVersion: 1 };
    const reviewerAsk = await call(rita, 'POST', `/api/apps/${id}/copilot`, body);
    expect(reviewerAsk.status).toBe(403);
    expect(errorOf(reviewerAsk).code).toBe('reviewer_read_only');
    const reviewerAccept = await call(rita, 'POST', `/api/apps/${id}/copilot/accept`, {
      operations: addDue,
      baseVersion: 1,
    });
    expect(reviewerAccept.status).toBe(403);
    expect((await call(mallory, 'POST', `/api/apps/${id}/copilot`, body)).status).toBe(404);
    expect(
      (await call(mallory, 'POST', `/api/apps/${id}/copilot/accept`, { operations: addDue, baseVersion: 1 }))
        .status,
    ).toBe(404);
    expect(fake.server.requests).toHaveLength(0);
    expect(await versionsOf(olivia, id)).toHaveLength(1);
  });

  it('accept re-checks what the studio sends: __proto__, the whole document, the kind, an invalid field', async () => {
    const id = await newApp(olivia);
    const accept = (operations: unknown) =>
      call(olivia, 'POST', `/api/apps/${id}/copilot/accept`, { operations, baseVersion: 1 });

    const proto = await accept([{ op: 'add', path: '/__proto__/polluted', value: true }]);
    expect(proto.status).toBe(400);
    expect(errorOf(proto).issues?.[0]?.path).toBe('operations[0].path');

    const protoValue = await call(
      olivia,
      'POST',
      `/api/apps/${id}/copilot/accept`,
      `{"baseVersion":1,"operations":[{"op":"add","path":"/tables/0/fields/-","value":{"id":"x","label":"X","type":"text","__proto__":{"polluted":true}}}]}`,
    );
    expect(protoValue.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const root = await accept([{ op: 'replace', path: '', value: appExample('taken-over') }]);
    expect(root.status).toBe(422);
    expect(errorOf(root).message).toMatch(/whole definition/);

    const kind = await accept([{ op: 'replace', path: '/kind', value: 'workflow' }]);
    expect(kind.status).toBe(422);

    const invalid = await accept(badType);
    expect(invalid.status).toBe(422);
    expect(errorOf(invalid).code).toBe('invalid_patch');
    expect(errorOf(invalid).issues?.[0]?.path).toMatch(/^definition\.tables\[0\]\.fields\[\d+\]/);

    const missing = await accept([{ op: 'remove', path: '/tables/7' }]);
    expect(missing.status).toBe(422);
    expect(errorOf(missing).message).toMatch(/operations\[0\]/);

    expect(await versionsOf(olivia, id)).toHaveLength(1);
  });
});

describe('co-pilot on a workflow', () => {
  it('previews and accepts a patch as an agent-authored workflow version', async () => {
    const created = await call(olivia, 'POST', '/api/workflows', { definition: workflowExample() });
    expect(created.status).toBe(201);
    const id = WorkflowDetail.parse(created.json()).id;
    const rename = [{ op: 'replace', path: '/name', value: 'Daily digest v2' }];
    const broken = [{ op: 'replace', path: '/start', value: 'no_such_step' }];
    fake.server.script([propose(broken, 'Starts elsewhere.'), propose(rename, 'Renames it.')]);

    const asked = await call(olivia, 'POST', `/api/workflows/${id}/copilot`, {
      message: 'rename it',
      baseVersion: 1,
    });
    expect(asked.status).toBe(200);
    const answer = CopilotAnswer.parse(asked.json());
    expect(answer).toMatchObject({ repairs: 1, summary: 'Renames it.' });
    expect(answer.proposed.name).toBe('Daily digest v2');

    const accepted = await call(olivia, 'POST', `/api/workflows/${id}/copilot/accept`, {
      operations: answer.operations,
      baseVersion: 1,
    });
    expect(accepted.status).toBe(200);
    expect(WorkflowDetail.parse(accepted.json())).toMatchObject({
      currentVersion: 2,
      name: 'Daily digest v2',
    });
    const versions = WorkflowVersionList.parse(
      (await call(olivia, 'GET', `/api/workflows/${id}/versions`)).json(),
    ).versions;
    expect(versions.map((v) => [v.version, v.author])).toEqual([
      [2, 'agent'],
      [1, 'builder'],
    ]);
    const diff = await call(olivia, 'GET', `/api/workflows/${id}/versions/1/diff/2`);
    expect(diff.text).toContain('Daily digest v2');
  });

  it('a reviewer of the workflow gets 403, a stranger 404', async () => {
    const created = await call(olivia, 'POST', '/api/workflows', { definition: workflowExample() });
    const id = WorkflowDetail.parse(created.json()).id;
    expect((await call(olivia, 'POST', `/api/workflows/${id}/reviewers`, { username: 'rita' })).status).toBe(
      201,
    );
    const ask = { message: 'rename it', baseVersion: 1 };
    const accept = { operations: [{ op: 'replace', path: '/name', value: 'Mine now' }], baseVersion: 1 };
    const reviewerAsk = await call(rita, 'POST', `/api/workflows/${id}/copilot`, ask);
    expect(reviewerAsk.status).toBe(403);
    expect(errorOf(reviewerAsk).code).toBe('reviewer_read_only');
    expect((await call(rita, 'POST', `/api/workflows/${id}/copilot/accept`, accept)).status).toBe(403);
    expect((await call(mallory, 'POST', `/api/workflows/${id}/copilot`, ask)).status).toBe(404);
    expect((await call(mallory, 'POST', `/api/workflows/${id}/copilot/accept`, accept)).status).toBe(404);
    expect(fake.server.requests).toHaveLength(0);
    const versions = WorkflowVersionList.parse(
      (await call(olivia, 'GET', `/api/workflows/${id}/versions`)).json(),
    ).versions;
    expect(versions).toHaveLength(1);
  });
});

describe('co-pilot key errors (JSON, never a 401 of our own)', () => {
  it('no key: 409 saying to add one in Settings, without a model call', async () => {
    const id = await newApp(nokey);
    const asked = await call(nokey, 'POST', `/api/apps/${id}/copilot`, {
      message: 'add a due date',
      baseVersion: 1,
    });
    expect(asked.status).toBe(409);
    expect(errorOf(asked)).toMatchObject({
      code: 'anthropic_key_missing',
      message: 'Add your Anthropic key in Settings to use the co-pilot',
    });
    expect(fake.server.requests).toHaveLength(0);
  });

  it('a revoked key: 409 with the key message, not 401', async () => {
    const id = await newApp(rex);
    fake.server.script([propose(addDue)]);
    const asked = await call(rex, 'POST', `/api/apps/${id}/copilot`, {
      message: 'add a due date',
      baseVersion: 1,
    });
    expect(asked.status).toBe(409);
    expect(errorOf(asked)).toMatchObject({ code: 'anthropic_key_rejected' });
    expect(errorOf(asked).message).toMatch(/check it in Settings/);
  });

  it('a rate limit: 429 with Retry-After; an overloaded model: 503', async () => {
    const id = await newApp(olivia);
    fake.server.script([fakeReply.rateLimited(20), fakeReply.overloaded()]);
    const limited = await call(olivia, 'POST', `/api/apps/${id}/copilot`, { message: 'x', baseVersion: 1 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(errorOf(limited).message).toMatch(/try again in 20 s/);
    const overloaded = await call(olivia, 'POST', `/api/apps/${id}/copilot`, {
      message: 'x',
      baseVersion: 1,
    });
    expect(overloaded.status).toBe(503);
    expect(errorOf(overloaded).code).toBe('anthropic_overloaded');
  });

  it('the key never appears in a response, a prompt, a log line or a run', async () => {
    expect(prompts.length).toBeGreaterThan(10);
    for (const prompt of prompts) expect(prompt).not.toContain(CANARY);
    expect(seen.length).toBeGreaterThan(30);
    for (const body of seen) expect(body).not.toContain(CANARY);
    for (const line of server.logLines) expect(line).not.toContain(CANARY);
    const runs = await db.asService('test-fixtures', (tx) => tx.query('select * from agent_runs'));
    expect(runs.length).toBeGreaterThan(5);
    expect(JSON.stringify(runs)).not.toContain(CANARY);
  });
});
