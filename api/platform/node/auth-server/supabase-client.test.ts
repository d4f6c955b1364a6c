import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Db } from '../../../store/db.ts';
import { openTestDb } from '../../../testing/test-db.ts';
import { startTestServer, type TestServer } from '../../../testing/test-server.ts';
import { FAILED_LOGINS_PER_EMAIL } from './routes.ts';

// The studio signs in with the real @supabase/supabase-js client; these tests drive that client
// against the embedded auth server exactly as the browser does.

let db: Db;
let server: TestServer;

const client = (): SupabaseClient =>
  createClient(server.url, 'embedded', {
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no WebSocket of its own; supabase-js builds its realtime client eagerly.
    realtime: { transport: WebSocket as never },
  });

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('embedded Supabase Auth through supabase-js', () => {
  it('signs up with a username and answers with a session, as Supabase does with confirmation off', async () => {
    const { data, error } = await client().auth.signUp({
      email: 'Ada@Example.test',
      password: 'analytical engine',
      options: { data: { username: 'ada' } },
    });
    expect(error).toBeNull();
    expect(data.session?.access_token).toMatch(/^ey/);
    expect(data.user?.email).toBe('ada@example.test');
    expect(data.user?.user_metadata.username).toBe('ada');
    const [profile] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ username: string; plan: string }>('select username, plan from profiles where id = $1', [
        data.user!.id,
      ]),
    );
    expect(profile).toEqual({ username: 'ada', plan: 'free' });
  });

  it('signs in, reads the user, refreshes and signs out', async () => {
    const supabase = client();
    const signIn = await supabase.auth.signInWithPassword({
      email: 'ada@example.test',
      password: 'analytical engine',
    });
    expect(signIn.error).toBeNull();
    const first = signIn.data.session!;

    const { data: userData, error: userError } = await supabase.auth.getUser();
    expect(userError).toBeNull();
    expect(userData.user?.id).toBe(first.user.id);

    const refreshed = await supabase.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.data.session?.access_token).toMatch(/^ey/);

    // The rotated-out refresh token no longer works, and its reuse ends the session.
    const replay = await client().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(replay.error?.message).toMatch(/Already Used/);

    const stillValidToken = refreshed.data.session!.access_token;
    const afterReplay = await client().auth.getUser(stillValidToken);
    expect(afterReplay.error).not.toBeNull();
  });

  it('signOut ends the session: the old access token no longer reads the user', async () => {
    const supabase = client();
    const { data } = await supabase.auth.signInWithPassword({
      email: 'ada@example.test',
      password: 'analytical engine',
    });
    const token = data.session!.access_token;
    expect((await client().auth.getUser(token)).error).toBeNull();
    const { error } = await supabase.auth.signOut();
    expect(error).toBeNull();
    const after = await client().auth.getUser(token);
    expect(after.data.user).toBeNull();
    expect(after.error).not.toBeNull();
  });

  it('tokens verify against the published JWKS as ES256 with Supabase-shaped claims', async () => {
    const { data } = await client().auth.signInWithPassword({
      email: 'ada@example.test',
      password: 'analytical engine',
    });
    const jwks = (await (await fetch(`${server.url}/auth/v1/.well-known/jwks.json`)).json()) as {
      keys: { kty: string; alg: string; kid: string; d?: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(jwks.keys[0]!.d).toBeUndefined();
    const header = decodeProtectedHeader(data.session!.access_token);
    const payload = decodeJwt(data.session!.access_token) as { sub: string; exp: number; iat: number };
    expect(header).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]!.kid });
    expect(payload).toMatchObject({ role: 'authenticated', aud: 'authenticated', email: 'ada@example.test' });
    expect(payload.sub).toBe(data.user!.id);
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it('rejects a wrong password, a duplicate e-mail and a duplicate username with clear errors', async () => {
    const wrong = await client().auth.signInWithPassword({
      email: 'ada@example.test',
      password: 'difference engine',
    });
    expect(wrong.error?.message).toBe('Invalid login credentials');
    expect(wrong.error?.code).toBe('invalid_credentials');

    const sameEmail = await client().auth.signUp({
      email: 'ADA@example.test',
      password: 'another password',
      options: { data: { username: 'ada2' } },
    });
    expect(sameEmail.error?.message).toBe('User already registered');

    const sameName = await client().auth.signUp({
      email: 'lovelace@example.test',
      password: 'another password',
      options: { data: { username: 'ada' } },
    });
    expect(sameName.error?.message).toMatch(/username: "ada" is taken/);
    expect(sameName.error?.code).toBe('username_taken');
  });

  it.each([
    [undefined, /username: must include a username|username: is required/],
    ['Ada', /username: may use only a-z/],
    ['ab', /username: must be at least 3/],
    ['-ada', /username: may use only/],
    ['a--b', /two hyphens/],
    ['admin', /reserved/],
    ['ada/../x', /may use only/],
  ])('refuses the username %s with a reason', async (username, reason) => {
    const { error, data } = await client().auth.signUp({
      email: `u${Math.random().toString(36).slice(2)}@example.test`,
      password: 'long enough pass',
      options: username === undefined ? {} : { data: { username } },
    });
    expect(data.session).toBeNull();
    expect(error?.message).toMatch(reason);
    expect(error?.status).toBe(422);
  });

  it('refuses a short password and a malformed e-mail', async () => {
    const short = await client().auth.signUp({
      email: 'short@example.test',
      password: 'abc',
      options: { data: { username: 'shorty' } },
    });
    expect(short.error?.message).toMatch(/password: must be at least 8/);
    const email = await client().auth.signUp({
      email: 'not-an-email',
      password: 'long enough pass',
      options: { data: { username: 'mailless' } },
    });
    expect(email.error?.message).toMatch(/email: must be an e-mail address/);
  });

  it('rate-limits repeated failed sign-ins for one e-mail, even with the right password after', async () => {
    await client().auth.signUp({
      email: 'grace@example.test',
      password: 'cobol forever',
      options: { data: { username: 'grace' } },
    });
    for (let i = 0; i < FAILED_LOGINS_PER_EMAIL; i++) {
      const { error } = await client().auth.signInWithPassword({
        email: 'grace@example.test',
        password: `guess ${i}`,
      });
      expect(error?.code).toBe('invalid_credentials');
    }
    const blocked = await client().auth.signInWithPassword({
      email: 'grace@example.test',
      password: 'cobol forever',
    });
    expect(blocked.error?.status).toBe(429);
    expect(blocked.error?.message).toMatch(/Too many failed sign-in attempts/);
    // Another builder is not affected.
    const other = await client().auth.signInWithPassword({
      email: 'ada@example.test',
      password: 'analytical engine',
    });
    expect(other.error).toBeNull();
  });
});
