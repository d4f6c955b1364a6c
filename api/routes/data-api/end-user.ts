import type { Context } from 'hono';
import { decodeProtectedHeader } from 'jose';
import type { AppEnv } from '../../kernel/context.ts';
import { HttpError } from '../../kernel/errors.ts';
import { findSessionEndUser } from '../../store/app-end-users.ts';
import type { JwtClaims } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';

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
 * very app, and the builder must not have removed them since it was issued (checked on every
 * request, under the end user's own claims; their current role is read at the same time, so a
 * role the builder changes applies at once). Private apps admit only their builder.
 */
export async function endUserCaller(c: Context<AppEnv>, app: PublishedApp, token: string): Promise<Caller> {
  if (app.level === 'private')
    throw new HttpError(401, 'app_sign_in_required', 'This app is private: only its builder can use it');
  const session = await c.var.platform.appSessions.verify(token, app.appId);
  if (!session)
    throw new HttpError(
      401,
      'invalid_app_session',
      'Your session is not valid for this app or has expired: sign in again with a new link',
    );
  const claims: JwtClaims = {
    sub: session.endUserId,
    role: 'authenticated',
    app_id: app.appId,
    email: session.email,
  };
  const endUser = await c.var.platform.db.withUser(claims, (tx) => findSessionEndUser(tx, session.endUserId));
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
