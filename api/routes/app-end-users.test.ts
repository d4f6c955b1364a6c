import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndUser, EndUserList } from '../../schemas/index.ts';
import type { Db, SqlParam } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { outbox, publishApp, teamBoard } from './data-api/app-auth.fixture.ts';

// The builder's side of invite-only apps: inviting and removing end users, and the outbox.

let db: Db;
let server: TestServer;
let alice: Builder;
let bob: Builder;
let appId: string;

const endUsers = (id: string) => `/api/apps/${id}/end-users`;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  bob = await signUpBuilder(server.url, 'bob');
  appId = await publishApp(server.url, alice, teamBoard());
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('inviting end users', () => {
  it('invites an address (lower-cased) with a role of the app, or its default role', async () => {
    const invited = await api(server.url, alice, 'POST', endUsers(appId), {
      email: ' Ann@X.test',
      role: 'viewer',
    });
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({ email: 'ann@x.test', role: 'viewer', lastSignInAt: null });
    const byDefault = await api(server.url, alice, 'POST', endUsers(appId), { email: 'ben@x.test' });
    expect(((await byDefault.json()) as EndUser).role).toBe('member');
    const list = (await (await api(server.url, alice, 'GET', endUsers(appId))).json()) as EndUserList;
    expect(list.endUsers.map((u) => `${u.email}:${u.role}`).sort()).toEqual([
      'ann@x.test:viewer',
      'ben@x.test:member',
    ]);
  });

  it('refuses a duplicate (409), a role the app does not have and a bad address (400)', async () => {
    const again = await api(server.url, alice, 'POST', endUsers(appId), { email: 'ANN@x.test' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already invited/);
    const role = await api(server.url, alice, 'POST', endUsers(appId), { email: 'cy@x.test', role: 'admin' });
    expect(role.status).toBe(400);
    expect(((await role.json()) as { error: { message: string } }).error.message).toMatch(
      /"admin" is not a role of this app \(roles: member, viewer\)/,
    );
    const email = await api(server.url, alice, 'POST', endUsers(appId), { email: 'not an address' });
    expect(email.status).toBe(400);
    expect(((await email.json()) as { error: { message: string } }).error.message).toMatch(
      /^email: must be an e-mail address/,
    );
  });

  it('removes an end user once; a second removal is a 404', async () => {
    const created = (await (
      await api(server.url, alice, 'POST', endUsers(appId), { email: 'gone@x.test' })
    ).json()) as EndUser;
    expect((await api(server.url, alice, 'DELETE', `${endUsers(appId)}/${created.id}`)).status).toBe(204);
    expect((await api(server.url, alice, 'DELETE', `${endUsers(appId)}/${created.id}`)).status).toBe(404);
  });

  it('another builder can neither list, invite nor remove end users of the app', async () => {
    const list = (await (await api(server.url, alice, 'GET', endUsers(appId))).json()) as EndUserList;
    expect((await api(server.url, bob, 'GET', endUsers(appId))).status).toBe(404);
    expect((await api(server.url, bob, 'POST', endUsers(appId), { email: 'spy@x.test' })).status).toBe(404);
    for (const user of list.endUsers)
      expect((await api(server.url, bob, 'DELETE', `${endUsers(appId)}/${user.id}`)).status).toBe(404);
    const after = (await (await api(server.url, alice, 'GET', endUsers(appId))).json()) as EndUserList;
    expect(after.endUsers).toHaveLength(list.endUsers.length);
    expect((await api(server.url, null, 'GET', endUsers(appId))).status).toBe(401);
  });

  it('in SQL, a builder cannot pick an end user’s id (it becomes a session’s subject) nor stamp sign-ins', async () => {
    const asAlice = (sql: string, params: SqlParam[]) =>
      db
        .withUser({ sub: alice.id, role: 'authenticated' }, (tx) => tx.query(sql, params))
        .then(
          () => 'ok',
          (error: { code: string }) => error.code,
        );
    expect(
      await asAlice('insert into app_end_users (id, app_id, email) values ($1, $2, $3)', [
        bob.id,
        appId,
        'x@x.test',
      ]),
    ).toBe('42501');
    expect(await asAlice('update app_end_users set id = $1 where app_id = $2', [bob.id, appId])).toBe(
      '42501',
    );
    expect(await asAlice('update app_end_users set last_sign_in_at = now() where app_id = $1', [appId])).toBe(
      '42501',
    );
    expect(await asAlice('select * from app_magic_links', [])).toBe('42501');
    expect(await asAlice("update app_end_users set role = 'viewer' where email = $1", ['ben@x.test'])).toBe(
      'ok',
    );
  });

  it('an end user’s claims read their own invitation only', async () => {
    const list = (await (await api(server.url, alice, 'GET', endUsers(appId))).json()) as EndUserList;
    const ann = list.endUsers.find((u) => u.email === 'ann@x.test')!;
    const seen = await db.withUser({ sub: ann.id, role: 'authenticated', app_id: appId }, (tx) =>
      tx.query<{ email: string }>('select email from app_end_users'),
    );
    expect(seen).toEqual([{ email: 'ann@x.test' }]);
    const elsewhere = await db.withUser(
      { sub: ann.id, role: 'authenticated', app_id: '00000000-0000-4000-8000-000000000000' },
      (tx) => tx.query('select email from app_end_users'),
    );
    expect(elsewhere).toEqual([]);
  });
});

describe('the outbox', () => {
  it('lists the builder’s own mail, newest first; other builders see none of it', async () => {
    const send = (subject: string) =>
      server.platform.mailer.send({
        userId: alice.id,
        appId,
        channel: 'email',
        to: 'ann@x.test',
        subject,
        body: 'Open https://example.test/x',
        source: 'test',
      });
    await send('first');
    await send('second');
    const mail = await outbox(server.url, alice);
    expect(mail.map((m) => m.subject)).toEqual(['second', 'first']);
    expect(mail[0]).toMatchObject({ to: 'ann@x.test', appName: 'Team board', appId, channel: 'email' });
    expect(await outbox(server.url, bob)).toEqual([]);
    expect((await api(server.url, null, 'GET', '/api/outbox')).status).toBe(401);
  });
});
