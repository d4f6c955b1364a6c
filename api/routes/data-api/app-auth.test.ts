import { PostgrestClient } from '@supabase/postgrest-js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../schemas/index.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { linkTokenFor, outbox, postJson, publishApp, teamBoard } from './app-auth.fixture.ts';
import { hashLinkToken, SIGN_IN_LIMITS } from './app-auth.ts';
import { taskBoard } from './data-api.fixture.ts';

// Invite-only apps: an invited e-mail asks for a magic link, trades it for an app-scoped
// session, and uses the data API (the real postgrest-js client) within its role.

let db: Db;
let server: TestServer;
let alice: Builder;
let appId: string;
let otherAppId: string;
let clockOffset = 0;

const base = (slug = 'team-board') => `${server.url}/u/alice/${slug}`;
const askLink = (email: string, slug?: string) => postJson(`${base(slug)}/auth/magic-link`, { email });
const redeem = (token: string, slug?: string) => postJson(`${base(slug)}/auth/session`, { token });
const client = (token?: string, slug?: string) =>
  new PostgrestClient(`${base(slug)}/rest/v1`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
const invite = async (id: string, email: string, role?: string) => {
  const response = await api(server.url, alice, 'POST', `/api/apps/${id}/end-users`, { email, role });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

/** Invites nobody: asks for a link for an invited address and signs in with it. */
async function signIn(email: string, slug?: string, count = 1): Promise<AppSession> {
  expect((await askLink(email, slug)).status).toBe(202);
  const response = await redeem(await linkTokenFor(server.url, alice, email, count), slug);
  expect(response.status).toBe(200);
  return (await response.json()) as AppSession;
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { now: () => Date.now() + clockOffset });
  alice = await signUpBuilder(server.url, 'alice');
  appId = await publishApp(server.url, alice, teamBoard());
  otherAppId = await publishApp(server.url, alice, teamBoard('second-board'));
  const owner = client(alice.token);
  const project = await owner.from('projects').insert({ name: 'Launch' }).select('id').single();
  const seeded = await owner
    .from('tasks')
    .insert({ title: 'Owner task', secret_note: 'ask legal', project: (project.data as { id: string }).id });
  expect(seeded.error).toBeNull();
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('signing in with a magic link', () => {
  it('invite → link in the outbox → session → the member works on its own rows only, without hidden fields', async () => {
    const danaId = await invite(appId, 'Dana@Example.test', 'member');
    const asked = await askLink(' DANA@example.test ');
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ sent: true });
    const token = await linkTokenFor(server.url, alice, 'dana@example.test');
    const [mail] = await outbox(server.url, alice);
    expect(mail).toMatchObject({
      to: 'dana@example.test',
      subject: 'Sign in to Team board',
      appName: 'Team board',
    });
    expect(mail!.body).toContain(`${server.url}/u/alice/team-board/#token=${token}`);
    // Only the hash is stored.
    const [stored] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ token_hash: string }>('select token_hash from app_magic_links where end_user_id = $1', [
        danaId,
      ]),
    );
    expect(stored!.token_hash).toBe(await hashLinkToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const response = await redeem(token);
    expect(response.status).toBe(200);
    const session = (await response.json()) as AppSession;
    expect(session).toMatchObject({
      token_type: 'bearer',
      expires_in: 12 * 3600,
      end_user: { email: 'dana@example.test', role: 'member' },
    });
    const list = await (await api(server.url, alice, 'GET', `/api/apps/${appId}/end-users`)).json();
    expect((list as { endUsers: { email: string; lastSignInAt: string | null }[] }).endUsers).toEqual([
      expect.objectContaining({ email: 'dana@example.test', lastSignInAt: expect.any(String) }),
    ]);

    const dana = client(session.access_token);
    expect((await dana.from('tasks').insert({ title: 'Dana task', secret_note: 'x' })).status).toBe(400);
    const added = await dana.from('tasks').insert({ title: 'Dana task', points: 2 }).select('*').single();
    expect(added.error).toBeNull();
    expect(added.data).not.toHaveProperty('secret_note');
    const mine = await dana.from('tasks').select('*');
    expect(mine.data?.map((t) => t.title)).toEqual(['Dana task']);
    expect(JSON.stringify(mine.data)).not.toContain('ask legal');
    expect((await dana.from('tasks').select('title').eq('secret_note', 'ask legal')).status).toBe(400);
    expect((await dana.from('projects').select('name')).data).toEqual([{ name: 'Launch' }]);
    // The owner's task is out of the member's scope: changing or deleting it touches nothing.
    const hijack = await dana.from('tasks').update({ title: 'hacked' }).eq('title', 'Owner task').select();
    expect(hijack.data).toEqual([]);
    expect((await dana.from('tasks').delete().eq('title', 'Owner task').select()).data).toEqual([]);
    const edited = await dana.from('tasks').update({ points: 3 }).eq('title', 'Dana task').select('points');
    expect(edited.data).toEqual([{ points: 3 }]);
    const [row] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ end_user_id: string }>(
        `select end_user_id from app_data where data ->> 'title' = 'Dana task'`,
      ),
    );
    expect(row!.end_user_id).toBe(danaId);
    expect(
      (await client(alice.token).from('tasks').select('title').eq('title', 'Owner task')).data,
    ).toHaveLength(1);
  });

  it('a viewer reads every task but cannot write, and its role comes from the invitation', async () => {
    await invite(appId, 'vic@x.test', 'viewer');
    const session = await signIn('vic@x.test');
    expect(session.end_user.role).toBe('viewer');
    const vic = client(session.access_token);
    const all = await vic.from('tasks').select('*').order('title');
    expect(all.data?.map((t) => t.title)).toEqual(['Dana task', 'Owner task']);
    expect(JSON.stringify(all.data)).not.toContain('secret_note');
    expect((await vic.from('tasks').insert({ title: 'nope' })).status).toBe(403);
  });

  it('two members sending the same query each get their own rows, whoever asked first', async () => {
    // Reads are compiled once per person and query: the second member must not get the first's.
    const members = [];
    for (const name of ['erin', 'finn']) {
      await invite(appId, `${name}@x.test`, 'member');
      const member = client((await signIn(`${name}@x.test`)).access_token);
      expect((await member.from('tasks').insert({ title: `${name} task` })).status).toBe(201);
      members.push(member);
    }
    for (let round = 0; round < 2; round++) {
      expect((await members[0]!.from('tasks').select('title')).data).toEqual([{ title: 'erin task' }]);
      expect((await members[1]!.from('tasks').select('title')).data).toEqual([{ title: 'finn task' }]);
    }
    await client(alice.token).from('tasks').delete().in('title', ['erin task', 'finn task']);
  });
});

describe('what the sign-in refuses', () => {
  it('an uninvited address gets the same 202 and no mail', async () => {
    await invite(appId, 'in@x.test');
    const stranger = await askLink('stranger@x.test');
    expect(stranger.status).toBe(202);
    expect(await stranger.json()).toEqual({ sent: true });
    // Asked after the stranger: once the invited address's mail is there, the stranger's would be too.
    await askLink('in@x.test');
    await linkTokenFor(server.url, alice, 'in@x.test');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await outbox(server.url, alice)).filter((m) => m.to === 'stranger@x.test')).toEqual([]);
  });

  it('a link works once; expired, forged and other apps’ links are refused', async () => {
    await invite(appId, 'eve@x.test');
    await invite(otherAppId, 'eve@x.test');
    await askLink('eve@x.test');
    const token = await linkTokenFor(server.url, alice, 'eve@x.test');
    const elsewhere = await redeem(token, 'second-board');
    expect(elsewhere.status).toBe(401);
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe('invalid_link');
    expect((await redeem(token)).status).toBe(200);
    const again = await redeem(token);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already used/);

    await askLink('eve@x.test');
    const late = await linkTokenFor(server.url, alice, 'eve@x.test', 2);
    await db.asService('test-fixtures', async (tx) => {
      await tx.query(
        `update app_magic_links set expires_at = now() - interval '1 second' where token_hash = $1`,
        [await hashLinkToken(late)],
      );
    });
    const expired = await redeem(late);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/);

    const forged = await redeem(
      Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'),
    );
    expect(forged.status).toBe(401);
    expect((await redeem("'; drop table app_magic_links; --")).status).toBe(400);
  });

  it('a session of one app is refused by another, even where the same address is invited', async () => {
    const session = await signIn('eve@x.test', 'team-board', 3);
    expect((await client(session.access_token).from('tasks').select('title')).status).toBe(200);
    const across = await client(session.access_token, 'second-board').from('tasks').select('title');
    expect(across.status).toBe(401);
    expect(across.error?.message).toMatch(/not valid for this app/);
    // Nor is an app session a builder's session.
    expect(
      (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${session.access_token}` } }))
        .status,
    ).toBe(401);
  });

  it('forged, tampered and expired sessions are refused', async () => {
    const session = await signIn('dana@example.test', 'team-board', 2);
    const [header, payload, signature] = session.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, app_role: 'viewer' })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const otherKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(crypto.getRandomValues(new Uint8Array(32)));
    clockOffset = -13 * 3600_000;
    const old = await server.platform.appSessions.sign({
      appId,
      endUserId: claims.sub,
      roleId: 'member',
      email: 'dana@example.test',
    });
    clockOffset = 0;
    for (const [kind, token] of Object.entries({ tampered, none, otherKey, old })) {
      const { status, data } = await client(token).from('tasks').select('title');
      expect(status, kind).toBe(401);
      expect(data, kind).toBeNull();
    }
  });

  it('a removed end user’s session stops working at once, and their links die with them', async () => {
    const ivyId = await invite(appId, 'ivy@x.test');
    const session = await signIn('ivy@x.test');
    expect((await client(session.access_token).from('tasks').select('title')).status).toBe(200);
    await askLink('ivy@x.test');
    const pending = await linkTokenFor(server.url, alice, 'ivy@x.test', 2);
    expect((await api(server.url, alice, 'DELETE', `/api/apps/${appId}/end-users/${ivyId}`)).status).toBe(
      204,
    );
    const after = await client(session.access_token).from('tasks').select('title');
    expect(after.status).toBe(401);
    expect(after.error?.message).toMatch(/no longer invited/);
    expect((await redeem(pending)).status).toBe(401);
  });

  it('visitors and other builders get 401 on an invite-only app; a private app takes no app session', async () => {
    expect((await client().from('tasks').select('title')).status).toBe(401);
    const bob = await signUpBuilder(server.url, 'bob');
    expect((await client(bob.token).from('tasks').select('title')).status).toBe(401);
    const privateId = await publishApp(server.url, alice, taskBoard('private-board', 'private'));
    const forPrivate = await server.platform.appSessions.sign({
      appId: privateId,
      endUserId: crypto.randomUUID(),
      roleId: 'visitor',
      email: 'p@x.test',
    });
    expect((await client(forPrivate, 'private-board').from('tasks').select('title')).status).toBe(401);
    expect((await askLink('p@x.test', 'private-board')).status).toBe(400);
    expect(
      (await postJson(`${server.url}/u/alice/no-such-app/auth/magic-link`, { email: 'a@x.test' })).status,
    ).toBe(404);
  });

  it('a flood of link requests gets 429 per address and per app, with Retry-After', async () => {
    await invite(appId, 'flood@x.test');
    for (let i = 0; i < SIGN_IN_LIMITS.linksPerEmail; i++)
      expect((await askLink('flood@x.test')).status).toBe(202);
    const limited = await askLink('FLOOD@x.test');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(
      /e-mail address/,
    );
    await linkTokenFor(server.url, alice, 'flood@x.test', SIGN_IN_LIMITS.linksPerEmail);
    expect((await outbox(server.url, alice)).filter((m) => m.to === 'flood@x.test')).toHaveLength(
      SIGN_IN_LIMITS.linksPerEmail,
    );

    const key = `magic-link:${otherAppId}`;
    for (let i = 0; i < SIGN_IN_LIMITS.linksPerApp; i++)
      await server.platform.rateLimiter.hit(key, 1e9, 60_000);
    const perApp = await askLink('someone@x.test', 'second-board');
    expect(perApp.status).toBe(429);
    expect(((await perApp.json()) as { error: { message: string } }).error.message).toMatch(/this app/);
    await server.platform.rateLimiter.reset(key);
  });

  it('logout answers 204: sessions are stateless', async () => {
    const response = await fetch(`${base()}/auth/logout`, { method: 'POST' });
    expect(response.status).toBe(204);
  });
});
