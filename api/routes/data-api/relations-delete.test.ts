import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, Field } from '../../../schemas/definitions.ts';
import type { AppSession } from '../../../schemas/index.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { linkTokenFor, postJson, publishApp } from './app-auth.fixture.ts';
import { RestError } from './errors.ts';
import { deleteWithRelations } from './relations.ts';

// Deleting rows that other rows point at, through the data API: each relation field's
// onTargetDelete (restrict, clear — the default — or cascade) decides what happens to them.

const relation = (
  id: string,
  targetTableId: string,
  cardinality: 'many_to_one' | 'one_to_many' | 'many_to_many',
  more: { inverseFieldId?: string; onTargetDelete?: 'restrict' | 'clear' | 'cascade' } = {},
): Field => ({
  id,
  label: id[0]!.toUpperCase() + id.slice(1),
  type: 'relation',
  targetTableId,
  cardinality,
  ...more,
});
const name: Field = { id: 'name', label: 'Name', type: 'text', required: true };
const table = (id: string, fields: Field[]) => ({
  id,
  label: id[0]!.toUpperCase() + id.slice(1),
  primaryFieldId: 'name',
  fields: [name, ...fields],
});
const rights = (tableId: string, del = false) => ({
  tableId,
  create: false,
  read: true,
  update: false,
  delete: del,
  rowScope: 'all' as const,
});

/** Companies own contacts (cascade), who report to each other (cascade); deals restrict. */
const crm: AppDefinition = {
  schemaVersion: 1,
  kind: 'app',
  name: 'CRM',
  slug: 'crm',
  themeColor: '#0f766e',
  tables: [
    table('companies', [relation('contacts', 'contacts', 'one_to_many', { inverseFieldId: 'company' })]),
    table('contacts', [
      relation('company', 'companies', 'many_to_one', {
        inverseFieldId: 'contacts',
        onTargetDelete: 'cascade',
      }),
      relation('manager', 'contacts', 'many_to_one', {
        inverseFieldId: 'reports',
        onTargetDelete: 'cascade',
      }),
      relation('reports', 'contacts', 'one_to_many', { inverseFieldId: 'manager' }),
      relation('tags', 'tags', 'many_to_many'),
    ]),
    table('deals', [
      relation('company', 'companies', 'many_to_one', { onTargetDelete: 'restrict' }),
      relation('contact', 'contacts', 'many_to_one', { onTargetDelete: 'restrict' }),
    ]),
    table('meetings', [
      relation('host', 'contacts', 'many_to_one'),
      relation('attendees', 'contacts', 'many_to_many', { onTargetDelete: 'clear' }),
    ]),
    table('tags', []),
  ],
  views: [
    { id: 'all', label: 'Contacts', kind: 'list', tableId: 'contacts', columns: ['name'], pageSize: 50 },
  ],
  access: {
    level: 'invite_only',
    defaultRoleId: 'member',
    roles: [
      {
        id: 'member',
        label: 'Member',
        // Members may delete companies and tags, and nothing that a cascade or clear changes.
        tables: [
          rights('companies', true),
          rights('contacts'),
          rights('deals'),
          rights('meetings'),
          rights('tags', true),
        ],
      },
    ],
  },
  automations: [],
  navigation: [{ viewId: 'all' }],
};

let db: Db;
let server: TestServer;
let appId: string;
let owner: PostgrestClient;
/** An invited end user of the member role, signed in with a magic link. */
let member: PostgrestClient;
let builder: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  builder = await signUpBuilder(server.url, 'carol');
  appId = await publishApp(server.url, builder, crm);
  const base = `${server.url}/u/carol/crm`;
  owner = new PostgrestClient(`${base}/rest/v1`, { headers: { Authorization: `Bearer ${builder.token}` } });
  const invited = await api(server.url, builder, 'POST', `/api/apps/${appId}/end-users`, {
    email: 'mia@example.test',
    role: 'member',
  });
  expect(invited.status).toBe(201);
  expect((await postJson(`${base}/auth/magic-link`, { email: 'mia@example.test' })).status).toBe(202);
  const token = await linkTokenFor(server.url, builder, 'mia@example.test');
  const session = (await (await postJson(`${base}/auth/session`, { token })).json()) as AppSession;
  member = new PostgrestClient(`${base}/rest/v1`, {
    headers: { Authorization: `Bearer ${session.access_token}` },
  });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

async function add(tableId: string, values: Record<string, unknown>): Promise<string> {
  const { data, error } = await owner.from(tableId).insert(values).select('id').single();
  expect(error).toBeNull();
  return (data as { id: string }).id;
}
async function row(tableId: string, id: string) {
  const { data } = await owner.from(tableId).select('*').eq('id', id);
  return (data as Record<string, unknown>[])[0] ?? null;
}
/** The app's row counter and its real row count, which must agree. */
async function counts() {
  return db.asService('test-fixtures', async (tx) => {
    const [counted] = await tx.query<{ n: number }>(
      'select row_count as n from app_definitions where id = $1',
      [appId],
    );
    const [stored] = await tx.query<{ n: number }>(
      'select count(*)::int as n from app_data where app_id = $1',
      [appId],
    );
    return { counter: counted!.n, stored: stored!.n };
  });
}

describe('onTargetDelete: clear (the default)', () => {
  it('removes a deleted row from relations without an inverse, keeping the rest of the value', async () => {
    const red = await add('tags', { name: 'red' });
    const blue = await add('tags', { name: 'blue' });
    const ann = await add('contacts', { name: 'Ann', tags: [red, blue] });
    const removed = await member.from('tags').delete().eq('id', red);
    expect(removed.status).toBe(204);
    expect((await row('contacts', ann))?.tags).toEqual([blue]);
  });

  it('clears single and many relations and keeps the inverse side in step', async () => {
    const acme = await add('companies', { name: 'Acme' });
    const bob = await add('contacts', { name: 'Bob', company: acme });
    const cat = await add('contacts', { name: 'Cat', company: acme });
    const meeting = await add('meetings', { name: 'Kick-off', host: bob, attendees: [bob, cat] });
    expect((await row('companies', acme))?.contacts).toEqual([bob, cat]);
    expect((await owner.from('contacts').delete().eq('id', bob)).status).toBe(204);
    const after = await row('meetings', meeting);
    expect(after?.host).toBeNull();
    expect(after?.attendees).toEqual([cat]);
    expect((await row('companies', acme))?.contacts).toEqual([cat]);
  });
});

describe('onTargetDelete: restrict', () => {
  it('refuses with 409 naming the table, field and how many rows point at it, deleting nothing', async () => {
    const globex = await add('companies', { name: 'Globex' });
    const dan = await add('contacts', { name: 'Dan', company: globex });
    await add('deals', { name: 'Big deal', company: globex });
    await add('deals', { name: 'Small deal', company: globex });
    const before = await counts();
    const refused = await member.from('companies').delete().eq('id', globex);
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({
      code: '23503',
      message: expect.stringMatching(/2 rows of Deals still point at it through Company/),
      details: 'Referenced from table "deals", field "company", by 2 rows',
    });
    expect(await row('companies', globex)).not.toBeNull();
    expect(await row('contacts', dan)).not.toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('refuses a cascade that reaches a restricted row, so nothing of it is deleted', async () => {
    const initech = await add('companies', { name: 'Initech' });
    const eve = await add('contacts', { name: 'Eve', company: initech });
    await add('deals', { name: 'Eve’s deal', contact: eve });
    const refused = await member.from('companies').delete().eq('id', initech);
    expect(refused.status).toBe(409);
    expect(refused.error?.details).toBe('Referenced from table "deals", field "contact", by 1 row');
    expect(await row('companies', initech)).not.toBeNull();
    expect(await row('contacts', eve)).not.toBeNull();
  });
});

describe('onTargetDelete: cascade', () => {
  it('deletes referencing rows recursively, for an end user without delete rights on them', async () => {
    const umbrella = await add('companies', { name: 'Umbrella' });
    const other = await add('companies', { name: 'Other' });
    const fay = await add('contacts', { name: 'Fay', company: umbrella });
    const gus = await add('contacts', { name: 'Gus', company: umbrella, manager: fay });
    // Hal works elsewhere but reports to Gus: the manager relation cascades too.
    const hal = await add('contacts', { name: 'Hal', company: other, manager: gus });
    const meeting = await add('meetings', { name: 'Review', host: hal, attendees: [fay, hal] });
    const before = await counts();
    expect(before.counter).toBe(before.stored);

    const removed = await member.from('companies').delete().eq('id', umbrella);
    expect(removed.status).toBe(204);
    for (const id of [fay, gus, hal]) expect(await row('contacts', id)).toBeNull();
    expect(await row('companies', umbrella)).toBeNull();
    expect((await row('companies', other))?.contacts).toEqual([]);
    const cleared = await row('meetings', meeting);
    expect(cleared?.host).toBeNull();
    expect(cleared?.attendees).toEqual([]);
    expect(await counts()).toEqual({ counter: before.counter - 4, stored: before.stored - 4 });
  });

  it('ends on a cycle of self-relations', async () => {
    const ivy = await add('contacts', { name: 'Ivy' });
    const jon = await add('contacts', { name: 'Jon', manager: ivy });
    const patched = await owner.from('contacts').update({ manager: jon }).eq('id', ivy);
    expect(patched.status).toBe(204);
    expect((await owner.from('contacts').delete().eq('id', ivy)).status).toBe(204);
    expect(await row('contacts', jon)).toBeNull();
    const { counter, stored } = await counts();
    expect(counter).toBe(stored);
  });

  it('stops at its bound with a 409, inside the transaction that then deletes nothing', async () => {
    const big = await add('companies', { name: 'Big' });
    for (const n of [1, 2, 3]) await add('contacts', { name: `Staff ${n}`, company: big });
    const attempt = db.withUser({ sub: builder.id, role: 'authenticated' }, (tx) =>
      deleteWithRelations(tx, crm, appId, 'companies', [big], 2),
    );
    await expect(attempt).rejects.toBeInstanceOf(RestError);
    await expect(attempt).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/more than 2 further rows/),
    });
    expect(await row('companies', big)).not.toBeNull();
    expect((await owner.from('contacts').select('id').eq('company', big)).data).toHaveLength(3);
  });
});
