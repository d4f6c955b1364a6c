import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { applied, deepFreeze, exampleWorkflows, issuesOf } from '../../../model/examples.fixture.ts';
import { setWebhookResponse, setWebhookVerification, updateTrigger } from './trigger-edits.ts';

const digest = () => deepFreeze(structuredClone(exampleWorkflows.dailyDigestBot));
const mail = () => deepFreeze(structuredClone(exampleWorkflows.emailAutoResponder));

describe('editing the trigger in its panel', () => {
  it('changes the schedule and time zone, leaving the input untouched', () => {
    const def = digest();
    const next = applied(updateTrigger(def, { cron: '30 7 * * 1-5', timezone: 'Europe/London' })).definition;
    expect(next.trigger).toEqual({ kind: 'cron', cron: '30 7 * * 1-5', timezone: 'Europe/London' });
    expect(def.trigger).toEqual({ kind: 'cron', cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' });
    expect(issuesOf(next)).toEqual([]);
  });

  it('refuses a schedule the schema rejects, naming the setting', () => {
    const result = updateTrigger(digest(), { cron: 'every morning' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^cron must be a five-field cron expression/);
  });

  it('never changes the kind through a patch (that is setTrigger)', () => {
    const next = applied(updateTrigger(digest(), { kind: 'webhook' })).definition;
    expect(next.trigger.kind).toBe('cron');
  });

  it('clears an optional setting given undefined', () => {
    const next = applied(updateTrigger(mail(), { idempotencyKey: undefined })).definition;
    expect(next.trigger).not.toHaveProperty('idempotencyKey');
  });
});

describe('webhook verification', () => {
  it('switches HMAC to a token check keeping the secret in use', () => {
    const next = applied(setWebhookVerification(mail(), 'token')).definition;
    expect(next.trigger.kind === 'webhook' && next.trigger.verification).toEqual({
      kind: 'token',
      header: 'X-Webhook-Token',
      secretId: 'inbound_mail_secret',
    });
    expect(next.secrets).toEqual(mail().secrets);
    expect(issuesOf(next)).toEqual([]);
  });

  it('turns verification off and on again, declaring a secret when the workflow has none', () => {
    const unsigned = applied(setWebhookVerification(mail(), 'none')).definition;
    const bare: WorkflowDefinition = { ...unsigned, secrets: [] };
    const result = applied(setWebhookVerification(bare, 'hmac'));
    expect(result.created).toEqual([{ entity: 'secret', id: 'webhook_secret' }]);
    expect(result.definition.secrets).toEqual([{ id: 'webhook_secret', label: 'Webhook signing secret' }]);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('refuses on a trigger that is not a webhook', () => {
    expect(setWebhookVerification(digest(), 'hmac').ok).toBe(false);
    expect(setWebhookResponse(digest(), 'sync').ok).toBe(false);
  });
});

describe('webhook answer', () => {
  it('waits for a respond step with a default timeout, and warns going back while respond steps exist', () => {
    const sync = applied(setWebhookResponse(mail(), 'sync')).definition;
    expect(sync.trigger.kind === 'webhook' && sync.trigger.response).toEqual({
      mode: 'sync',
      timeoutMs: 10_000,
    });
    const withRespond: WorkflowDefinition = {
      ...sync,
      steps: [...sync.steps, { id: 'answer', label: 'Answer', kind: 'respond', status: 200 }],
    };
    const back = applied(setWebhookResponse(withRespond, 'async'));
    expect(back.warnings).toEqual(['1 respond step will have no caller waiting to answer']);
  });
});
