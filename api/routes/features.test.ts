import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, Feature, FeatureList } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let db: Db;
let server: TestServer;
let alice: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const errorOf = async (response: Response) => ApiErrorBody.parse(await response.json()).error;

describe('features API', () => {
  it('creates, lists, shows and deletes a feature', async () => {
    const created = await api(server.url, alice, 'POST', '/api/features', {
      title: '  Recipe tracker ',
      mode: 'components',
    });
    expect(created.status).toBe(201);
    const feature = Feature.parse(await created.json());
    expect(feature).toMatchObject({ title: 'Recipe tracker', mode: 'components', status: 'drafting' });

    const noMode = Feature.parse(
      await (await api(server.url, alice, 'POST', '/api/features', { title: 'Digest bot' })).json(),
    );
    expect(noMode.mode).toBeNull();

    const list = FeatureList.parse(await (await api(server.url, alice, 'GET', '/api/features')).json());
    expect(list.features.map((f) => f.title)).toEqual(['Digest bot', 'Recipe tracker']);
    expect(list.usage).toEqual({ active: 2, max: 20 });

    const shown = await api(server.url, alice, 'GET', `/api/features/${feature.id}`);
    expect(Feature.parse(await shown.json()).id).toBe(feature.id);

    expect((await api(server.url, alice, 'DELETE', `/api/features/${feature.id}`)).status).toBe(204);
    expect((await api(server.url, alice, 'GET', `/api/features/${feature.id}`)).status).toBe(404);
    expect((await api(server.url, alice, 'DELETE', `/api/features/${feature.id}`)).status).toBe(404);
    await api(server.url, alice, 'DELETE', `/api/features/${noMode.id}`);
  });

  it('stops at 20 active features with a 403 that names the limit; done ones do not count', async () => {
    const bob = await signUpBuilder(server.url, 'bob');
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(server.url, bob, 'POST', '/api/features', { title: `Feature ${i}` }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(20).fill(201));

    const over = await api(server.url, bob, 'POST', '/api/features', { title: 'One too many' });
    expect(over.status).toBe(403);
    const error = await errorOf(over);
    expect(error.code).toBe('limit_reached');
    expect(error.limit).toMatchObject({ name: 'active_features', max: 20, current: 20, plan: 'free' });
    expect(error.message).toMatch(/at most 20 active features on the free plan/);

    // Finishing one frees a slot: only features still in the pipeline count.
    const first = Feature.parse(await created[0]!.json());
    await db.asService('test-fixtures', (tx) =>
      tx.query(`update features set status = 'done' where id = $1`, [first.id]),
    );
    expect((await api(server.url, bob, 'POST', '/api/features', { title: 'Now it fits' })).status).toBe(201);
    expect((await api(server.url, bob, 'POST', '/api/features', { title: 'Full again' })).status).toBe(403);
  });

  it('holds the limit when many creates race for the last slots', async () => {
    const carol = await signUpBuilder(server.url, 'carol');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api(server.url, carol, 'POST', '/api/features', { title: `Race ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 403)).toHaveLength(10);
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  const cases: [string, () => Promise<Response>, number, RegExp][] = [
    [
      'malformed JSON',
      () => api(server.url, alice, 'POST', '/api/features', '{"title": "x",'),
      400,
      /body: is not valid JSON/,
    ],
    [
      'a number for the title',
      () => api(server.url, alice, 'POST', '/api/features', { title: 42 }),
      400,
      /title: must be string/,
    ],
    ['a missing title', () => api(server.url, alice, 'POST', '/api/features', {}), 400, /title: is required/],
    [
      'an empty title',
      () => api(server.url, alice, 'POST', '/api/features', { title: '   ' }),
      400,
      /title: must not be empty/,
    ],
    [
      'an unknown mode',
      () => api(server.url, alice, 'POST', '/api/features', { title: 'x', mode: 'magic' }),
      400,
      /mode: /,
    ],
    [
      'an unknown field',
      () => api(server.url, alice, 'POST', '/api/features', { title: 'x', owner: 'someone' }),
      400,
      /unknown field\(s\): owner/,
    ],
    [
      'an array body',
      () => api(server.url, alice, 'POST', '/api/features', [1, 2]),
      400,
      /body: must be object/,
    ],
    [
      'a 2 MB body',
      () => api(server.url, alice, 'POST', '/api/features', { title: 'x'.repeat(2 * 1024 * 1024) }),
      413,
      /at most 1048576 bytes/,
    ],
    [
      'a form-encoded body',
      () =>
        fetch(`${server.url}/api/features`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${alice.token}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'title=x',
        }),
      415,
      /Content-Type: application\/json/,
    ],
    [
      'a feature id that is not a uuid',
      () => api(server.url, alice, 'GET', '/api/features/1%20or%201=1'),
      400,
      /id: must be a feature id/,
    ],
    ['an unknown API path', () => api(server.url, alice, 'GET', '/api/nothing-here'), 404, /No API route/],
  ];

  it.each(cases)('%s', async (_name, send, status, message) => {
    const before = FeatureList.parse(await (await api(server.url, alice, 'GET', '/api/features')).json())
      .features.length;
    const response = await send();
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.message).toMatch(message);
    const after = FeatureList.parse(await (await api(server.url, alice, 'GET', '/api/features')).json())
      .features.length;
    expect(after).toBe(before);
  });

  it('names every failing field at once', async () => {
    const error = await errorOf(
      await api(server.url, alice, 'POST', '/api/features', { title: 7, mode: 'x', extra: 1 }),
    );
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['body', 'mode', 'title']);
  });
});
