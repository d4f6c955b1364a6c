import { z } from 'zod';
import { type ConnectionSummary, GenericOAuthClient } from '../../schemas/api/connections.ts';
import { HttpError } from '../kernel/errors.ts';
import { DbError, type Tx } from './db.ts';
import { keepsInVault, type SecretKeeping, sealingBox } from './secret-vault.ts';

// Builders' connections. Listing, creating and deleting run inside `withUser` (RLS keeps each
// builder to their own rows, the column grants keep the sealed token from them); opening a
// token runs under the 'workflow-secrets' job (api/oauth/credentials.ts). The credential is
// sealed into `ciphertext`, or kept in Vault when the database has it (the functions of
// 20261126000300_vault_connection_secrets.sql; deleting a row removes its Vault secret).

/** What is sealed in `connections.ciphertext` (or kept in Vault): all a step or a refresh needs. */
export const SealedCredential = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('api_key'), apiKey: z.string() }),
  z.object({
    kind: z.literal('oauth2'),
    accessToken: z.string(),
    refreshToken: z.string().optional(),
    /** A generic provider's endpoints and client, needed again to refresh and revoke. */
    generic: GenericOAuthClient.optional(),
  }),
]);
export type SealedCredential = z.infer<typeof SealedCredential>;

/** Ties a sealed credential to its owner and row: copied to another row, it does not open. */
export const connectionSealContext = (userId: string, connectionId: string) =>
  `connections:${userId}:${connectionId}`;

interface SummaryRow {
  id: string;
  name: string;
  provider: string;
  auth_kind: 'api_key' | 'oauth2';
  status: 'connected' | 'needs_reconnect';
  last4: string | null;
  scopes: string[];
  allowed_hosts: string[];
  token_expires_at: Date | null;
  created_at: Date;
}

const SUMMARY_COLUMNS =
  'id, name, provider, auth_kind, status, last4, scopes, allowed_hosts, token_expires_at, created_at';

const toSummary = (row: SummaryRow): ConnectionSummary => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  authKind: row.auth_kind,
  status: row.status,
  ...(row.last4 ? { last4: row.last4 } : {}),
  scopes: row.scopes,
  allowedHosts: row.allowed_hosts,
  expiresAt: row.token_expires_at ? row.token_expires_at.toISOString() : null,
  createdAt: row.created_at.toISOString(),
});

export async function listConnections(tx: Tx): Promise<ConnectionSummary[]> {
  const rows = await tx.query<SummaryRow>(
    `select ${SUMMARY_COLUMNS} from connections order by created_at, id`,
  );
  return rows.map(toSummary);
}

export async function getConnection(tx: Tx, id: string): Promise<ConnectionSummary | null> {
  const [row] = await tx.query<SummaryRow>(`select ${SUMMARY_COLUMNS} from connections where id = $1`, [id]);
  return row ? toSummary(row) : null;
}

const nameTaken = (name: string) =>
  new HttpError(
    409,
    'connection_exists',
    `name: you already have a connection called "${name}"; choose another name`,
  );

/** Refuses a name the builder already uses, before they go through a provider's sign-in. */
export async function assertNameFree(tx: Tx, name: string): Promise<void> {
  const rows = await tx.query('select 1 from connections where name = $1', [name]);
  if (rows.length > 0) throw nameTaken(name);
}

export interface NewConnection {
  name: string;
  provider: string;
  authKind: 'api_key' | 'oauth2';
  allowedHosts: string[];
  scopes: string[];
  credential: SealedCredential;
  expiresAt: number | null;
  /** What the builder may see of the secret (API keys only: tokens are not theirs to recognise). */
  last4: string | null;
}

/** Seals a credential for its row, or null when it goes to Vault once the row exists. */
const sealFor = async (keeping: SecretKeeping, userId: string, id: string, credential: SealedCredential) =>
  keepsInVault(keeping)
    ? null
    : sealingBox(keeping).seal(JSON.stringify(credential), connectionSealContext(userId, id));

/** Puts the credential of the caller's own row into Vault (the function checks the owner). */
const putInVault = (tx: Tx, id: string, credential: SealedCredential) =>
  tx.query('select put_connection_secret($1, $2)', [id, JSON.stringify(credential)]);

/** A new connection of `userId` (the caller's tx is theirs), its credential sealed or in Vault. */
export async function insertConnection(
  tx: Tx,
  keeping: SecretKeeping,
  userId: string,
  input: NewConnection,
): Promise<ConnectionSummary> {
  const id = crypto.randomUUID();
  const ciphertext = await sealFor(keeping, userId, id, input.credential);
  try {
    const [row] = await tx.query<SummaryRow>(
      `insert into connections (id, name, provider, auth_kind, allowed_hosts, scopes, ciphertext, last4, token_expires_at)
       values ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9)
       returning ${SUMMARY_COLUMNS}`,
      [
        id,
        input.name,
        input.provider,
        input.authKind,
        pgArray(input.allowedHosts),
        pgArray(input.scopes),
        ciphertext,
        input.last4,
        input.expiresAt === null ? null : new Date(input.expiresAt),
      ],
    );
    if (ciphertext === null) await putInVault(tx, id, input.credential);
    return toSummary(row!);
  } catch (error) {
    if (error instanceof DbError && error.code === '23505') throw nameTaken(input.name);
    throw error;
  }
}

/** A text[] literal; the values are hostnames and scopes, quoted so commas and quotes stay data. */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * New tokens for an existing OAuth connection of the caller (a reconnect); null when it is gone.
 * Its bindings stay, since its id does not change.
 */
export async function replaceOAuthCredential(
  tx: Tx,
  keeping: SecretKeeping,
  userId: string,
  id: string,
  input: { credential: SealedCredential; expiresAt: number | null; scopes: string[] },
): Promise<ConnectionSummary | null> {
  const ciphertext = await sealFor(keeping, userId, id, input.credential);
  // In Vault mode the token columns are left to put_connection_secret (the builder may write
  // them but not read them, so no coalesce here); sealing clears a Vault copy (the trigger).
  const tokens = ciphertext === null ? '' : 'ciphertext = $4, vault_secret_id = null, ';
  const [row] = await tx.query<SummaryRow>(
    `update connections set ${tokens}token_expires_at = $2, scopes = $3::text[], status = 'connected',
       updated_at = now()
     where id = $1 and auth_kind = 'oauth2'
     returning ${SUMMARY_COLUMNS}`,
    [
      id,
      input.expiresAt === null ? null : new Date(input.expiresAt),
      pgArray(input.scopes),
      ...(ciphertext === null ? [] : [ciphertext]),
    ],
  );
  if (!row) return null;
  if (ciphertext === null) await putInVault(tx, id, input.credential);
  return toSummary(row);
}

export async function deleteConnection(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('delete from connections where id = $1 returning id', [id])).length > 0;
}

/** The sealed row of a connection, for the service job only; `lock` holds it until commit. */
export interface CredentialRow {
  id: string;
  name: string;
  provider: string;
  authKind: 'api_key' | 'oauth2';
  status: 'connected' | 'needs_reconnect';
  expiresAt: number | null;
  credential: SealedCredential | null;
}

export async function readCredential(
  serviceTx: Tx,
  box: SecretKeeping,
  userId: string,
  id: string,
  options: { lock: boolean },
): Promise<CredentialRow | null> {
  const [row] = await serviceTx.query<{
    id: string;
    name: string;
    provider: string;
    auth_kind: 'api_key' | 'oauth2';
    status: 'connected' | 'needs_reconnect';
    token_expires_at: Date | null;
    ciphertext: string | null;
    in_vault: boolean;
  }>(
    `select id, name, provider, auth_kind, status, token_expires_at, ciphertext,
       vault_secret_id is not null as in_vault
     from connections where id = $1 and user_id = $2${options.lock ? ' for update' : ''}`,
    [id, userId],
  );
  if (!row) return null;
  // Each row says where its credential is, so rows sealed before the database had Vault still open.
  const opened = row.in_vault
    ? await readFromVault(serviceTx, userId, id)
    : row.ciphertext
      ? await sealingBox(box).open(row.ciphertext, connectionSealContext(userId, id))
      : null;
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    authKind: row.auth_kind,
    status: row.status,
    expiresAt: row.token_expires_at ? row.token_expires_at.getTime() : null,
    credential: opened === null ? null : SealedCredential.parse(JSON.parse(opened)),
  };
}

async function readFromVault(serviceTx: Tx, userId: string, id: string): Promise<string | null> {
  const [row] = await serviceTx.query<{ secret: string | null }>(
    'select read_connection_secret($1, $2) as secret',
    [userId, id],
  );
  return row?.secret ?? null;
}

/** After a refresh: the new tokens and their expiry, kept where the old ones were. */
export async function storeRefreshedCredential(
  serviceTx: Tx,
  box: SecretKeeping,
  userId: string,
  id: string,
  credential: SealedCredential,
  expiresAt: number | null,
): Promise<void> {
  const [row] = await serviceTx.query<{ in_vault: boolean }>(
    `update connections set token_expires_at = $3, status = 'connected', updated_at = now()
     where id = $1 and user_id = $2
     returning vault_secret_id is not null as in_vault`,
    [id, userId, expiresAt === null ? null : new Date(expiresAt)],
  );
  if (!row) return;
  if (row.in_vault) {
    await serviceTx.query('select refresh_connection_secret($1, $2, $3)', [
      userId,
      id,
      JSON.stringify(credential),
    ]);
    return;
  }
  const ciphertext = await sealingBox(box).seal(
    JSON.stringify(credential),
    connectionSealContext(userId, id),
  );
  await serviceTx.query('update connections set ciphertext = $3 where id = $1 and user_id = $2', [
    id,
    userId,
    ciphertext,
  ]);
}

export async function markNeedsReconnect(serviceTx: Tx, userId: string, id: string): Promise<void> {
  await serviceTx.query(
    `update connections set status = 'needs_reconnect', updated_at = now() where id = $1 and user_id = $2`,
    [id, userId],
  );
}
