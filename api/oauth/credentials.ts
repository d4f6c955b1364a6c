import type { OAuthProvider } from '../../schemas/api/connections.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import {
  markNeedsReconnect,
  readCredential,
  type SealedCredential,
  storeRefreshedCredential,
} from '../store/connections.ts';
import type { Db } from '../store/db.ts';
import { type OAuthEnv, oauthClientFor, providerLabel } from './providers.ts';
import { OAuthProviderError, type OutboundFetch, refreshTokens } from './token-endpoint.ts';

/** What a step sends: an OAuth access token (as a bearer) or an API key (placed as declared). */
export type StepCredential = { kind: 'bearer'; token: string } | { kind: 'api_key'; value: string };

/** A refresh this close to expiry happens before the step, so a token never dies mid-call. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * The connection cannot give a credential; the message says what the builder should do and
 * names neither a token nor a key.
 */
export class CredentialError extends Error {
  constructor(
    message: string,
    readonly reason: 'not_found' | 'reconnect' | 'provider',
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}

export interface CredentialOptions {
  /** The deployment's OAuth clients (OAUTH_<PROVIDER>_CLIENT_ID …). */
  env: OAuthEnv;
  /** Outbound HTTP for token calls: the platform's SSRF-guarded fetch. */
  fetch: OutboundFetch;
  now?: () => number;
}

const reconnect = (name: string, provider: string, why: string) =>
  new CredentialError(
    `The connection "${name}" ${why}: reconnect ${providerLabel(provider)} in Connections, then run the workflow again.`,
    'reconnect',
  );

/**
 * Opens a connection's credential for one step of `userId`'s workflow, refreshing an OAuth token
 * that expires within a minute. Runs as the 'workflow-secrets' job (the token columns are read by
 * no other role) and still checks the owner. The row stays locked during a refresh, so a second
 * step asking at the same moment waits and then uses the new token instead of spending the
 * rotated refresh token again.
 */
export async function openCredential(
  db: Db,
  box: SecretBox,
  userId: string,
  connectionId: string,
  options: CredentialOptions,
): Promise<StepCredential> {
  const now = options.now ?? Date.now;
  const outcome = await db.asService('workflow-secrets', async (tx) => {
    const row = await readCredential(tx, box, userId, connectionId, { lock: true });
    if (!row?.credential) {
      return {
        error: new CredentialError('The connection was not found; it may have been deleted.', 'not_found'),
      };
    }
    const credential = row.credential;
    if (credential.kind === 'api_key')
      return { credential: { kind: 'api_key', value: credential.apiKey } as const };
    if (row.status === 'needs_reconnect') {
      return { error: reconnect(row.name, row.provider, 'was signed out by the provider') };
    }
    const fresh = row.expiresAt === null || row.expiresAt - now() > REFRESH_MARGIN_MS;
    if (fresh) return { credential: { kind: 'bearer', token: credential.accessToken } as const };
    if (!credential.refreshToken) {
      return { error: reconnect(row.name, row.provider, 'has an expired token and no way to renew it') };
    }
    const client = oauthClientFor(row.provider as OAuthProvider, options.env, credential.generic);
    try {
      const tokens = await refreshTokens(client, credential.refreshToken, options.fetch, now());
      const renewed: SealedCredential = {
        kind: 'oauth2',
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        ...(credential.generic ? { generic: credential.generic } : {}),
      };
      await storeRefreshedCredential(tx, box, userId, connectionId, renewed, tokens.expiresAt);
      return { credential: { kind: 'bearer', token: tokens.accessToken } as const };
    } catch (error) {
      if (!(error instanceof OAuthProviderError)) throw error;
      if (error.reason === 'invalid_grant') {
        await markNeedsReconnect(tx, userId, connectionId);
        return { error: reconnect(row.name, row.provider, 'was revoked or has expired at the provider') };
      }
      return { error: new CredentialError(error.message, 'provider') };
    }
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.credential;
}
