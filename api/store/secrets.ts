import type { AnthropicKeyStatus } from '../../schemas/index.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Tx } from './db.ts';

export type SecretName = 'anthropic_key';

/**
 * Where builders' secrets are kept: sealed by the server (embedded) or in Supabase Vault. Either
 * way only the last four characters are readable by the builder, and only a service-role job
 * opens a secret, inside the job that uses it; the value is never returned, logged or prompted.
 */
export interface SecretStore {
  readonly kind: 'sealed' | 'vault';
  put(tx: Tx, userId: string, name: SecretName, value: string): Promise<AnthropicKeyStatus>;
  remove(tx: Tx, name: SecretName): Promise<boolean>;
  open(serviceTx: Tx, userId: string, name: SecretName): Promise<string | null>;
}

type StatusRow = { last4: string; updated_at: Date };
const toStatus = (row: StatusRow): AnthropicKeyStatus => ({
  configured: true,
  last4: row.last4,
  updatedAt: row.updated_at.toISOString(),
});

/** Both stores keep the same visible row, so the status reads the same way. */
export async function secretStatus(tx: Tx, name: SecretName): Promise<AnthropicKeyStatus> {
  const [row] = await tx.query<StatusRow>('select last4, updated_at from builder_secrets where name = $1', [
    name,
  ]);
  return row ? toStatus(row) : { configured: false };
}

/** Ties a sealed value to its owner and purpose, so it cannot be moved to another row. */
const sealContext = (userId: string, name: SecretName) => `builder_secrets:${userId}:${name}`;

/** Embedded default: AES-256-GCM with the platform's master key, ciphertext in builder_secrets. */
export function sealedSecretStore(box: SecretBox): SecretStore {
  return {
    kind: 'sealed',
    async put(tx, userId, name, value) {
      const ciphertext = await box.seal(value, sealContext(userId, name));
      // The update sets parameters rather than excluded.*: the builder may write the ciphertext
      // column but not read it, and excluded.* counts as reading.
      const [row] = await tx.query<StatusRow>(
        `insert into builder_secrets (name, ciphertext, last4) values ($1, $2, $3)
         on conflict (user_id, name) do update set ciphertext = $2, last4 = $3, vault_secret_id = null, updated_at = now()
         returning last4, updated_at`,
        [name, ciphertext, value.slice(-4)],
      );
      return toStatus(row!);
    },
    async remove(tx, name) {
      const rows = await tx.query('delete from builder_secrets where name = $1 returning name', [name]);
      return rows.length > 0;
    },
    async open(serviceTx, userId, name) {
      const [row] = await serviceTx.query<{ ciphertext: string | null }>(
        'select ciphertext from builder_secrets where user_id = $1 and name = $2',
        [userId, name],
      );
      return row?.ciphertext ? box.open(row.ciphertext, sealContext(userId, name)) : null;
    },
  };
}

/** Supabase: the secret goes to Vault through the security-definer functions of the migrations. */
export function vaultSecretStore(): SecretStore {
  return {
    kind: 'vault',
    async put(tx, _userId, name, value) {
      const [row] = await tx.query<StatusRow>('select last4, updated_at from put_builder_secret($1, $2)', [
        name,
        value,
      ]);
      return toStatus(row!);
    },
    async remove(tx, name) {
      const [row] = await tx.query<{ removed: boolean }>('select delete_builder_secret($1) as removed', [
        name,
      ]);
      return row?.removed ?? false;
    },
    async open(serviceTx, userId, name) {
      const [row] = await serviceTx.query<{ secret: string | null }>(
        'select read_builder_secret($1, $2) as secret',
        [userId, name],
      );
      return row?.secret ?? null;
    },
  };
}

/** Vault when the database has it (a Supabase project), sealed secrets otherwise. */
export async function detectSecretStore(ownerTx: Tx, box: SecretBox): Promise<SecretStore> {
  const [row] = await ownerTx.query<{ vault: boolean }>(
    `select exists (
       select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'vault' and p.proname = 'create_secret'
     ) as vault`,
  );
  return row?.vault ? vaultSecretStore() : sealedSecretStore(box);
}
