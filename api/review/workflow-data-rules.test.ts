import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/definitions/index.ts';
import type { Step, WorkflowDefinition } from '../../schemas/definitions.ts';
import { signedWebhookWorkflow } from './review.fixtures.ts';
import {
  aiInputSecrets,
  credentialInStep,
  forEachCost,
  isCredentialName,
  respondEchoesTrigger,
} from './workflow-data-rules.ts';

const short = (findings: { ruleId: string; severity: string; path: string }[]) =>
  findings.map(({ ruleId, severity, path }) => ({ ruleId, severity, path }));

function workflow(change: (w: WorkflowDefinition) => void = () => {}): WorkflowDefinition {
  const w = signedWebhookWorkflow();
  change(w);
  return w;
}

const ai = (w: WorkflowDefinition) => w.steps[0] as Extract<Step, { kind: 'ai' }>;
const call = (w: WorkflowDefinition) => w.steps[3] as Extract<Step, { kind: 'call_api' }>;

describe('workflow.ai-input-secrets', () => {
  it.each([
    ['trigger.body.text + trigger.body.api_token', '"trigger.body.api_token"'],
    ['trigger.body.user.password', '"trigger.body.user.password"'],
    ['trigger.body.text + trigger.headers["authorization"]', '"trigger.headers.authorization"'],
    ['string(trigger.headers)', "the whole request's headers"],
    ['string(trigger)', 'the whole request'],
    ['trigger.headers["x-signature"]', "the webhook's verification header"],
    ['trigger.body.config.apiKey', '"trigger.body.config.apiKey"'],
  ])('blocks an AI step fed %s', (input, named) => {
    const findings = aiInputSecrets(workflow((w) => (ai(w).input = input)));
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.ai-input-secrets', severity: 'blocker', path: 'steps[0].input' },
    ]);
    expect(findings[0]!.message).toContain(named);
  });

  it('blocks the response headers or a token of an earlier API call', () => {
    const headers = workflow((w) => {
      w.steps.push({ ...ai(w), id: 'summarise', input: 'string(steps.tag.headers)' });
      call(w).next = 'summarise';
    });
    expect(short(aiInputSecrets(headers))).toEqual([
      { ruleId: 'workflow.ai-input-secrets', severity: 'blocker', path: 'steps[4].input' },
    ]);
    const token = workflow((w) => {
      w.steps.push({ ...ai(w), id: 'summarise', input: 'steps.tag.body.access_token' });
      call(w).next = 'summarise';
    });
    expect(aiInputSecrets(token)).toHaveLength(1);
  });

  it('stays quiet on ordinary data, paging tokens and the word "password" in text', () => {
    expect(aiInputSecrets(workflow())).toEqual([]);
    const ordinary = workflow(
      (w) =>
        (ai(w).input =
          '"Reset your password? " + trigger.body.text + string(trigger.body.next_page_token) + string(trigger.body.tokens_used)'),
    );
    expect(aiInputSecrets(ordinary)).toEqual([]);
  });

  it('names credentials in every spelling, and not their look-alikes', () => {
    for (const name of ['password', 'apiKey', 'X-Api-Key', 'client_secret', 'Authorization', 'refreshToken'])
      expect(isCredentialName(name), name).toBe(true);
    for (const name of ['author', 'keyboard', 'nextPageToken', 'tokens_used', 'secretary_name', 'label'])
      expect(isCredentialName(name), name).toBe(false);
  });
});

describe('workflow.credential-in-step', () => {
  it('blocks a key typed into a header of a call', () => {
    const findings = credentialInStep(
      workflow((w) => call(w).headers!.push({ name: 'Authorization', value: '"Bearer abc123"' })),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.credential-in-step', severity: 'blocker', path: 'steps[3].headers[1].value' },
    ]);
  });

  it('blocks a key typed into a query parameter', () => {
    const findings = credentialInStep(
      workflow((w) => (call(w).query = [{ name: 'key', value: "'abc123'" }])),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.credential-in-step', severity: 'blocker', path: 'steps[3].query[0].value' },
    ]);
  });

  it('stays quiet for ordinary headers and for credentials passed on from the trigger', () => {
    expect(credentialInStep(workflow())).toEqual([]);
    const forwarded = workflow((w) =>
      call(w).headers!.push({ name: 'X-Customer-Token', value: 'trigger.body.customer_token' }),
    );
    expect(credentialInStep(forwarded)).toEqual([]);
  });
});

describe('workflow.for-each-cost', () => {
  /** After tagging, for each of up to `maxItems` linked tickets: one more API call per item. */
  const loop = (maxItems: number) =>
    workflow((w) => {
      call(w).next = 'each';
      w.steps.push(
        {
          id: 'each',
          label: 'Each linked ticket',
          kind: 'for_each',
          items: 'trigger.body.links',
          maxItems,
          body: 'link',
        },
        {
          ...call(w),
          id: 'link',
          label: 'Link the ticket',
          path: '/tickets/{{ item.id }}/links',
          next: undefined,
        },
      );
    });

  it('warns about a loop of more than 500 items that calls a service per item', () => {
    const w = loop(800);
    expect(validateWorkflow(w).ok).toBe(true);
    const findings = forEachCost(w);
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.for-each-cost', severity: 'warning', path: 'steps[4].maxItems' },
    ]);
    expect(findings[0]!.message).toContain('calls an API ("Link the ticket")');
  });

  it('stays quiet at 500 items', () => {
    expect(forEachCost(loop(500))).toEqual([]);
  });
});

describe('workflow.respond-echoes-trigger', () => {
  const responding = (body: string) =>
    workflow((w) => {
      call(w).next = 'answer';
      w.steps.push({ id: 'answer', label: 'Answer', kind: 'respond', status: 200, body });
    });

  it.each(['trigger.body', '{"received": trigger.body}', 'trigger'])(
    'warns about a response of %s',
    (body) => {
      expect(short(respondEchoesTrigger(responding(body)))).toEqual([
        { ruleId: 'workflow.respond-echoes-trigger', severity: 'warning', path: 'steps[4].body' },
      ]);
    },
  );

  it('stays quiet when the response picks fields', () => {
    expect(respondEchoesTrigger(responding('{"id": trigger.body.id, "ok": true}'))).toEqual([]);
  });
});
