import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { Db } from '../../store/db.ts';
import { type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { publishApp } from './app-auth.fixture.ts';

// Autonumbers are the store's: assigned at insert, per app, table and field, increasing, never
// reused, without gaps under concurrent inserts (on Postgres several connections really race;
// PGlite runs transactions one after another), not writable by clients, kept across a restart.

const tickets: AppDefinition = {
  schemaVersion: 1,
  kind: 'app',
  name: 'Tickets',
  slug: 'tickets',
  themeColor: '#0f766e',
  tables: [
    {
      id: 'tickets',
      label: 'Tickets',
      primaryFieldId: 'title',
      fields: [
        { id: 'number', label: 'No.', type: 'autonumber' },
        { id: 'code', label: 'Code', type: 'autonumber', prefix: 'T-', start: 7 },
        { id: 'title', label: 'Title', type: 'text', required: true },
        {
          id: 'label',
          label: 'Label',
          type: 'computed',
          resultType: 'text',
          expression: 'string(record.number) + ": " + record.title',
        },
      ],
      validationRules: [{ id: 'not_bad', expression: 'record.title != "bad"', message: 'Not that title.' }],
    },
    {
      id: 'notes',
      label: 'Notes',
      primaryFieldId: 'text',
      fields: [
        { id: 'number', label: 'No.', type: 'autonumber' },
        { id: 'text', label: 'Text', type: 'text' },
      ],
    },
  ],
  views: [{ id: 'all', label: 'All', kind: 'list', tableId: 'tickets', columns: ['title'], pageSize: 50 }],
  access: {
    level: 'public',
    defaultRoleId: 'visitor',
    roles: [
      {
        id: 'visitor',
        label: 'Visitor',
        tables: [
          { tableId: 'tickets', create: true, read: true, update: false, delete: false, rowScope: 'all' },
          { tableId: 'notes', create: true, read: true, update: false, delete: false, rowScope: 'all' },
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

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'numbers');
  await publishApp(server.url, builder, tickets);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const rest = (path: string, method = 'GET', body?: unknown, asOwner = false) =>
  fetch(`${server.url}/u/numbers/tickets/rest/v1/${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(asOwner ? { authorization: `Bearer ${builder.token}` } : {}),
      prefer: 'return=representation',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

type Ticket = { id: string; number: number; code: string; title: string; label: string | null };

async function all(table = 'tickets'): Promise<Ticket[]> {
  const response = await rest(`${table}?order=number`, 'GET');
  expect(response.status).toBe(200);
  return (await response.json()) as Ticket[];
}

describe('autonumbers', () => {
  it('numbers new rows from the field’s start, in the order sent, prefixed ones as text', async () => {
    const response = await rest('tickets', 'POST', [{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
    expect(response.status).toBe(201);
    const rows = (await response.json()) as Ticket[];
    expect(rows.map((r) => [r.number, r.code])).toEqual([
      [1, 'T-0007'],
      [2, 'T-0008'],
      [3, 'T-0009'],
    ]);
    // Computed fields see the number the row gets.
    expect(rows[0]!.label).toBe('1: a');
  });

  it('counts each table (and each field) on its own', async () => {
    const response = await rest('notes', 'POST', { text: 'first note' });
    expect(((await response.json()) as Ticket[])[0]!.number).toBe(1);
  });

  it('refuses a value sent for an autonumber, on create and on update, and stores nothing', async () => {
    const before = (await all()).length;
    const create = await rest('tickets', 'POST', { title: 'mine', number: 99 });
    expect(create.status).toBe(400);
    expect((await create.json()).message).toBe('field "No." cannot be written: the app sets its value');
    const update = await rest('tickets?title=eq.a', 'PATCH', { code: 'T-0001' }, true);
    expect(update.status).toBe(400);
    expect((await all()).length).toBe(before);
    expect((await all()).find((t) => t.title === 'a')!.code).toBe('T-0007');
  });

  it('10 concurrent POSTs get distinct numbers with no gap, and a refused insert takes none', async () => {
    const before = await all();
    const last = before.at(-1)!.number;
    const refused = await rest('tickets', 'POST', { title: 'bad' });
    expect(refused.status).toBe(400);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => rest('tickets', 'POST', { title: `race ${i}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const numbers = (await all()).map((t) => t.number);
    expect(numbers).toEqual(Array.from({ length: last + 10 }, (_, i) => i + 1));
    const codes = (await all()).map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('never hands out a deleted row’s number again', async () => {
    const before = await all();
    const last = before.at(-1)!;
    const removed = await rest(`tickets?id=eq.${last.id}`, 'DELETE', undefined, true);
    expect(removed.status).toBe(200);
    const response = await rest('tickets', 'POST', { title: 'after delete' });
    const [row] = (await response.json()) as Ticket[];
    expect(row!.number).toBe(last.number + 1);
  });

  it('keeps counting after a restart', async () => {
    const last = (await all()).at(-1)!.number;
    await server.stop();
    server = await startTestServer(db);
    const response = await rest('tickets', 'POST', { title: 'after restart' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as Ticket[])[0]!.number).toBe(last + 1);
  });
});
