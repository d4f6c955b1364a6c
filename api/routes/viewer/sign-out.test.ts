import { PostgrestClient } from '@supabase/postgrest-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../schemas/index.ts';
import type { Db } from '../../store/db.ts';
import { api, type Builder, signUpBuilder } from '../../testing/builders.ts';
import { openTestDb } from '../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { linkTokenFor, postJson, publishApp } from '../data-api/app-auth.fixture.ts';
import { isSignedOut, SIGN_OUT_RECHECK_MS } from '../data-api/end-user.ts';
import { salesApp } from './viewer.fixture.ts';

// Signing out of an invite-only app ends that session on the server: the same token is refused
// afterwards everywhere (data API, /app, charts), while the person's other sessions go on.

let db: Db;
let server: TestServer;
let alice: Builder;
let appId: string;
const base = () => `${server.url}/u/alice/sales`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signIn(email: string, count: number): Promise<AppSession> {
  expect((await postJson(`${base()}/auth/magic-link`, { email })).status).toBe(202);
  const token = await linkTokenFor(server.url, alice, email, count);
  const response = await postJson(`${base()}/auth/session`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as AppSession;
}

const logout = (token?: string) =>
  fetch(`${base()}/auth/logout`, { method: 'POST', headers: token ? bearer(token) : {} });

/** The status and error code of every place the session works, in one list. */
async function everywhere(token: string) {
  const rest = await new PostgrestClient(`${base()}/rest/v1`, { headers: bearer(token) })
    .from('deals')
    .select('title');
  const app = await fetch(`${base()}/app`, { headers: bearer(token) });
  const chart = await fetch(`${base()}/aggregate/by_stage`, { headers: bearer(token) });
  const code = async (response: Response) =>
    response.ok ? null : ((await response.json()) as { error: { code: string } }).error.code;
  return [
    [rest.status, rest.error?.code ?? null],
    [app.status, await code(app)],
    [chart.status, await code(chart)],
  ];
}

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
  alice = await signUpBuilder(server.url, 'alice');
  appId = await publishApp(server.url, alice, salesApp('sales', 'invite_only'));
  const invited = await api(server.url, alice, 'POST', `/api/apps/${appId}/end-users`, {
    email: 'rep@x.test',
    role: 'rep',
  });
  expect(invited.status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('POST /u/{username}/{slug}/auth/logout', () => {
  it('ends the session: the same token gets 401 invalid_token on the data API, /app and charts', async () => {
    const session = await signIn('rep@x.test', 1);
    const other = await signIn('rep@x.test', 2);
    expect(await everywhere(session.access_token)).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
    expect((await logout(session.access_token)).status).toBe(204);
    expect(await everywhere(session.access_token)).toEqual([
      [401, 'invalid_token'],
      [401, 'invalid_token'],
      [401, 'invalid_token'],
    ]);
    // Signing out twice is fine; the person's other session is untouched.
    expect((await logout(session.access_token)).status).toBe(204);
    expect(await everywhere(other.access_token)).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
    const [stored] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from app_session_revocations where app_id = $1', [
        appId,
      ]),
    );
    expect(stored!.n).toBe(1);
  });

  it('answers 204 without a session, or with one that is not this app’s, and records nothing', async () => {
    expect((await logout()).status).toBe(204);
    expect((await logout('garbage')).status).toBe(204);
    const foreign = await server.platform.appSessions.sign({
      appId: crypto.randomUUID(),
      endUserId: crypto.randomUUID(),
      roleId: 'rep',
      email: 'x@x.test',
    });
    expect((await logout(foreign)).status).toBe(204);
    const [stored] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ n: number }>('select count(*)::int as n from app_session_revocations'),
    );
    expect(stored!.n).toBe(1);
  });

  it('a sign-out made by another process applies here within the recheck time', async () => {
    const sessionId = crypto.randomUUID();
    const t0 = Date.now();
    expect(await isSignedOut(db, sessionId, t0)).toBe(false);
    await db.asService('test-fixtures', (tx) =>
      tx.query(
        `insert into app_session_revocations (session_id, app_id, user_id, expires_at)
         values ($1, $2, $3, now() + interval '1 hour')`,
        [sessionId, appId, alice.id],
      ),
    );
    // Trusted for a moment (the read path stays one query per session per few seconds)…
    expect(await isSignedOut(db, sessionId, t0 + SIGN_OUT_RECHECK_MS - 1)).toBe(false);
    // …then asked again.
    expect(await isSignedOut(db, sessionId, t0 + SIGN_OUT_RECHECK_MS + 1)).toBe(true);
  });
});
