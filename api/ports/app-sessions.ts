import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * App-scoped sessions of invite-only apps' end users: an HS256 JWT for one app (`aud:
 * app:<appId>`), issued by the platform (`iss`: its public URL), valid 12 hours, with an id of its
 * own (`jti`). The data API also checks on each request that the end user is still invited, so
 * removing them ends their sessions at once, and that the session was not signed out. The signing key is derived from the master key with HKDF under
 * a fixed label, so it signs nothing else and the master key itself never touches a token.
 */
export interface AppSessionInput {
  appId: string;
  endUserId: string;
  /** The end user's role in the app's definition. */
  roleId: string;
  email: string;
}

export interface AppSessionClaims extends AppSessionInput {
  /** When the session ends, as epoch seconds. */
  expiresAt: number;
  /**
   * Names this one session, so signing out can end it on the server: the token's `jti`, or for
   * a token issued before sessions carried one, the hex SHA-256 of the token.
   */
  sessionId: string;
}

export interface AppSessions {
  sign(input: AppSessionInput): Promise<string>;
  /** The session's claims when `token` is a live session for `appId`; null for anything else. */
  verify(token: string, appId: string): Promise<AppSessionClaims | null>;
}

export const APP_SESSION_TTL_SECONDS = 12 * 60 * 60;

/** The HKDF `info` label: changing it (v2) ends every session signed under the old one. */
const KEY_LABEL = 'build-practical/app-sessions/v1';

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function deriveAppSessionKey(masterKey: Uint8Array): Promise<CryptoKey> {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  const base = await crypto.subtle.importKey('raw', masterKey as BufferSource, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode(KEY_LABEL) },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

export async function hmacAppSessions(
  masterKey: Uint8Array,
  issuer: string,
  now: () => number = Date.now,
): Promise<AppSessions> {
  const key = await deriveAppSessionKey(masterKey);
  return {
    async sign({ appId, endUserId, roleId, email }) {
      const issuedAt = Math.floor(now() / 1000);
      // `role` is the database role the data API runs under (as in Supabase tokens); the app's
      // own role travels as `app_role`.
      return new SignJWT({ role: 'authenticated', app_id: appId, app_role: roleId, email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(endUserId)
        .setAudience(`app:${appId}`)
        .setIssuer(issuer)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + APP_SESSION_TTL_SECONDS)
        .setJti(crypto.randomUUID())
        .sign(key);
    },
    async verify(token, appId) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          audience: `app:${appId}`,
          issuer,
          requiredClaims: ['sub', 'exp', 'app_id'],
          currentDate: new Date(now()),
        });
        const { sub, app_id, app_role, email, exp, jti } = payload;
        if (app_id !== appId || typeof sub !== 'string' || typeof app_role !== 'string') return null;
        if (typeof email !== 'string' || typeof exp !== 'number') return null;
        const sessionId =
          typeof jti === 'string' && jti.length > 0 && jti.length <= 100 ? jti : await sha256Hex(token);
        return { appId, endUserId: sub, roleId: app_role, email, expiresAt: exp, sessionId };
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}
