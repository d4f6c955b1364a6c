import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Tx } from '../../../store/db.ts';
import type { SigningKeys } from './keys.ts';

export const ACCESS_TOKEN_SECONDS = 3600;

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
  raw_user_meta_data: Record<string, unknown> | null;
  raw_app_meta_data: Record<string, unknown> | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const USER_COLUMNS =
  'id, email, encrypted_password, raw_user_meta_data, raw_app_meta_data, email_confirmed_at, last_sign_in_at, created_at, updated_at';

/** The user object Supabase Auth returns (the fields supabase-js reads). */
export function toAuthUser(user: UserRow) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: iso(user.email_confirmed_at),
    confirmed_at: iso(user.email_confirmed_at),
    phone: '',
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
    user_metadata: user.raw_user_meta_data ?? {},
    identities: [],
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    is_anonymous: false,
  };
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionIssuer {
  keys: SigningKeys;
  issuer: string;
  now: () => number;
}

async function accessToken(issuer: SessionIssuer, user: UserRow, sessionId: string) {
  const nowSeconds = Math.floor(issuer.now() / 1000);
  const token = await new SignJWT({
    email: user.email,
    phone: '',
    role: 'authenticated',
    app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
    user_metadata: user.raw_user_meta_data ?? {},
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: nowSeconds }],
    session_id: sessionId,
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: 'ES256', kid: issuer.keys.kid, typ: 'JWT' })
    .setSubject(user.id)
    .setAudience('authenticated')
    .setIssuer(issuer.issuer)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ACCESS_TOKEN_SECONDS)
    .sign(issuer.keys.privateKey);
  return { token, expiresAt: nowSeconds + ACCESS_TOKEN_SECONDS };
}

/** Stores a fresh refresh token for the session and answers as Supabase Auth does. */
async function sessionResponse(tx: Tx, issuer: SessionIssuer, user: UserRow, sessionId: string) {
  const refreshToken = randomBytes(24).toString('base64url');
  await tx.query(
    'insert into embedded_auth.refresh_tokens (token_hash, session_id, user_id) values ($1, $2, $3)',
    [hashRefreshToken(refreshToken), sessionId, user.id],
  );
  const { token, expiresAt } = await accessToken(issuer, user, sessionId);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_SECONDS,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: toAuthUser(user),
  };
}

export async function startSession(tx: Tx, issuer: SessionIssuer, user: UserRow) {
  const sessionId = randomUUID();
  await tx.query('insert into embedded_auth.sessions (id, user_id) values ($1, $2)', [sessionId, user.id]);
  await tx.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
  return sessionResponse(tx, issuer, { ...user, last_sign_in_at: new Date(issuer.now()) }, sessionId);
}

export type RefreshOutcome =
  | { ok: true; session: Awaited<ReturnType<typeof sessionResponse>> }
  | { ok: false; reason: 'not_found' | 'already_used' };

/**
 * Rotates a refresh token. A token used twice means it leaked (or two tabs raced): the whole
 * session ends, as Supabase Auth's reuse detection does.
 */
export async function refreshSession(
  tx: Tx,
  issuer: SessionIssuer,
  refreshToken: string,
): Promise<RefreshOutcome> {
  const [row] = await tx.query<{ session_id: string; user_id: string; revoked: boolean }>(
    'select session_id, user_id, revoked from embedded_auth.refresh_tokens where token_hash = $1 for update',
    [hashRefreshToken(refreshToken)],
  );
  if (!row) return { ok: false, reason: 'not_found' };
  if (row.revoked) {
    await tx.query('delete from embedded_auth.sessions where id = $1', [row.session_id]);
    return { ok: false, reason: 'already_used' };
  }
  await tx.query('update embedded_auth.refresh_tokens set revoked = true where token_hash = $1', [
    hashRefreshToken(refreshToken),
  ]);
  await tx.query('update embedded_auth.sessions set refreshed_at = now() where id = $1', [row.session_id]);
  const [user] = await tx.query<UserRow>(`select ${USER_COLUMNS} from auth.users where id = $1`, [
    row.user_id,
  ]);
  if (!user) return { ok: false, reason: 'not_found' };
  return { ok: true, session: await sessionResponse(tx, issuer, user, row.session_id) };
}
