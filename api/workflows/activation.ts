import { isUuid } from '../../runtime/components/query/values.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import type { Platform } from '../kernel/context.ts';
import { type Finding, finding } from '../review/finding.ts';
import type { JwtClaims, Tx } from '../store/db.ts';
import { listBindings, listWorkflowSecrets } from '../store/workflow-secrets.ts';
import { removeSchedule, upsertSchedule } from './schedules.ts';
import { MESSAGE_SECRET_ID } from './webhook-verify.ts';

// What activation checks beyond the definition itself (the builder's apps, connections and
// secrets, which only the database knows), and the switch itself.

interface AppRow {
  id: string;
  published: boolean;
  definition: { tables?: { id: string }[] } | null;
}

async function recordStepFindings(tx: Tx, definition: WorkflowDefinition): Promise<Finding[]> {
  const steps = definition.steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => step.kind === 'create_record' || step.kind === 'update_record');
  if (steps.length === 0) return [];
  const ids = [...new Set(steps.map(({ step }) => (step as { appId: string }).appId))].filter((id) =>
    isUuid(id),
  );
  const apps = ids.length
    ? await tx.query<AppRow>(
        `select d.id, d.published_version is not null as published, v.definition
         from app_definitions d
         left join definition_versions v on v.app_id = d.id and v.version = d.published_version
         where d.id = any($1::uuid[])`,
        [`{${ids.join(',')}}`],
      )
    : [];
  const byId = new Map(apps.map((app) => [app.id, app]));
  const findings: Finding[] = [];
  for (const { step, index } of steps) {
    const { appId, tableId } = step as { appId: string; tableId: string };
    const app = byId.get(appId);
    const path = ['steps', index, 'appId'];
    if (!app)
      findings.push(
        finding(
          'workflow.record-app-missing',
          'blocker',
          path,
          `Step "${step.id}" writes to app "${appId}", which is not one of your apps.`,
        ),
      );
    else if (!app.published)
      findings.push(
        finding(
          'workflow.record-app-unpublished',
          'blocker',
          path,
          `Step "${step.id}" writes to an app that is not published yet: publish it first.`,
        ),
      );
    else if (!app.definition?.tables?.some((table) => table.id === tableId))
      findings.push(
        finding(
          'workflow.record-table-missing',
          'blocker',
          ['steps', index, 'tableId'],
          `Step "${step.id}" writes to table "${tableId}", which the published app does not have.`,
        ),
      );
  }
  return findings;
}

/** Connections bound and secrets set: what the workflow needs before anything can trigger it. */
async function setupFindings(tx: Tx, workflowId: string, definition: WorkflowDefinition): Promise<Finding[]> {
  const findings: Finding[] = [];
  const bindings = new Map((await listBindings(tx, workflowId)).map((b) => [b.connection_decl_id, b]));
  definition.connections.forEach((connection, index) => {
    if (connection.auth.kind === 'none') return;
    const bound = bindings.get(connection.id);
    if (!bound)
      findings.push(
        finding(
          'workflow.connection-not-connected',
          'blocker',
          ['connections', index],
          `Connect "${connection.label}" to one of your ${connection.provider} accounts before activating (workflow settings → Connections).`,
        ),
      );
    else if (bound.status === 'needs_reconnect')
      findings.push(
        finding(
          'workflow.connection-needs-reconnect',
          'blocker',
          ['connections', index],
          `The account behind "${connection.label}" was signed out by ${connection.provider}: reconnect it in Connections.`,
        ),
      );
  });
  const { trigger } = definition;
  const needed = new Set((definition.secrets ?? []).map((secret) => secret.id));
  if (trigger.kind === 'webhook' && trigger.verification.kind !== 'none')
    needed.add(trigger.verification.secretId);
  if (trigger.kind === 'message') needed.add(MESSAGE_SECRET_ID);
  const set = await listWorkflowSecrets(
    tx,
    workflowId,
    [...needed].map((id) => ({ id })),
  );
  for (const secret of set) {
    if (secret.configured) continue;
    const verifies =
      (trigger.kind === 'webhook' &&
        trigger.verification.kind !== 'none' &&
        trigger.verification.secretId === secret.id) ||
      (trigger.kind === 'message' && secret.id === MESSAGE_SECRET_ID);
    findings.push(
      finding(
        'workflow.secret-not-set',
        verifies ? 'blocker' : 'warning',
        verifies ? ['trigger', trigger.kind === 'message' ? 'connectionId' : 'verification'] : ['secrets'],
        trigger.kind === 'message' && secret.id === MESSAGE_SECRET_ID
          ? `Declare and set the secret "${MESSAGE_SECRET_ID}": the service sends it in X-Webhook-Token with every event, so no one else can start this workflow.`
          : `Set the value of the secret "${secret.id}" in the workflow's settings${verifies ? ': without it no delivery can be checked' : ''}.`,
      ),
    );
  }
  return findings;
}

/** Findings that need the database, run as the builder (another builder's app is not found). */
export async function activationFindings(
  platform: Platform,
  claims: JwtClaims,
  workflowId: string,
  definition: WorkflowDefinition,
): Promise<Finding[]> {
  return platform.db.withUser(claims, async (tx) => [
    ...(await recordStepFindings(tx, definition)),
    ...(await setupFindings(tx, workflowId, definition)),
  ]);
}

/**
 * Turns a reviewed version on (`active`) or the workflow off (null): only the activation job may
 * set status and active_version, and the schedule follows in the same transaction.
 */
export async function setActivation(
  platform: Platform,
  userId: string,
  workflowId: string,
  active: { version: number; definition: WorkflowDefinition } | null,
): Promise<void> {
  await platform.db.asService('workflow-activator', async (tx) => {
    if (active) {
      await tx.query(
        `update workflow_definitions set status = 'active', active_version = $3, updated_at = now()
         where id = $1 and user_id = $2`,
        [workflowId, userId, active.version],
      );
      const { trigger } = active.definition;
      if (trigger.kind === 'cron' || trigger.kind === 'polling')
        await upsertSchedule(tx, { workflowId, userId, trigger, now: new Date() });
      else await removeSchedule(tx, workflowId);
    } else {
      await tx.query(
        `update workflow_definitions set status = 'inactive', updated_at = now()
         where id = $1 and user_id = $2 and status = 'active'`,
        [workflowId, userId],
      );
      await removeSchedule(tx, workflowId);
    }
  });
  platform.activeWorkflows?.forget(workflowId);
}
