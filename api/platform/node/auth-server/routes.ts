import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { Email, Password, Username } from '../../../../schemas/index.ts';
import type { AppEnv } from '../../../kernel/context.ts';
import type { TokenVerifier } from '../../../kernel/tokens.ts';
import { toApiIssues } from '../../../kernel/validate.ts';
import type { RateLimiter } from '../../../ports/rate-limiter.ts';
import { type Db, DbError, type Tx } from '../../../store/db.ts';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords.ts';
import {
  refreshSession,
  type SessionIssuer,
  startSession,
  toAuthUser,
  USER_COLUMNS,
  type UserRow,
} from './sessions.ts';

/** Failed sign-ins allowed per e-mail and per client address in one window. */
export const FAILED_LOGINS_PER_EMAIL = 5;
export const FAILED_LOGINS_PER_CLIENT = 20;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60_000;

const API_VERSION = '2024-01-01';

/** Errors in Supabase Auth's shape, so supabase-js reports `error.message` and `error.code`. */
function authError(c: Context, status: 400 | 401 | 403 | 404 | 422 | 429, code: string, message: string) {
  c.header('x-supabase-api-version', API_VERSION);
  return c.json({ code, error_code: code, msg: message }, status);
}

// Supabase-js sends fields of its own (gotrue_meta_security, code_challenge): accepted, ignored.
const SignupBody = z.object({
  email: Email,
  password: Password,
  data: z.object({ username: Username }, { error: 'must include a username' }),
});
const PasswordGrant = z.object({ email: z.string().min(1), password: z.string().min(1) });
const RefreshGrant = z.object({ refresh_token: z.string().min(1) });

async function readBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

function clientKey(c: Context): string {
  // Behind a proxy the platform is configured to trust, the first forwarded address is the client.
  return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || 'direct';
}

export interface AuthServerDeps {
  db: Db;
  issuer: SessionIssuer;
  verifier: TokenVerifier;
  rateLimiter: RateLimiter;
}

/**
 * The subset of Supabase Auth's HTTP API that `@supabase/supabase-js` uses for e-mail and
 * password, served by the embedded default under `/auth/v1`.
 */
export function embeddedAuthRoutes({ db, issuer, verifier, rateLimiter }: AuthServerDeps) {
  const app = new Hono<AppEnv>();
  const asAuth = <T>(fn: (tx: Tx) => Promise<T>) => db.asService('embedded-auth', fn);

  app.get('/.well-known/jwks.json', (c) => {
    c.header('cache-control', 'public, max-age=600');
    return c.json({ keys: [issuer.keys.publicJwk] });
  });

  app.post('/signup', async (c) => {
    const parsed = SignupBody.safeParse(await readBody(c));
    if (!parsed.success) {
      const issue = toApiIssues(parsed.error, 'body')[0]!;
      const field = issue.path.replace(/^data\./, '');
      const code = field === 'password' ? 'weak_password' : 'validation_failed';
      return authError(c, 422, code, `${field}: ${issue.message}`);
    }
    const email = parsed.data.email.toLowerCase();
    const username = parsed.data.data.username;
    const passwordHash = await hashPassword(parsed.data.password);
    try {
      const session = await asAuth(async (tx) => {
        const taken = await tx.query<{ email_taken: boolean; username_taken: boolean }>(
          `select exists (select 1 from auth.users where lower(email) = $1) as email_taken,
                  exists (select 1 from public.profiles where username = $2) as username_taken`,
          [email, username],
        );
        if (taken[0]?.email_taken) return 'email_taken' as const;
        if (taken[0]?.username_taken) return 'username_taken' as const;
        const [user] = await tx.query<UserRow>(
          `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at,
             raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
           values ($1, 'authenticated', 'authenticated', $2, $3, now(), $4::jsonb, $5::jsonb, now(), now())
           returning ${USER_COLUMNS}`,
          [
            randomUUID(),
            email,
            passwordHash,
            JSON.stringify({ provider: 'email', providers: ['email'] }),
            JSON.stringify({ username }),
          ],
        );
        return startSession(tx, issuer, user!);
      });
      if (session === 'email_taken')
        return authError(c, 422, 'user_already_exists', 'User already registered');
      if (session === 'username_taken') {
        return authError(c, 422, 'username_taken', `username: "${username}" is taken; choose another`);
      }
      return c.json(session);
    } catch (error) {
      // Two sign-ups racing for one e-mail or username: the unique index decides.
      if (error instanceof DbError && error.code === '23505') {
        return error.constraint?.includes('username')
          ? authError(c, 422, 'username_taken', `username: "${username}" is taken; choose another`)
          : authError(c, 422, 'user_already_exists', 'User already registered');
      }
      throw error;
    }
  });

  app.post('/token', async (c) => {
    const grant = c.req.query('grant_type');
    const body = await readBody(c);
    if (grant === 'password') {
      const parsed = PasswordGrant.safeParse(body);
      if (!parsed.success) return authError(c, 400, 'validation_failed', 'email and password are required');
      const email = parsed.data.email.trim().toLowerCase();
      const keys = [`login-email:${email}`, `login-client:${clientKey(c)}`];
      const [byEmail, byClient] = await Promise.all(
        keys.map((k) => rateLimiter.peek(k, FAILED_LOGIN_WINDOW_MS)),
      );
      if (byEmail! >= FAILED_LOGINS_PER_EMAIL || byClient! >= FAILED_LOGINS_PER_CLIENT) {
        return authError(
          c,
          429,
          'over_request_rate_limit',
          'Too many failed sign-in attempts. Wait 15 minutes, or reset your password, then try again.',
        );
      }
      const [user] = await asAuth((tx) =>
        tx.query<UserRow>(`select ${USER_COLUMNS} from auth.users where lower(email) = $1`, [email]),
      );
      const ok = await verifyPassword(
        parsed.data.password,
        user?.encrypted_password ?? (await DUMMY_HASH_PROMISE),
      );
      if (!user || !ok) {
        await Promise.all(
          keys.map((k) => rateLimiter.hit(k, Number.MAX_SAFE_INTEGER, FAILED_LOGIN_WINDOW_MS)),
        );
        return authError(c, 400, 'invalid_credentials', 'Invalid login credentials');
      }
      await rateLimiter.reset(keys[0]!);
      return c.json(await asAuth((tx) => startSession(tx, issuer, user)));
    }
    if (grant === 'refresh_token') {
      const parsed = RefreshGrant.safeParse(body);
      if (!parsed.success) return authError(c, 400, 'validation_failed', 'refresh_token is required');
      const outcome = await asAuth((tx) => refreshSession(tx, issuer, parsed.data.refresh_token));
      if (outcome.ok) return c.json(outcome.session);
      return outcome.reason === 'already_used'
        ? authError(c, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used')
        : authError(c, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    }
    return authError(c, 400, 'unsupported_grant_type', 'grant_type must be password or refresh_token');
  });

  type Caller =
    | { ok: true; user: UserRow; sessionId: string }
    | { ok: false; status: number; error: Response };

  /** The signed-in caller's token and live session, or the Supabase-shaped error. */
  async function callerSession(c: Context): Promise<Caller> {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!match) {
      const error = authError(c, 401, 'no_authorization', 'This endpoint requires a Bearer token');
      return { ok: false, status: 401, error };
    }
    let claims: Awaited<ReturnType<TokenVerifier['verify']>>;
    try {
      claims = await verifier.verify(match[1]!);
    } catch (error) {
      return {
        ok: false,
        status: 403,
        error: authError(c, 403, 'bad_jwt', `invalid JWT: ${(error as Error).message}`),
      };
    }
    const sessionId = String(claims.session_id ?? '');
    const gone = () => ({
      ok: false as const,
      status: 403,
      error: authError(c, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist'),
    });
    if (!z.uuid().safeParse(sessionId).success) return gone();
    const [row] = await asAuth((tx) =>
      tx.query<UserRow>(
        `select ${USER_COLUMNS.split(', ')
          .map((col) => `u.${col}`)
          .join(', ')}
         from embedded_auth.sessions s join auth.users u on u.id = s.user_id
         where s.id = $1 and s.user_id = $2`,
        [sessionId, claims.sub],
      ),
    );
    return row ? { ok: true, user: row, sessionId } : gone();
  }

  app.get('/user', async (c) => {
    const caller = await callerSession(c);
    if (!caller.ok) return caller.error;
    return c.json(toAuthUser(caller.user));
  });

  app.post('/logout', async (c) => {
    const scope = c.req.query('scope') ?? 'global';
    if (!['global', 'local', 'others'].includes(scope)) {
      return authError(c, 400, 'validation_failed', 'scope must be global, local or others');
    }
    const caller = await callerSession(c);
    if (!caller.ok) {
      // Signing out of a session that is already gone is not an error worth showing.
      return caller.status === 403 ? c.body(null, 204) : caller.error;
    }
    const { id: userId } = caller.user;
    await asAuth((tx) =>
      scope === 'global'
        ? tx.query('delete from embedded_auth.sessions where user_id = $1', [userId])
        : tx.query(
            `delete from embedded_auth.sessions where user_id = $1 and id ${scope === 'local' ? '=' : '<>'} $2`,
            [userId, caller.sessionId],
          ),
    );
    return c.body(null, 204);
  });

  app.all('*', (c) =>
    authError(c, 404, 'not_found', `The embedded auth server has no ${c.req.method} ${c.req.path}`),
  );
  return app;
}
