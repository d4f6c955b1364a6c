import type { SecretBox } from '../ports/secret-box.ts';

/**
 * Where a connection's credential or a workflow secret's value is kept when it is written: the
 * platform (`{ secretBox, secrets }`, so a route passes `c.var.platform`) keeps it in Vault when
 * the database has Vault; a bare SecretBox always seals. Reading needs no choice: each row says
 * where its value is (vault_secret_id or ciphertext), so rows sealed before Vault still open.
 */
export type SecretKeeping = SecretBox | { secretBox: SecretBox; secrets: { kind: 'sealed' | 'vault' } };

export const keepsInVault = (keeping: SecretKeeping): boolean =>
  'secretBox' in keeping && keeping.secrets.kind === 'vault';

export const sealingBox = (keeping: SecretKeeping): SecretBox =>
  'secretBox' in keeping ? keeping.secretBox : keeping;
