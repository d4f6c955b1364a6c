import type { Context } from 'hono';
import { decodeProtectedHeader } from 'jose';
import type { AppEnv } from '../../kernel/context.ts';
import { HttpError } from '../../kernel/errors.ts';
import type { AppSessionClaims } from '../../ports/app-sessions.ts';
import { findSessionEndUser } from '../../store/app-end-users.ts';
import type { Db, JwtClaims } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';

/**
 * How long this process trusts that a session was not signed out before asking the database
 * again: a sign-out here applies at once, one in another process within this time.
 */
export const SIGN_OUT_RECHECK_MS = 5_000;
const MAX_REMEMBERED = 10_000;

interface SignOutState {
  signedOut: boolean;
  checkedAt: number;
}

// Per database, so two platforms in one process (tests) never share answers.
const remembered = new WeakMap<Db, Map<string, SignOutState>>();

function memoryOf(db: Db): Map<string, SignOutState> {
  let memory = remembered.get(db);
  if (!memory) {
    memory = new Map();
    remembered.set(db, memory);
  }
  return memory;
}

function remember(db: Db, sessionId: string, state: SignOutState) {
  const memory = memoryOf(db);
  if (memory.size >= MAX_REMEMBERED) memory.clear();
  memory.set(sessionId, state);
}

/** Whether the session was signed out; asks the database at most once per few seconds per session. */
export async function isSignedOut(db: Db, sessionId: string, now = Date.now()): Promise<boolean> {
  const known = memoryOf(db).get(sessionId);
  if (known && (known.signedOut || now - known.checkedAt < SIGN_OUT_RECHECK_MS)) return known.signedOut;
  const rows = await db.asService('app-sign-out', (tx) =>
    tx.query('select 1 from public.app_session_revocations where session_id = $1', [sessionId]),
  );
  remember(db, sessionId, { signedOut: rows.length > 0, checkedAt: now });
  return rows.length > 0;
}

/** Ends one app session for good (until it would have expired), and forgets long-dead sign-outs. */
export async function signOut(db: Db, app: PublishedApp, session: AppSessionClaims): Promise<void> {
  await db.asService('app-sign-out', async (tx) => {
    await tx.query(
      `insert into public.app_session_revocations (session_id, app_id, user_id, expires_at)
       values ($1, $2, $3, to_timestamp($4)) on conflict (session_id) do nothing`,
      [session.sessionId, app.appId, app.ownerId, session.expiresAt],
    );
    await tx.query('delete from public.app_session_revocations where expires_at < now()');
  });
  remember(db, session.sessionId, { signedOut: true, checkedAt: Date.now() });
}

/**
 * Whether a bearer token is shaped like an app session. Those are HS256 (see
 * `ports/app-sessions.ts`); builders' tokens are ES256/RS256 and their verifier refuses HS256,
 * so the header's algorithm says which check a token gets, without trying both.
 */
export function isAppSessionToken(token: string): boolean {
  try {
    return decodeProtectedHeader(token).alg === 'HS256';
  } catch {
    return false;
  }
}

/**
 * An end user of this app, from their app session: the token must be a live session for this
 * very app, not signed out, and the builder must not have removed them since it was issued
 * (checked on every request, under the end user's own claims; their current role is read at the
 * same time, so a role the builder changes applies at once). Private apps admit only their
 * builder. A session that is no longer valid is a 401 `invalid_token`, on which clients forget it.
 */
export async function endUserCaller(c: Context<AppEnv>, app: PublishedApp, token: string): Promise<Caller> {
  if (app.level === 'private')
    throw new HttpError(401, 'app_sign_in_required', 'This app is private: only its builder can use it');
  const { db, appSessions } = c.var.platform;
  const session = await appSessions.verify(token, app.appId);
  if (!session)
    throw new HttpError(
      401,
      'invalid_token',
      'Your session is not valid for this app or has expired: sign in again with a new link',
    );
  const claims: JwtClaims = {
    sub: session.endUserId,
    role: 'authenticated',
    app_id: app.appId,
    email: session.email,
  };
  const [signedOut, endUser] = await Promise.all([
    isSignedOut(db, session.sessionId),
    db.withUser(claims, (tx) => findSessionEndUser(tx, session.endUserId)),
  ]);
  if (signedOut)
    throw new HttpError(401, 'invalid_token', 'You signed out of this app: sign in again with a new link');
  if (!endUser)
    throw new HttpError(
      401,
      'app_access_removed',
      'You are no longer invited to this app: ask its builder to invite you again',
    );
  return {
    actor: { kind: 'end_user', endUserId: session.endUserId, roleId: endUser.role, email: endUser.email },
    claims,
  };
}
