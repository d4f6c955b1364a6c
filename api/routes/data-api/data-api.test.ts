import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { taskBoard } from './data-api.fixture.ts';

// The data API of published apps, driven by the real @supabase/postgrest-js client.

let db: Db;
let server: TestServer;
let alice: Builder;

async function publish(builder: Builder, definition: AppDefinition): Promise<string> {
  const created = await api(server.url, builder, 'POST', '/api/apps', { definition });
  if (created.status !== 201) throw new Error(`create failed: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const published = await api(server.url, builder, 'POST', `/api/apps/${id}/publish`, {});
  if (published.status !== 200) throw new Error(`publish failed: ${await published.text()}`);
  return id;
}

const client = (username: string, slug: string, token?: string) =>
  new PostgrestClient(`${server.url}/u/${username}/${slug}/rest/v1`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });

let owner: PostgrestClient;
let visitor: PostgrestClient;
let projectId: string;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  await publish(alice, taskBoard());
  owner = client('alice', 'task-board', alice.token);
  visitor = client('alice', 'task-board');
  const { data, error } = await owner.from('projects').insert({ name: 'Launch' }).select().single();
  expect(error).toBeNull();
  projectId = (data as { id: string }).id;
  const tasks = [
    { title: 'Write copy', points: 3, due: '2026-12-01', project: projectId, secret_note: 'ask legal' },
    { title: 'Design logo', points: 8, due: '2026-11-28', project: projectId },
    { title: 'Book venue', points: 60, due: '2026-12-10' },
    { title: 'Print flyers', points: 2 },
    { title: "O'Brien's 100% _odd_ task, (really)", points: 1 },
  ];
  const inserted = await owner.from('tasks').insert(tasks).select('id');
  expect(inserted.error).toBeNull();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const titles = (rows: unknown) => (rows as { title: string }[]).map((r) => r.title);

describe('reading with PostgREST grammar', () => {
  it('selects columns, orders and pages', async () => {
    const { data, error } = await owner
      .from('tasks')
      .select('title, points')
      .order('points', { ascending: false })
      .range(1, 2);
    expect(error).toBeNull();
    expect(data).toEqual([
      { title: 'Design logo', points: 8 },
      { title: 'Write copy', points: 3 },
    ]);
  });

  it.each([
    ['eq', (q: ReturnType<PostgrestClient['from']>) => q.select('title').eq('points', 8), ['Design logo']],
    [
      'neq',
      (q: ReturnType<PostgrestClient['from']>) =>
        q.select('title').neq('title', 'Book venue').gt('points', 2),
      ['Write copy', 'Design logo'],
    ],
    [
      'gt/lt',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').gt('points', 2).lt('points', 60),
      ['Write copy', 'Design logo'],
    ],
    [
      'gte/lte',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').gte('points', 8).lte('points', 60),
      ['Design logo', 'Book venue'],
    ],
    [
      'like',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').like('title', '*logo*'),
      ['Design logo'],
    ],
    [
      'ilike',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').ilike('title', 'write*'),
      ['Write copy'],
    ],
    [
      'in',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').in('points', [2, 3]),
      ['Write copy', 'Print flyers'],
    ],
    [
      'is null',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').is('due', null).gt('points', 1),
      ['Print flyers'],
    ],
    [
      'not',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').not('due', 'is', null).lt('points', 10),
      ['Write copy', 'Design logo'],
    ],
    [
      'or',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').or('points.gt.50,title.eq.Print flyers'),
      ['Book venue', 'Print flyers'],
    ],
    [
      'date comparison',
      (q: ReturnType<PostgrestClient['from']>) => q.select('title').lt('due', '2026-12-05'),
      ['Write copy', 'Design logo'],
    ],
  ])('filters with %s', async (_name, build, expected) => {
    const { data, error } = await build(owner.from('tasks'));
    expect(error).toBeNull();
    expect(titles(data).sort()).toEqual([...expected].sort());
  });

  it('counts exactly and embeds relations both ways', async () => {
    const counted = await owner.from('tasks').select('title', { count: 'exact' }).limit(2);
    expect(counted.error).toBeNull();
    expect(counted.count).toBe(5);
    expect(counted.data).toHaveLength(2);

    const embedded = await owner
      .from('tasks')
      .select('title, project(name)')
      .eq('title', 'Write copy')
      .single();
    expect(embedded.data).toEqual({ title: 'Write copy', project: { name: 'Launch' } });
    // The other side was kept in step when the tasks named their project.
    const inverse = await owner.from('projects').select('name, tasks(title)').single();
    expect(inverse.data).toEqual({
      name: 'Launch',
      tasks: [{ title: 'Write copy' }, { title: 'Design logo' }],
    });
  });

  it('treats SQL metacharacters in values as data', async () => {
    const odd = await owner.from('tasks').select('title').eq('title', "O'Brien's 100% _odd_ task, (really)");
    expect(odd.error).toBeNull();
    expect(titles(odd.data)).toEqual(["O'Brien's 100% _odd_ task, (really)"]);
    for (const value of ["'; drop table app_data; --", '%', '_', '\\', '"', ')', '1 or 1=1']) {
      const { data, error } = await owner.from('tasks').select('title').eq('title', value);
      expect(error, value).toBeNull();
      expect(data, value).toEqual([]);
    }
    const still = await owner.from('tasks').select('id', { count: 'exact', head: true });
    expect(still.count).toBe(5);
  });

  it('names unknown tables, columns and operators in a 4xx', async () => {
    const table = await owner.from('nope').select('*');
    expect(table.status).toBe(404);
    expect(table.error?.message).toMatch(/nope/);
    const column = await owner.from('tasks').select('titel');
    expect(column.status).toBe(400);
    expect(column.error?.message).toMatch(/titel/);
    const operator = await fetch(`${server.url}/u/alice/task-board/rest/v1/tasks?points=approx.3`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(operator.status).toBe(400);
    expect(((await operator.json()) as { message: string }).message).toMatch(/approx/);
  });

  it('describes the tables in an OpenAPI document, without hidden fields for visitors', async () => {
    const doc = (await (await fetch(`${server.url}/u/alice/task-board/rest/v1/`)).json()) as {
      openapi: string;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['projects', 'tasks']);
    expect(doc.components.schemas.tasks!.properties).not.toHaveProperty('secret_note');
  });
});

describe('writing through the runtime', () => {
  it('moves a task along its states and refuses an illegal move with the allowed ones', async () => {
    const illegal = await owner.from('tasks').update({ stage: 'done' }).eq('title', 'Print flyers').select();
    expect(illegal.status).toBe(409);
    expect(illegal.error?.message).toMatch(/cannot move from To do to Done; allowed: Start/);
    const legal = await owner
      .from('tasks')
      .update({ stage: 'doing' })
      .eq('title', 'Print flyers')
      .select('title, stage');
    expect(legal.error).toBeNull();
    expect(legal.data).toEqual([{ title: 'Print flyers', stage: 'doing' }]);
  });

  it('refuses invalid values and broken rules with messages, and stores nothing', async () => {
    const bad = await owner.from('tasks').insert([{ title: 'ok' }, { title: 'x', points: 'many' }]);
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/row 1/);
    expect(bad.error?.details).toMatch(/Points must be a number/);
    const rule = await owner.from('tasks').insert({ title: 'Huge', points: 80 });
    expect(rule.status).toBe(400);
    expect(rule.error?.message).toBe('Big tasks need a due date.');
    const count = await owner.from('tasks').select('id', { count: 'exact', head: true });
    expect(count.count).toBe(5);
  });

  it('refuses a relation to a row that does not exist, and moves inverses on update and delete', async () => {
    const ghost = await owner
      .from('tasks')
      .insert({ title: 'Ghost', project: '00000000-0000-4000-8000-000000000000' });
    expect(ghost.status).toBe(400);
    expect(ghost.error?.message).toMatch(/project: no row 00000000-0000-4000-8000-000000000000 in projects/);
    const other = await owner.from('projects').insert({ name: 'Other' }).select('id').single();
    const otherId = (other.data as { id: string }).id;
    await owner.from('tasks').update({ project: otherId }).eq('title', 'Design logo');
    const moved = await owner.from('projects').select('name, tasks(title)').order('name');
    expect(moved.data).toEqual([
      { name: 'Launch', tasks: [{ title: 'Write copy' }] },
      { name: 'Other', tasks: [{ title: 'Design logo' }] },
    ]);
    await owner.from('tasks').update({ project: projectId }).eq('title', 'Design logo');
    await owner.from('projects').delete().eq('id', otherId);
  });

  it('stops at the plan’s rows-per-app limit with a 403 naming it, storing nothing of a bulk insert', async () => {
    const { appId } = (await server.platform.apps.find('alice', 'task-board'))!;
    const [{ row_count }] = (await db.asService('test-fixtures', (tx) =>
      tx.query<{ row_count: number }>('select row_count from app_definitions where id = $1', [appId]),
    )) as [{ row_count: number }];
    await db.asService('test-fixtures', (tx) =>
      tx.query("update plans set rows_per_app = $1 where id = 'free'", [row_count + 1]),
    );
    try {
      const over = await owner.from('tasks').insert([{ title: 'One' }, { title: 'Two' }]);
      expect(over.status).toBe(403);
      expect(over.error?.message).toMatch(/at most \d+ rows per app on the free plan/);
      expect(
        (await owner.from('tasks').select('id', { count: 'exact', head: true }).eq('title', 'One')).count,
      ).toBe(0);
      const fits = await owner.from('tasks').insert({ title: 'One' });
      expect(fits.status).toBe(201);
      expect((await owner.from('tasks').insert({ title: 'Two' })).status).toBe(403);
      await owner.from('tasks').delete().eq('title', 'One');
    } finally {
      await db.asService('test-fixtures', (tx) =>
        tx.query("update plans set rows_per_app = 10000 where id = 'free'"),
      );
    }
  });

  it('deletes only what the filter matches and needs a filter', async () => {
    const added = await owner.from('tasks').insert({ title: 'Temporary' }).select('id').single();
    const unfiltered = await fetch(`${server.url}/u/alice/task-board/rest/v1/tasks`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(unfiltered.status).toBe(400);
    const removed = await owner
      .from('tasks')
      .delete()
      .eq('id', (added.data as { id: string }).id)
      .select('title');
    expect(removed.data).toEqual([{ title: 'Temporary' }]);
    expect((await owner.from('tasks').select('id', { count: 'exact', head: true })).count).toBe(5);
  });
});

describe('what visitors and strangers can and cannot do', () => {
  it('visitors read a public app without its hidden fields, even through select=*', async () => {
    const { data, error } = await visitor.from('tasks').select('*').eq('title', 'Write copy');
    expect(error).toBeNull();
    expect(data).toHaveLength(1);
    expect(data![0]).not.toHaveProperty('secret_note');
    expect(JSON.stringify(data)).not.toContain('ask legal');
  });

  it('visitors cannot select, filter, order or embed through a hidden field', async () => {
    for (const query of [
      visitor.from('tasks').select('secret_note'),
      visitor.from('tasks').select('title').eq('secret_note', 'ask legal'),
      visitor.from('tasks').select('title').like('secret_note', 'ask*'),
      visitor.from('tasks').select('title').order('secret_note'),
      visitor.from('projects').select('name, tasks(secret_note)'),
    ]) {
      const { error, status } = await query;
      expect(status).toBe(400);
      expect(error?.message).toMatch(/secret_note/);
    }
  });

  it('visitors may add a task but not change or delete one', async () => {
    const added = await visitor.from('tasks').insert({ title: 'From a visitor' });
    expect(added.status).toBe(201);
    const update = await visitor.from('tasks').update({ title: 'hacked' }).eq('title', 'Write copy');
    expect(update.status).toBe(403);
    const remove = await visitor.from('tasks').delete().eq('title', 'Write copy');
    expect(remove.status).toBe(403);
    const hidden = await visitor.from('tasks').insert({ title: 'sneaky', secret_note: 'x' });
    expect(hidden.status).toBe(400);
    await owner.from('tasks').delete().eq('title', 'From a visitor');
  });

  it('a private app answers 401 to visitors and to other builders, and only the owner reads it', async () => {
    await publish(alice, taskBoard('private-board', 'private'));
    const bob = await signUpBuilder(server.url, 'bob');
    expect((await client('alice', 'private-board').from('tasks').select('*')).status).toBe(401);
    expect((await client('alice', 'private-board', bob.token).from('tasks').select('*')).status).toBe(401);
    expect((await client('alice', 'private-board', alice.token).from('tasks').select('*')).status).toBe(200);
    expect(
      (await client('alice', 'private-board', 'forged.token.value').from('tasks').select('*')).status,
    ).toBe(401);
  });

  it('one app never reaches another app’s rows, even with the same table ids', async () => {
    const carol = await signUpBuilder(server.url, 'carol');
    await publish(carol, taskBoard());
    const other = client('carol', 'task-board');
    expect((await other.from('tasks').select('title')).data).toEqual([]);
    // Under the visitor claims of carol's app, SQL sees none of alice's rows either (RLS).
    const leaked = await db.withUser(
      { sub: '', role: 'anon', app_id: '00000000-0000-0000-0000-000000000000' },
      (tx) => tx.query('select id from app_data'),
    );
    expect(leaked).toEqual([]);
  });

  it('drafts never leak: a field added in an unpublished version is unknown to the data API', async () => {
    const { apps } = (await (await api(server.url, alice, 'GET', '/api/apps')).json()) as {
      apps: { id: string; slug: string }[];
    };
    const board = apps.find((a) => a.slug === 'task-board')!;
    const draft = taskBoard();
    draft.tables[1]!.fields.push({ id: 'draft_only', label: 'Draft only', type: 'text' });
    const saved = await api(server.url, alice, 'PUT', `/api/apps/${board.id}`, {
      definition: draft,
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    const { error, status } = await owner.from('tasks').select('draft_only');
    expect(status).toBe(400);
    expect(error?.message).toMatch(/draft_only/);
  });

  it('the same query gives each caller their own view, in any order, and a publish is seen at once', async () => {
    // Reads are compiled once per published version, caller and query string.
    const query = 'select=title,secret_note&title=eq.Write%20copy';
    const read = (token?: string) =>
      fetch(`${server.url}/u/alice/task-board/rest/v1/tasks?${query}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    for (let round = 0; round < 2; round++) {
      expect(await (await read(alice.token)).json()).toEqual([
        { title: 'Write copy', secret_note: 'ask legal' },
      ]);
      const refused = await read();
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/secret_note/);
    }
    // `.single()` takes the one row out of the JSON Postgres wrote, or refuses any other count.
    const one = await owner.from('tasks').select('title, points').eq('title', 'Write copy').single();
    expect(one.data).toEqual({ title: 'Write copy', points: 3 });
    expect((await owner.from('tasks').select('title').single()).status).toBe(406);
    expect((await owner.from('tasks').select('title').eq('title', 'nobody').maybeSingle()).data).toBeNull();
    const bare = 'select=*&title=eq.Write%20copy';
    const seen = async () =>
      Object.keys(
        (
          (await (await fetch(`${server.url}/u/alice/cache-board/rest/v1/tasks?${bare}`)).json()) as object[]
        )[0]!,
      );
    const id = await publish(alice, taskBoard('cache-board'));
    const board = client('alice', 'cache-board', alice.token);
    expect((await board.from('tasks').insert({ title: 'Write copy', points: 1 })).status).toBe(201);
    expect(await seen()).not.toContain('estimate');
    const next = taskBoard('cache-board');
    next.tables[1]!.fields.push({ id: 'estimate', label: 'Estimate', type: 'number' });
    expect(
      (await api(server.url, alice, 'PUT', `/api/apps/${id}`, { definition: next, baseVersion: 1 })).status,
    ).toBe(200);
    expect((await api(server.url, alice, 'POST', `/api/apps/${id}/publish`, {})).status).toBe(200);
    expect(await seen()).toContain('estimate');
  });

  it('refuses an oversized body with a 413 and stores nothing', async () => {
    const huge = await fetch(`${server.url}/u/alice/task-board/rest/v1/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(
      (await owner.from('tasks').select('id', { count: 'exact', head: true }).like('title', 'xxx*')).count,
    ).toBe(0);
  });

  it('an unknown app is a 404, and a flood gets a 429 with Retry-After', async () => {
    expect((await client('alice', 'no-such-app').from('tasks').select('*')).status).toBe(404);
    const { appId } = (await server.platform.apps.find('alice', 'task-board'))!;
    for (let i = 0; i < 100; i++) await server.platform.rateLimiter.hit(`app:${appId}`, 100, 60_000);
    const limited = await fetch(`${server.url}/u/alice/task-board/rest/v1/tasks`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await server.platform.rateLimiter.reset(`app:${appId}`);
  });
});
