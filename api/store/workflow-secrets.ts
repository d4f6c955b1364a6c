import { z } from 'zod';
import type { WorkflowSecretStatus } from '../../schemas/api/connections.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Tx } from './db.ts';
import { keepsInVault, type SecretKeeping, sealingBox } from './secret-vault.ts';
import { getWorkflowVersion } from './workflows.ts';

// What a workflow needs configured before it runs: the values of its declared secrets and the
// stored connection behind each declared connection. Builder functions run inside `withUser`;
// `openWorkflowSecret` runs under the 'workflow-trigger' job for the webhook verifier. Values are
// sealed into `ciphertext`, or kept in Vault when the database has it (the functions of
// 20261126000300_vault_connection_secrets.sql; deleting a row removes its Vault secret).

/**
 * The declarations of a workflow's current version, read leniently: a draft may be invalid
 * elsewhere and its secrets and connections still be set up.
 */
const Declarations = z.object({
  secrets: z
    .array(z.object({ id: z.string(), label: z.string().optional() }))
    .optional()
    .catch(undefined),
  trigger: z
    .object({ verification: z.object({ secretId: z.string().optional() }).optional() })
    .optional()
    .catch(undefined),
  connections: z
    .array(
      z.object({
        id: z.string(),
        label: z.string().optional(),
        provider: z.string(),
        auth: z.object({ kind: z.enum(['oauth2', 'api_key', 'none']) }),
      }),
    )
    .optional()
    .catch(undefined),
});

export interface DeclaredSecret {
  id: string;
  label?: string;
}
export interface DeclaredConnection {
  id: string;
  label: string;
  provider: string;
  authKind: 'oauth2' | 'api_key' | 'none';
}
export interface WorkflowDeclarations {
  secrets: DeclaredSecret[];
  connections: DeclaredConnection[];
}

/**
 * The caller's own workflow and what its current version declares. A workflow the caller does
 * not see is a 404; one they only review (issue #5) is a 403: only its owner configures it.
 */
export async function ownWorkflowDeclarations(
  tx: Tx,
  userId: string,
  workflowId: string,
): Promise<WorkflowDeclarations> {
  const [row] = await tx.query<{ user_id: string; current_version: number }>(
    'select user_id, current_version from workflow_definitions where id = $1',
    [workflowId],
  );
  if (!row) throw notFound('workflow');
  if (row.user_id !== userId) {
    throw new HttpError(
      403,
      'reviewers_read_only',
      "Only the workflow's owner sets up its secrets and connections",
    );
  }
  const parsed = Declarations.safeParse(
    (await getWorkflowVersion(tx, workflowId, row.current_version)) ?? {},
  );
  const declared = parsed.success ? parsed.data : {};
  const secrets = new Map<string, DeclaredSecret>();
  for (const secret of declared.secrets ?? []) secrets.set(secret.id, secret);
  const verifierSecret = declared.trigger?.verification?.secretId;
  if (verifierSecret && !secrets.has(verifierSecret)) secrets.set(verifierSecret, { id: verifierSecret });
  return {
    secrets: [...secrets.values()],
    connections: (declared.connections ?? []).map((c) => ({
      id: c.id,
      label: c.label ?? c.id,
      provider: c.provider,
      authKind: c.auth.kind,
    })),
  };
}

/** Ties a sealed value to its workflow and secret id. */
const sealContext = (userId: string, workflowId: string, secretId: string) =>
  `workflow_secrets:${userId}:${workflowId}:${secretId}`;

type SecretRow = { secret_id: string; last4: string; updated_at: Date };

export async function listWorkflowSecrets(
  tx: Tx,
  workflowId: string,
  declared: DeclaredSecret[],
): Promise<WorkflowSecretStatus[]> {
  const rows = await tx.query<SecretRow>(
    'select secret_id, last4, updated_at from workflow_secrets where workflow_id = $1',
    [workflowId],
  );
  const set = new Map(rows.map((row) => [row.secret_id, row]));
  return declared.map((secret) => {
    const row = set.get(secret.id);
    return {
      id: secret.id,
      ...(secret.label ? { label: secret.label } : {}),
      configured: Boolean(row),
      ...(row ? { last4: row.last4, updatedAt: row.updated_at.toISOString() } : {}),
    };
  });
}

/** The last four only when the value is long enough that they do not give most of it away. */
const visibleTail = (value: string) => (value.length >= 12 ? value.slice(-4) : '····');

export async function putWorkflowSecret(
  tx: Tx,
  keeping: SecretKeeping,
  userId: string,
  workflowId: string,
  secretId: string,
  value: string,
): Promise<WorkflowSecretStatus> {
  const [row] = keepsInVault(keeping)
    ? await tx.query<SecretRow>(
        'select secret_id, last4, updated_at from put_workflow_secret($1, $2, $3, $4)',
        [workflowId, secretId, value, visibleTail(value)],
      )
    : await putSealed(tx, sealingBox(keeping), userId, workflowId, secretId, value);
  return { id: secretId, configured: true, last4: row!.last4, updatedAt: row!.updated_at.toISOString() };
}

async function putSealed(
  tx: Tx,
  box: SecretBox,
  userId: string,
  workflowId: string,
  secretId: string,
  value: string,
): Promise<SecretRow[]> {
  const ciphertext = await box.seal(value, sealContext(userId, workflowId, secretId));
  // Parameters rather than excluded.*: the builder may write the ciphertext but not read it.
  // Clearing vault_secret_id removes a Vault copy (the migration's trigger).
  return tx.query<SecretRow>(
    `insert into workflow_secrets (workflow_id, secret_id, ciphertext, last4) values ($1, $2, $3, $4)
     on conflict (workflow_id, secret_id) do update
       set ciphertext = $3, last4 = $4, vault_secret_id = null, updated_at = now()
     returning secret_id, last4, updated_at`,
    [workflowId, secretId, ciphertext, visibleTail(value)],
  );
}

export async function deleteWorkflowSecret(tx: Tx, workflowId: string, secretId: string): Promise<boolean> {
  const rows = await tx.query(
    'delete from workflow_secrets where workflow_id = $1 and secret_id = $2 returning secret_id',
    [workflowId, secretId],
  );
  return rows.length > 0;
}

/** A secret's value for the webhook verifier (run under the 'workflow-trigger' job). */
export async function openWorkflowSecret(
  serviceTx: Tx,
  box: SecretKeeping,
  workflowId: string,
  secretId: string,
): Promise<string | null> {
  const [row] = await serviceTx.query<{ user_id: string; ciphertext: string | null; in_vault: boolean }>(
    `select user_id, ciphertext, vault_secret_id is not null as in_vault from workflow_secrets
     where workflow_id = $1 and secret_id = $2`,
    [workflowId, secretId],
  );
  // Each row says where its value is, so values sealed before the database had Vault still open.
  if (row?.in_vault) {
    const [opened] = await serviceTx.query<{ secret: string | null }>(
      'select read_workflow_secret($1, $2) as secret',
      [workflowId, secretId],
    );
    return opened?.secret ?? null;
  }
  if (!row?.ciphertext) return null;
  return sealingBox(box).open(row.ciphertext, sealContext(row.user_id, workflowId, secretId));
}

// --- Bindings: a declared connection → one of the builder's stored connections -------------

export async function bindConnection(
  tx: Tx,
  workflowId: string,
  declId: string,
  connectionId: string,
): Promise<void> {
  await tx.query(
    `insert into workflow_connection_bindings (workflow_id, connection_decl_id, connection_id) values ($1, $2, $3)
     on conflict (workflow_id, connection_decl_id) do update set connection_id = $3, updated_at = now()`,
    [workflowId, declId, connectionId],
  );
}

export async function unbindConnection(tx: Tx, workflowId: string, declId: string): Promise<boolean> {
  const rows = await tx.query(
    'delete from workflow_connection_bindings where workflow_id = $1 and connection_decl_id = $2 returning 1',
    [workflowId, declId],
  );
  return rows.length > 0;
}

export interface BindingRow {
  connection_decl_id: string;
  connection_id: string;
  name: string;
  provider: string;
  status: 'connected' | 'needs_reconnect';
}

export function listBindings(tx: Tx, workflowId: string): Promise<BindingRow[]> {
  return tx.query<BindingRow>(
    `select b.connection_decl_id, b.connection_id, c.name, c.provider, c.status
     from workflow_connection_bindings b join connections c on c.id = b.connection_id
     where b.workflow_id = $1`,
    [workflowId],
  );
}

/** The stored connection bound to a workflow's declared connection, or null. */
export async function boundConnection(tx: Tx, workflowId: string, declId: string): Promise<string | null> {
  const [row] = await tx.query<{ connection_id: string }>(
    'select connection_id from workflow_connection_bindings where workflow_id = $1 and connection_decl_id = $2',
    [workflowId, declId],
  );
  return row?.connection_id ?? null;
}
