import type { AnthropicKeyStatus } from '../../schemas/index.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Tx } from './db.ts';

export type SecretName = 'anthropic_key';

/** Ties a sealed value to its owner and purpose, so it cannot be moved to another row. */
const sealContext = (userId: string, name: SecretName) => `builder_secrets:${userId}:${name}`;

/** Seals and stores a builder's secret; only its last four characters stay readable. */
export async function putSecret(
  tx: Tx,
  box: SecretBox,
  userId: string,
  name: SecretName,
  value: string,
): Promise<AnthropicKeyStatus> {
  const ciphertext = await box.seal(value, sealContext(userId, name));
  // The update sets parameters rather than excluded.*: the builder may write the ciphertext
  // column but not read it, and excluded.* counts as reading.
  const [row] = await tx.query<{ last4: string; updated_at: Date }>(
    `insert into builder_secrets (name, ciphertext, last4) values ($1, $2, $3)
     on conflict (user_id, name) do update set ciphertext = $2, last4 = $3, vault_secret_id = null, updated_at = now()
     returning last4, updated_at`,
    [name, ciphertext, value.slice(-4)],
  );
  return { configured: true, last4: row!.last4, updatedAt: row!.updated_at.toISOString() };
}

export async function secretStatus(tx: Tx, name: SecretName): Promise<AnthropicKeyStatus> {
  const [row] = await tx.query<{ last4: string; updated_at: Date }>(
    'select last4, updated_at from builder_secrets where name = $1',
    [name],
  );
  return row
    ? { configured: true, last4: row.last4, updatedAt: row.updated_at.toISOString() }
    : { configured: false };
}

export async function deleteSecret(tx: Tx, name: SecretName): Promise<boolean> {
  const rows = await tx.query('delete from builder_secrets where name = $1 returning name', [name]);
  return rows.length > 0;
}

/**
 * Opens a builder's secret. Only a service-role transaction can read the ciphertext column, so
 * this is for the named jobs that need the key (the agent pipeline), inside the request or job
 * that uses it, and the value must never be returned, logged or put in a prompt.
 */
export async function openSecret(
  serviceTx: Tx,
  box: SecretBox,
  userId: string,
  name: SecretName,
): Promise<string | null> {
  const [row] = await serviceTx.query<{ ciphertext: string | null }>(
    'select ciphertext from builder_secrets where user_id = $1 and name = $2',
    [userId, name],
  );
  return row?.ciphertext ? box.open(row.ciphertext, sealContext(userId, name)) : null;
}
