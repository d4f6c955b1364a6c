import { z } from 'zod';
import { GenericOAuthClient, OAuthProvider } from '../../schemas/api/connections.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Tx } from './db.ts';

// OAuth sign-ins in progress: the PKCE verifier and what the builder asked for, sealed, under a
// hash of the state the provider sends back; each is taken out once (claim_oauth_state).

export const OAuthStatePayload = z.object({
  verifier: z.string(),
  name: z.string(),
  provider: OAuthProvider,
  scopes: z.array(z.string()),
  allowedHosts: z.array(z.string()),
  generic: GenericOAuthClient.optional(),
  reconnect: z.string().optional(),
});
export type OAuthStatePayload = z.infer<typeof OAuthStatePayload>;

/** Only a hash is stored: a database reader cannot finish someone else's sign-in. */
export async function hashState(state: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const stateSealContext = (userId: string, stateHash: string) => `oauth_states:${userId}:${stateHash}`;

export async function saveOAuthState(
  tx: Tx,
  box: SecretBox,
  userId: string,
  state: string,
  payload: OAuthStatePayload,
  expiresAt: Date,
): Promise<void> {
  const stateHash = await hashState(state);
  // Abandoned sign-ins of this builder go first, so the table does not grow.
  await tx.query('delete from oauth_states where expires_at < $1', [new Date(expiresAt.getTime() - 600_000)]);
  await tx.query('insert into oauth_states (state_hash, sealed, expires_at) values ($1, $2, $3)', [
    stateHash,
    await box.seal(JSON.stringify(payload), stateSealContext(userId, stateHash)),
    expiresAt,
  ]);
}

/** Takes a state out (it works once) and opens it; null when unknown or already used. */
export async function claimOAuthState(
  tx: Tx,
  box: SecretBox,
  state: string,
): Promise<{ userId: string; expiresAt: Date; payload: OAuthStatePayload } | null> {
  const stateHash = await hashState(state);
  const [row] = await tx.query<{ user_id: string; sealed: string; expires_at: Date }>(
    'select user_id, sealed, expires_at from claim_oauth_state($1)',
    [stateHash],
  );
  if (!row) return null;
  const opened = await box.open(row.sealed, stateSealContext(row.user_id, stateHash));
  return {
    userId: row.user_id,
    expiresAt: row.expires_at,
    payload: OAuthStatePayload.parse(JSON.parse(opened)),
  };
}
