import { Trigger, type WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { type CreatedEntity, type EditResult, edited, refused } from '../../../model/edit-result.ts';
import { WEBHOOK_SECRET } from '../../../model/workflow-defaults.ts';

type Verification = Extract<Trigger, { kind: 'webhook' }>['verification'];
export type VerificationKind = Verification['kind'];

/**
 * Sets (or clears, with `undefined`) settings of the trigger, keeping its kind (switching kinds
 * is `setTrigger`). Refused only when the trigger would not fit the schema; references to
 * connections and expressions are the validator's, shown as problems.
 */
export function updateTrigger(
  def: WorkflowDefinition,
  patch: Record<string, unknown>,
): EditResult<WorkflowDefinition> {
  const merged: Record<string, unknown> = { ...def.trigger };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'kind') continue;
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const parsed = Trigger.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(`${issue.path.join('.') || 'The trigger'} ${issue.message}.`);
  }
  return edited({ ...def, trigger: merged as Trigger });
}

/**
 * Switches how a webhook checks its caller. A signed (HMAC) or token check needs a declared
 * secret: it keeps the one in use, else takes the first declared, else declares the standard
 * webhook secret — so the switch never leaves a check pointing at nothing.
 */
export function setWebhookVerification(
  def: WorkflowDefinition,
  kind: VerificationKind,
): EditResult<WorkflowDefinition> {
  const trigger = def.trigger;
  if (trigger.kind !== 'webhook') return refused('Only a webhook trigger checks its caller.');
  if (trigger.verification.kind === kind) return edited(def);
  if (kind === 'none') return edited({ ...def, trigger: { ...trigger, verification: { kind } } });
  const secrets = def.secrets ?? [];
  const inUse = 'secretId' in trigger.verification ? trigger.verification.secretId : undefined;
  const secretId = inUse ?? secrets[0]?.id ?? WEBHOOK_SECRET.id;
  const verification: Verification =
    kind === 'hmac'
      ? { kind, header: 'X-Signature-256', algorithm: 'sha256', prefix: 'sha256=', secretId }
      : { kind, header: 'X-Webhook-Token', secretId };
  const declare = !secrets.some((secret) => secret.id === secretId);
  const created: CreatedEntity[] = declare ? [{ entity: 'secret', id: secretId }] : [];
  const next: WorkflowDefinition = {
    ...def,
    trigger: { ...trigger, verification },
    ...(declare ? { secrets: [...secrets, { id: secretId, label: WEBHOOK_SECRET.label }] } : {}),
  };
  return edited(next, { created });
}

/**
 * Sets a webhook's answer: `async` (202 with a run id at once) or `sync` (the answer of a
 * respond step). Going back to async warns when respond steps would then have no one to answer.
 */
export function setWebhookResponse(
  def: WorkflowDefinition,
  mode: 'async' | 'sync',
): EditResult<WorkflowDefinition> {
  const trigger = def.trigger;
  if (trigger.kind !== 'webhook') return refused('Only a webhook trigger answers its caller.');
  if (trigger.response.mode === mode) return edited(def);
  const response = mode === 'sync' ? { mode, timeoutMs: 10_000 } : { mode };
  const responders = def.steps.filter((step) => step.kind === 'respond').length;
  const warnings =
    mode === 'async' && responders > 0
      ? [`${responders} respond step${responders === 1 ? '' : 's'} will have no caller waiting to answer`]
      : [];
  return edited({ ...def, trigger: { ...trigger, response } }, { warnings });
}
