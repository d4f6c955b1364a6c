import type { Context } from 'hono';
import type { Actor } from '../../../runtime/components/access.ts';
import type { AppEnv } from '../../kernel/context.ts';
import { HttpError } from '../../kernel/errors.ts';
import { InvalidTokenError } from '../../kernel/tokens.ts';
import type { JwtClaims } from '../../store/db.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import { isInternalCallerToken } from '../../workflows/internal-caller.ts';
import { endUserCaller, isAppSessionToken } from './end-user.ts';

export interface Caller {
  actor: Actor;
  /** The claims the database transaction runs under (RLS scopes them to this app). */
  claims: JwtClaims;
}

/**
 * Who is calling a published app's data API. The builder's own session makes them its owner;
 * an app session (from a magic link) makes an end user of this app, with their role; anyone
 * else is a visitor with the app's default role, which only a public app admits.
 */
export async function resolveCaller(c: Context<AppEnv>, app: PublishedApp): Promise<Caller> {
  const header = c.req.header('authorization');
  const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (header && !token) throw new HttpError(401, 'invalid_token', 'Authorization must be "Bearer <token>"');
  if (token && token !== c.var.platform.studio.supabaseAnonKey) {
    if (isAppSessionToken(token)) return endUserCaller(c, app, token);
    if (isInternalCallerToken(token)) {
      // A workflow's record step, signed in this process for the app's builder (never anyone else).
      const userId = await c.var.platform.internalCallers.verify(token);
      if (!userId || userId !== app.ownerId)
        throw new HttpError(401, 'invalid_token', 'Sign in again: the access token is not valid');
      return { actor: { kind: 'owner' }, claims: { sub: userId, role: 'authenticated' } };
    }
    try {
      const claims = await c.var.platform.verifier.verify(token);
      if (claims.sub === app.ownerId) return { actor: { kind: 'owner' }, claims };
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw new HttpError(401, 'invalid_token', `Sign in again: the access ${error.message}`);
    }
  }
  if (app.level !== 'public') {
    const what =
      app.level === 'private'
        ? 'private: only its builder can use it'
        : 'invite-only: sign in with your invitation';
    throw new HttpError(401, 'app_sign_in_required', `This app is ${what}`);
  }
  return {
    actor: { kind: 'visitor', roleId: app.definition.access.defaultRoleId },
    claims: { sub: '', role: 'anon', app_id: app.appId },
  };
}

/** The plan's requests per minute per app, with Retry-After when it is used up. */
export async function limitAppRate(c: Context<AppEnv>, app: PublishedApp): Promise<void> {
  const decision = await c.var.platform.rateLimiter.hit(`app:${app.appId}`, app.requestsPerMinute, 60_000);
  if (decision.allowed) return;
  const seconds = Math.max(1, Math.ceil((decision.resetAt - Date.now()) / 1000));
  throw new HttpError(
    429,
    'rate_limited',
    `This app has had ${app.requestsPerMinute} requests this minute, its limit on the ${app.plan} plan. Try again in ${seconds} s.`,
    {
      headers: { 'retry-after': String(seconds) },
      limit: {
        name: 'app_requests_per_minute',
        max: app.requestsPerMinute,
        plan: app.plan,
        resetsAt: new Date(decision.resetAt).toISOString(),
      },
    },
  );
}
