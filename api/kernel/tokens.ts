import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, jwtVerify } from 'jose';
import type { JwtClaims } from '../store/db.ts';

/** Verifies a builder's access token against a JWKS, the way Supabase Auth tokens are checked. */
export interface TokenVerifier {
  verify(token: string): Promise<JwtClaims>;
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

type KeySource = ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;

export function jwksVerifier(keys: KeySource, issuer: string): TokenVerifier {
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer,
          audience: 'authenticated',
          algorithms: ['ES256', 'RS256'],
          requiredClaims: ['sub', 'exp'],
        });
        if (payload.role !== 'authenticated' || typeof payload.sub !== 'string') {
          throw new InvalidTokenError('token is not a signed-in builder');
        }
        return payload as JwtClaims;
      } catch (error) {
        if (error instanceof InvalidTokenError) throw error;
        if (error instanceof errors.JWTExpired) throw new InvalidTokenError('token has expired');
        if (error instanceof errors.JOSEError)
          throw new InvalidTokenError(`token is invalid (${error.code})`);
        throw error;
      }
    },
  };
}

/** Tokens of the embedded auth server, checked against its published key set. */
export const localJwksVerifier = (jwks: JSONWebKeySet, issuer: string) =>
  jwksVerifier(createLocalJWKSet(jwks), issuer);

/** Tokens of a Supabase project, checked against `{SUPABASE_URL}/auth/v1/.well-known/jwks.json`. */
export const supabaseJwksVerifier = (supabaseUrl: string) => {
  const base = supabaseUrl.replace(/\/+$/, '');
  return jwksVerifier(
    createRemoteJWKSet(new URL(`${base}/auth/v1/.well-known/jwks.json`)),
    `${base}/auth/v1`,
  );
};
