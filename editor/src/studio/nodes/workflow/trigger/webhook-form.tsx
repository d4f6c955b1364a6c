import type { Trigger, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { useWorkflowStore } from '../../../canvas/store-context.tsx';
import type { StudioState } from '../../../store/store-types.ts';
import { ExpressionField } from '../shared/ExpressionField.tsx';
import { DraftNumber, DraftText, SelectInput } from '../shared/fields.tsx';
import { setWebhookResponse, setWebhookVerification, type VerificationKind } from './trigger-edits.ts';
import {
  commitTrigger,
  commitTriggerText,
  patchTrigger,
  type TriggerForm,
  triggerProblems,
} from './trigger-form.ts';

type Webhook = Extract<Trigger, { kind: 'webhook' }>;
type Verification = Webhook['verification'];

const selectSecrets = (state: StudioState<WorkflowDefinition>) => state.definition.secrets;

const VERIFICATIONS: { value: VerificationKind; label: string }[] = [
  { value: 'hmac', label: 'Signed with a shared secret (HMAC)' },
  { value: 'token', label: 'Secret token in a header' },
  { value: 'none', label: 'Not verified: anyone with the address' },
];

/** A change of one verification setting, typed. */
function commitVerification(form: TriggerForm<Webhook>, setting: string, value: string | undefined) {
  return commitTrigger(
    form,
    `verification.${setting}`,
    (now) => ({ verification: { ...now.verification, [setting]: value } }),
    (now) => {
      const held = (now.verification as Record<string, unknown>)[setting];
      return typeof held === 'string' ? held : '';
    },
  );
}

/**
 * A webhook: how callers prove they are who they say (HMAC signature or token, each checked
 * against a declared secret), whether the caller waits for an answer, and the idempotency key
 * that makes a retried delivery run once.
 */
export function WebhookForm({ form }: { form: TriggerForm<Webhook> }) {
  const { trigger } = form;
  const secrets = useWorkflowStore(selectSecrets) ?? [];
  // Optional chaining below: a draft of a broken shape may lack the verification or the answer.
  const verification: Verification | undefined = trigger.verification;
  return (
    <>
      <SelectInput
        label="Verification"
        value={verification?.kind ?? ''}
        choices={VERIFICATIONS}
        hint={
          verification?.kind === 'none'
            ? 'Anyone who learns the address can start this workflow; the security review flags it when the workflow writes data.'
            : 'Calls that fail the check are refused (401) and start no run.'
        }
        problems={triggerProblems(form, 'verification')}
        onChange={(kind) => form.run((def) => setWebhookVerification(def, kind as VerificationKind))}
      />
      {verification && verification.kind !== 'none' && (
        <div className="space-y-3 border-l-2 border-neutral-200 pl-3">
          <DraftText
            label={verification.kind === 'hmac' ? 'Signature header' : 'Token header'}
            value={verification.header}
            mono
            problems={triggerProblems(form, 'verification.header')}
            commit={(header) => commitVerification(form, 'header', header)}
          />
          {verification.kind === 'hmac' && (
            <>
              <SelectInput
                label="Algorithm"
                value={verification.algorithm}
                choices={[
                  { value: 'sha256', label: 'SHA-256' },
                  { value: 'sha1', label: 'SHA-1 (older services only)' },
                ]}
                onChange={(algorithm) => patchTrigger(form, { verification: { ...verification, algorithm } })}
              />
              <DraftText
                label="Text before the signature (optional)"
                value={verification.prefix ?? ''}
                mono
                hint='e.g. "sha256=" as GitHub sends it.'
                problems={triggerProblems(form, 'verification.prefix')}
                commit={(prefix) => commitVerification(form, 'prefix', prefix === '' ? undefined : prefix)}
              />
            </>
          )}
          <SelectInput
            label="Secret"
            value={verification.secretId}
            choices={secrets.map((secret) => ({ value: secret.id, label: secret.label }))}
            hint="Its value is set apart, in the vault; it is never shown here."
            problems={triggerProblems(form, 'verification.secretId')}
            onChange={(secretId) => patchTrigger(form, { verification: { ...verification, secretId } })}
          />
        </div>
      )}
      <SelectInput
        label="Answer"
        value={trigger.response?.mode ?? ''}
        choices={[
          { value: 'async', label: 'At once (202 with a run id)' },
          { value: 'sync', label: 'Wait for a respond step' },
        ]}
        problems={triggerProblems(form, 'response')}
        onChange={(mode) => form.run((def) => setWebhookResponse(def, mode as 'async' | 'sync'))}
      />
      {trigger.response?.mode === 'sync' && (
        <DraftNumber
          label="Caller waits at most"
          unit="ms"
          value={trigger.response.timeoutMs}
          min={100}
          max={30_000}
          problems={triggerProblems(form, 'response.timeoutMs')}
          commit={(timeoutMs) =>
            commitTrigger(
              form,
              'response.timeoutMs',
              () => ({ response: { mode: 'sync', timeoutMs } }),
              (now) => (now.response.mode === 'sync' ? String(now.response.timeoutMs) : ''),
            )
          }
        />
      )}
      <ExpressionField
        place={{ trigger: 'idempotencyKey' }}
        optional
        label="Idempotency key (optional)"
        value={trigger.idempotencyKey ?? ''}
        hint={
          'Where the sender\'s delivery id is, e.g. headers["x-delivery-id"]; a retried delivery then runs once.'
        }
        problems={triggerProblems(form, 'idempotencyKey')}
        commit={(text) => commitTriggerText(form, 'idempotencyKey', text, true)}
      />
    </>
  );
}
