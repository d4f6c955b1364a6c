import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { taskBoard } from './data-api.fixture.ts';

// Automations of a published app fire on the data API's writes: mail into the builder's outbox,
// record updates through the write pipeline, and never in an endless chain.

function withAutomations(): AppDefinition {
  // Invite-only: in a public app, mailing the address a visitor typed would be a spam relay, which
  // the publish review refuses.
  const app = taskBoard('auto-board', 'invite_only');
  const tasks = app.tables[1]!;
  tasks.fields.push(
    { id: 'owner_email', label: 'Owner e-mail', type: 'email' },
    { id: 'done_at', label: 'Done at', type: 'datetime', readOnly: true },
  );
  app.access.roles.push({
    id: 'lead',
    label: 'Lead',
    tables: [{ tableId: 'tasks', create: true, read: true, update: true, delete: true, rowScope: 'all' }],
  });
  app.automations = [
    {
      id: 'finished',
      label: 'Stamp and tell the owner when a task is done',
      tableId: 'tasks',
      trigger: { on: 'update', watchFields: ['stage'] },
      condition: 'record.stage == "done" && previous.stage != "done"',
      actions: [
        { kind: 'update_record', target: 'this', set: [{ fieldId: 'done_at', value: 'now' }] },
        {
          kind: 'notify',
          channel: 'email',
          to: { kind: 'field', fieldId: 'owner_email' },
          subject: 'Done: {{record.title}}',
          body: '{{record.title}} is done ({{string(record.points)}} points).',
        },
      ],
    },
    {
      id: 'new_task',
      label: 'Tell the leads about new tasks',
      tableId: 'tasks',
      trigger: { on: 'create' },
      actions: [
        {
          kind: 'notify',
          channel: 'in_app',
          to: { kind: 'role', roleId: 'lead' },
          subject: 'New task',
          body: 'New: {{record.title}}',
        },
      ],
    },
  ];
  return app;
}

let db: Db;
let server: TestServer;
let alice: Builder;
let owner: PostgrestClient;
let appId: string;

const outbox = () =>
  db.asService('test-fixtures', (tx) =>
    tx.query<{ to_address: string; subject: string; body: string; channel: string; source: string }>(
      'select to_address, subject, body, channel, source from mail_outbox where app_id = $1 order by created_at, to_address',
      [appId],
    ),
  );

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  const created = await api(server.url, alice, 'POST', '/api/apps', { definition: withAutomations() });
  expect(created.status).toBe(201);
  appId = ((await created.json()) as { id: string }).id;
  expect((await api(server.url, alice, 'POST', `/api/apps/${appId}/publish`, {})).status).toBe(200);
  await db.asService('test-fixtures', async (tx) => {
    for (const email of ['lead1@example.test', 'lead2@example.test']) {
      await tx.query(`insert into app_end_users (user_id, app_id, email, role) values ($1, $2, $3, 'lead')`, [
        alice.id,
        appId,
        email,
      ]);
    }
  });
  owner = new PostgrestClient(`${server.url}/u/alice/auto-board/rest/v1`, {
    headers: { Authorization: `Bearer ${alice.token}` },
  });
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('automations of a published app', () => {
  it('on create, notifies every end user of a role, in app', async () => {
    const { error } = await owner
      .from('tasks')
      .insert({ title: 'Ship it', points: 5, owner_email: 'ada@example.test' });
    expect(error).toBeNull();
    expect(await outbox()).toEqual([
      {
        to_address: 'lead1@example.test',
        subject: 'New task',
        body: 'New: Ship it',
        channel: 'in_app',
        source: 'automation:new_task',
      },
      {
        to_address: 'lead2@example.test',
        subject: 'New task',
        body: 'New: Ship it',
        channel: 'in_app',
        source: 'automation:new_task',
      },
    ]);
  });

  it('on a watched update whose condition holds, updates the row and mails the address in a field', async () => {
    await owner.from('tasks').update({ stage: 'doing' }).eq('title', 'Ship it');
    expect((await outbox()).filter((m) => m.source === 'automation:finished')).toEqual([]);
    await owner.from('tasks').update({ stage: 'done' }).eq('title', 'Ship it');
    const { data } = await owner.from('tasks').select('stage, done_at').eq('title', 'Ship it').single();
    expect((data as { done_at: string | null }).done_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const mails = (await outbox()).filter((m) => m.source === 'automation:finished');
    expect(mails).toEqual([
      {
        to_address: 'ada@example.test',
        subject: 'Done: Ship it',
        body: 'Ship it is done (5 points).',
        channel: 'email',
        source: 'automation:finished',
      },
    ]);
  });

  it('does not fire for changes to fields it does not watch', async () => {
    const before = (await outbox()).length;
    await owner.from('tasks').update({ points: 6 }).eq('title', 'Ship it');
    expect((await outbox()).length).toBe(before);
  });
});
