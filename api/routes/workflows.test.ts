import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefinitionDiff } from '../../runtime/definitions/diff-change.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import { ApiErrorBody, WorkflowDetail, WorkflowList, WorkflowVersionList } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const EXAMPLES = new URL('../../schemas/examples/', import.meta.url);
const exampleNames = readdirSync(EXAMPLES)
  .filter((file) => file.endsWith('.workflow.json'))
  .map((file) => file.replace(/\.workflow\.json$/, ''));
const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`${name}.workflow.json`, EXAMPLES), 'utf8')) as WorkflowDefinition;
const digest = () => example('daily-digest-bot');

let db: Db;
let server: TestServer;
let alice: Builder;
let bob: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'wf-alice');
  bob = await signUpBuilder(server.url, 'wf-bob');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const call = (who: Builder, method: string, path: string, body?: unknown) =>
  api(server.url, who, method, `/api/workflows${path}`, body);
const create = async (who: Builder, definition: unknown) => call(who, 'POST', '', { definition });
const created = async (who: Builder, definition: unknown) => {
  const response = await create(who, definition);
  expect(response.status).toBe(201);
  return WorkflowDetail.parse(await response.json());
};
const detailOf = async (who: Builder, id: string) =>
  WorkflowDetail.parse(await (await call(who, 'GET', `/${id}`)).json());
const versionsOf = async (who: Builder, id: string) =>
  WorkflowVersionList.parse(await (await call(who, 'GET', `/${id}/versions`)).json()).versions;
const issuesOf = async (response: Response) => ApiErrorBody.parse(await response.json()).error;

describe('workflows API: create and read', () => {
  it.each(exampleNames)('the example %s round-trips unchanged as version 1', async (name) => {
    const definition = example(name);
    const made = await created(alice, definition);
    expect(made).toMatchObject({
      name: definition.name,
      status: 'draft',
      currentVersion: 1,
      activeVersion: null,
      problems: [],
    });
    const read = await detailOf(alice, made.id);
    expect(read).toMatchObject({ access: 'owner', owner: 'wf-alice' });
    expect(read.definition).toEqual(definition);
    expect(read.problems).toEqual([]);
    expect(await versionsOf(alice, made.id)).toEqual([
      { version: 1, author: 'builder', createdAt: expect.any(String), active: false, summary: 'Created' },
    ]);
  });

  it('lists the builder’s workflows, newest change first, with their versions', async () => {
    const list = WorkflowList.parse(await (await call(alice, 'GET', '')).json()).workflows;
    expect(list.map((w) => w.name).sort()).toEqual(exampleNames.map((n) => example(n).name).sort());
    expect(
      list.every((w) => w.currentVersion === 1 && w.activeVersion === null && w.status === 'draft'),
    ).toBe(true);
  });

  it('refuses an invalid definition with every problem at its definition.<path>', async () => {
    const broken = digest();
    broken.start = 'nowhere';
    Object.assign(broken.steps[0]!, { connectionId: 'gitlab' });
    const response = await create(alice, broken);
    expect(response.status).toBe(400);
    const error = await issuesOf(response);
    expect(error.code).toBe('invalid_definition');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'definition.start', message: expect.stringMatching(/step "nowhere" does not exist/) },
        {
          path: 'definition.steps[0].connectionId',
          message: expect.stringMatching(/connection "gitlab" is not declared/),
        },
      ]),
    );
    expect(error.issues?.every((i) => i.path.startsWith('definition.'))).toBe(true);
    expect(error.message).toMatch(/^definition: \d+ problem\(s\)/);
  });

  it('refuses a shape error and another kind of definition, naming the path', async () => {
    const shape = digest() as unknown as { steps: { kind: string }[] };
    shape.steps[0]!.kind = 'teleport';
    const shapeError = await issuesOf(await create(alice, shape));
    expect(shapeError.issues?.some((i) => i.path.startsWith('definition.steps[0]'))).toBe(true);

    const app = JSON.parse(readFileSync(new URL('habit-tracker.app.json', EXAMPLES), 'utf8')) as unknown;
    const wrongKind = await create(alice, app);
    expect(wrongKind.status).toBe(400);
    expect((await issuesOf(wrongKind)).issues?.map((i) => i.path)).toContain('definition.kind');
  });

  it('refuses a malformed body and a bad id as requests, naming the part', async () => {
    const extra = await call(alice, 'POST', '', { definition: digest(), activate: true });
    expect(extra.status).toBe(400);
    expect((await issuesOf(extra)).message).toMatch(/unknown field\(s\): activate/);
    const badId = await call(alice, 'GET', '/not-a-uuid');
    expect(badId.status).toBe(400);
    expect((await issuesOf(badId)).issues).toEqual([{ path: 'id', message: 'must be a workflow id (uuid)' }]);
    const missing = await call(alice, 'GET', '/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});

describe('workflows API: drafts, versions, diffs', () => {
  let id: string;
  const renamed = () => {
    const draft = digest();
    draft.name = 'Morning digest';
    draft.steps[0]!.label = 'List the repositories pushed to lately';
    return draft;
  };

  it('saves a draft as the next version and renames the workflow', async () => {
    id = (await created(alice, digest())).id;
    const saved = await call(alice, 'PUT', `/${id}`, { definition: renamed(), baseVersion: 1 });
    expect(saved.status).toBe(200);
    const detail = WorkflowDetail.parse(await saved.json());
    expect(detail).toMatchObject({ id, name: 'Morning digest', currentVersion: 2, problems: [] });
    expect((await detailOf(alice, id)).definition).toEqual(renamed());
  });

  it('refuses a stale base version with 409 and saves nothing', async () => {
    const stale = await call(alice, 'PUT', `/${id}`, { definition: digest(), baseVersion: 1 });
    expect(stale.status).toBe(409);
    const error = await issuesOf(stale);
    expect(error.code).toBe('version_conflict');
    expect(error.message).toMatch(/now at version 2/);
    expect((await versionsOf(alice, id)).map((v) => v.version)).toEqual([2, 1]);
    expect((await detailOf(alice, id)).name).toBe('Morning digest');
  });

  it('saves an invalid draft and answers its problems; reading it back shows them too', async () => {
    const invalid = renamed();
    invalid.start = 'nowhere';
    const saved = await call(alice, 'PUT', `/${id}`, { definition: invalid, baseVersion: 2 });
    expect(saved.status).toBe(200);
    const detail = WorkflowDetail.parse(await saved.json());
    expect(detail.currentVersion).toBe(3);
    expect(detail.problems.map((p) => p.path)).toContain('start');
    const read = await detailOf(alice, id);
    expect(read.definition).toEqual(invalid);
    expect(read.problems).toEqual(detail.problems);
  });

  it('keeps the last usable name when a draft has none', async () => {
    const nameless = { ...renamed(), name: '   ' };
    const detail = WorkflowDetail.parse(
      await (await call(alice, 'PUT', `/${id}`, { definition: nameless, baseVersion: 3 })).json(),
    );
    expect(detail).toMatchObject({ currentVersion: 4, name: 'Morning digest' });
    expect(detail.problems.map((p) => p.path)).toContain('name');
  });

  it('refuses a draft that is not a workflow (400, nothing saved)', async () => {
    for (const definition of [{ ...digest(), kind: 'app' }, ['not', 'an', 'object'], 'text', null]) {
      const response = await call(alice, 'PUT', `/${id}`, { definition, baseVersion: 4 });
      expect(response.status, JSON.stringify(definition)).toBe(400);
      expect((await issuesOf(response)).issues).toEqual([
        { path: 'definition.kind', message: 'must be "workflow"' },
      ]);
    }
    const noBase = await call(alice, 'PUT', `/${id}`, { definition: digest() });
    expect(noBase.status).toBe(400);
    expect((await issuesOf(noBase)).issues?.[0]).toEqual({ path: 'baseVersion', message: 'is required' });
    expect((await versionsOf(alice, id)).map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });

  it('lists versions newest first, by whom, none active yet', async () => {
    const versions = await versionsOf(alice, id);
    expect(versions.map((v) => [v.version, v.author, v.active])).toEqual([
      [4, 'builder', false],
      [3, 'builder', false],
      [2, 'builder', false],
      [1, 'builder', false],
    ]);
    expect(versions.every((v) => !Number.isNaN(Date.parse(v.createdAt)))).toBe(true);
  });

  it('diffs two versions structurally, and an invalid draft against a valid one', async () => {
    const response = await call(alice, 'GET', `/${id}/versions/1/diff/2`);
    expect(response.status).toBe(200);
    const diff = DefinitionDiff.parse(await response.json());
    const summaries = diff.changes.map((c) => c.summary);
    expect(summaries).toContain('workflow "Daily engineering digest" renamed to "Morning digest"');
    expect(diff.changes).toContainEqual(
      expect.objectContaining({ kind: 'renamed', entity: 'step', id: 'list_repos' }),
    );
    const toInvalid = DefinitionDiff.parse(
      await (await call(alice, 'GET', `/${id}/versions/2/diff/3`)).json(),
    );
    expect(toInvalid.changes).toContainEqual(expect.objectContaining({ path: 'start' }));
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    const missing = await call(alice, 'GET', `/${id}/versions/1/diff/9`);
    expect(missing.status).toBe(404);
    expect((await issuesOf(missing)).message).toBe('version 9 of this workflow was not found');
    const bad = await call(alice, 'GET', `/${id}/versions/0/diff/x`);
    expect(bad.status).toBe(400);
    expect((await issuesOf(bad)).issues?.map((i) => i.path).sort()).toEqual(['a', 'b']);
  });

  it('deletes a workflow with its versions', async () => {
    const doomed = (await created(alice, example('slack-reminder-agent'))).id;
    expect((await call(alice, 'DELETE', `/${doomed}`)).status).toBe(204);
    expect((await call(alice, 'GET', `/${doomed}`)).status).toBe(404);
    expect((await call(alice, 'GET', `/${doomed}/versions`)).status).toBe(404);
    expect((await call(alice, 'DELETE', `/${doomed}`)).status).toBe(404);
    const left = await db.asService('test-fixtures', (tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from definition_versions where workflow_id = $1', [
        doomed,
      ]),
    );
    expect(left).toEqual([{ n: 0 }]);
  });
});

describe('workflows API: tenancy and what builders may write', () => {
  it('another builder cannot read, update, delete or diff a workflow, and nothing changes', async () => {
    const mine = await created(alice, example('email-auto-responder'));
    const before = await versionsOf(alice, mine.id);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/${mine.id}`],
      ['PUT', `/${mine.id}`, { definition: { ...digest(), name: 'Hijacked' }, baseVersion: 1 }],
      ['DELETE', `/${mine.id}`],
      ['GET', `/${mine.id}/versions`],
      ['GET', `/${mine.id}/versions/1/diff/1`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(bob, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await issuesOf(response)).message).toBe('workflow was not found');
    }
    expect(WorkflowList.parse(await (await call(bob, 'GET', '')).json()).workflows).toEqual([]);
    const after = await detailOf(alice, mine.id);
    expect(after).toMatchObject({ name: mine.name, currentVersion: 1, definition: mine.definition });
    expect(await versionsOf(alice, mine.id)).toEqual(before);
  });

  it('a builder cannot activate a workflow by writing its columns, or rewrite a saved version', async () => {
    const mine = await created(alice, example('message-to-calendar-sync'));
    const claims = { sub: alice.id, role: 'authenticated' };
    const attempts = [
      ['update workflow_definitions set active_version = 1 where id = $1', [mine.id]],
      [`update workflow_definitions set status = 'active' where id = $1`, [mine.id]],
      [`insert into workflow_definitions (name, status, active_version) values ('Sneaky', 'active', 1)`, []],
      [`update definition_versions set definition = '{}' where workflow_id = $1`, [mine.id]],
      ['delete from definition_versions where workflow_id = $1', [mine.id]],
    ] as const;
    for (const [sql, params] of attempts) {
      await expect(
        db.withUser(claims, (tx) => tx.query(sql, [...params])),
        sql,
      ).rejects.toThrow(/permission denied/);
    }
    // What the API itself writes stays allowed.
    await db.withUser(claims, (tx) =>
      tx.query(`update workflow_definitions set name = 'Renamed in SQL', updated_at = now() where id = $1`, [
        mine.id,
      ]),
    );
    expect(await detailOf(alice, mine.id)).toMatchObject({
      name: 'Renamed in SQL',
      status: 'draft',
      activeVersion: null,
    });
  });
});
