import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { Db } from '../../store/db.ts';
import { type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb, usingPostgres } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { publishApp } from './app-auth.fixture.ts';

// Unique fields under concurrent writes. Each write checks its values under a lock on them, so
// two writes of one value take turns even on Postgres with several connections (PGlite has one
// connection and runs transactions one after another anyway).

const signups: AppDefinition = {
  schemaVersion: 1,
  kind: 'app',
  name: 'Sign-ups',
  slug: 'signups',
  themeColor: '#0f766e',
  tables: [
    {
      id: 'signups',
      label: 'Sign-ups',
      primaryFieldId: 'handle',
      fields: [
        { id: 'handle', label: 'Handle', type: 'text', required: true, unique: true },
        { id: 'seat', label: 'Seat', type: 'number', unique: true },
        { id: 'note', label: 'Note', type: 'text' },
      ],
    },
  ],
  views: [{ id: 'all', label: 'All', kind: 'list', tableId: 'signups', columns: ['handle'], pageSize: 50 }],
  access: {
    level: 'public',
    defaultRoleId: 'visitor',
    roles: [
      {
        id: 'visitor',
        label: 'Visitor',
        tables: [
          { tableId: 'signups', create: true, read: true, update: false, delete: false, rowScope: 'all' },
        ],
      },
    ],
  },
  automations: [],
  navigation: [{ viewId: 'all' }],
};

let db: Db;
let server: TestServer;
let builder: Builder;
let appId: string;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'dora');
  appId = await publishApp(server.url, builder, signups);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const rest = (query = '') => `${server.url}/u/dora/signups/rest/v1/signups${query}`;
const send = (method: 'POST' | 'PATCH', body: unknown, query = '', asOwner = false) =>
  fetch(rest(query), {
    method,
    headers: {
      'content-type': 'application/json',
      ...(asOwner ? { authorization: `Bearer ${builder.token}` } : {}),
    },
    body: JSON.stringify(body),
  });
const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();
const stored = async (where: string, params: (string | number)[]) => {
  const [row] = await db.asService('test-fixtures', (tx) =>
    tx.query<{ n: number }>(`select count(*)::int as n from app_data where app_id = $1 and ${where}`, [
      appId,
      ...params,
    ]),
  );
  return row!.n;
};

describe('unique values under concurrent writes', () => {
  // Three rounds, so that a missing lock shows even when one round happens to interleave well.
  it.each(['race-1', 'race-2', 'race-3'])(
    '10 concurrent POSTs of one value (%s): one 201, nine 409, one row stored',
    async (handle) => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => send('POST', { handle, note: `try ${i}` })),
      );
      expect(statuses(responses)).toEqual([201, ...Array(9).fill(409)]);
      const refused = await responses.find((r) => r.status === 409)!.json();
      expect(refused).toMatchObject({
        code: '23505',
        message: `handle must be unique: another row already has "${handle}"`,
      });
      expect(await stored(`data ->> 'handle' = $2`, [handle])).toBe(1);
    },
  );

  it.each([
    ['a few rows each (value locks)', 3],
    ['many rows each (a lock on the whole field)', 60],
  ])(
    'concurrent bulk inserts sharing one value, %s: one stores all its rows, the rest nothing',
    async (_, size) => {
      const bodies = Array.from({ length: 6 }, (_, b) =>
        Array.from({ length: size }, (_, i) => ({
          handle: i === size - 1 ? `shared-${size}` : `bulk-${size}-${b}-${i}`,
        })),
      );
      const responses = await Promise.all(bodies.map((body) => send('POST', body)));
      expect(statuses(responses)).toEqual([201, ...Array(5).fill(409)]);
      expect(await stored(`data ->> 'handle' = $2`, [`shared-${size}`])).toBe(1);
      expect(await stored(`data ->> 'handle' like $2`, [`bulk-${size}-%`])).toBe(size - 1);
    },
  );

  it('concurrent PATCHes giving different rows one value: one succeeds, the rest 409', async () => {
    const created = await send(
      'POST',
      Array.from({ length: 8 }, (_, i) => ({ handle: `seat-${i}` })),
    );
    expect(created.status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send('PATCH', { seat: 7 }, `?handle=eq.seat-${i}`, true)),
    );
    expect(statuses(responses)).toEqual([204, ...Array(7).fill(409)]);
    expect(await stored(`(data -> 'seat') = '7'::jsonb`, [])).toBe(1);
  });

  it('refuses one value twice in one request, naming both rows', async () => {
    const response = await send('POST', [{ handle: 'twice' }, { handle: 'twice' }]);
    expect(response.status).toBe(409);
    expect((await response.json()).message).toBe('row 1: handle must be unique: row 0 has "twice"');
    expect(await stored(`data ->> 'handle' = $2`, ['twice'])).toBe(0);
  });

  it('takes its locks with functions every role of a published app may run', async () => {
    const rows = await db.asOwner((tx) =>
      tx.query<{ role: string; lock: boolean; shared: boolean; hash: boolean }>(
        `select r as role,
                has_function_privilege(r, 'pg_advisory_xact_lock(bigint)', 'execute') as lock,
                has_function_privilege(r, 'pg_advisory_xact_lock_shared(bigint)', 'execute') as shared,
                has_function_privilege(r, 'hashtextextended(text, bigint)', 'execute') as hash
         from unnest(array['anon', 'authenticated', 'service_role']) r`,
      ),
    );
    for (const row of rows) expect(row).toMatchObject({ lock: true, shared: true, hash: true });
  });

  it.runIf(usingPostgres())('makes a second writer of a value wait for the first transaction', async () => {
    const claims = { sub: '', role: 'anon', app_id: appId };
    const { lockUniqueValues } = await import('../../store/app-rows.ts');
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = db.withUser(claims, async (tx) => {
      await lockUniqueValues(tx, appId, 'signups', [{ fieldId: 'handle', value: 'wait' }]);
      order.push('first locked');
      await held;
      order.push('first done');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = db.withUser(claims, async (tx) => {
      await lockUniqueValues(tx, appId, 'signups', [{ fieldId: 'handle', value: 'wait' }]);
      order.push('second locked');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first done', 'second locked']);
  });
});
