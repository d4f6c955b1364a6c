import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import { validateWorkflow } from './validate-workflow.ts';
import { dailyDigestWorkflow, patchStep, plannerApps, supportTriageWorkflow } from './workflow-examples.ts';

// Triage: classify 0, route 1, page_oncall 2, tag_ticket 3, report_failure 4.
// Digest: last_run 0, fetch_events 1, each_event 2, summarise_event 3, save_event 4, post_digest 5, remember_run 6.

function errorsOf(def: WorkflowDefinition) {
  const result = validateWorkflow(def, { apps: plannerApps() });
  if (result.ok) throw new Error('expected the workflow to be rejected');
  return result.errors;
}

/** The errors at one path; every other path must be clean. */
function onlyErrorsAt(def: WorkflowDefinition, path: string): string[] {
  const errors = errorsOf(def);
  expect(errors.map((error) => error.path)).toEqual(errors.map(() => path));
  return errors.map((error) => error.message);
}

describe('workflow expressions: which steps an expression can use', () => {
  it('rejects a step that runs later, in the words of the brief', () => {
    const def = patchStep(supportTriageWorkflow(), 'classify', { input: 'steps.tag_ticket.body' });
    expect(onlyErrorsAt(def, 'steps[0].input')).toEqual([
      'refers to step "tag_ticket", which has not run yet at this point; only steps that run before this one on every path can be used',
    ]);
  });

  it('rejects a step on another branch of a condition', () => {
    const def = patchStep(supportTriageWorkflow(), 'tag_ticket', { body: '{"paged": steps.page_oncall}' });
    expect(onlyErrorsAt(def, 'steps[3].body')).toEqual([
      expect.stringMatching(/^refers to step "page_oncall", which has not run yet at this point/),
    ]);
  });

  it('after two branches join, allows the steps before the condition but not those on one branch', () => {
    const def = supportTriageWorkflow();
    def.steps.push({
      id: 'log',
      label: 'Log',
      kind: 'state_set',
      key: '"last_label"',
      value: 'steps.classify.label + string(steps.tag_ticket.status)',
    });
    patchStep(def, 'page_oncall', { next: 'log' });
    patchStep(def, 'tag_ticket', { next: 'log' });
    expect(onlyErrorsAt(def, 'steps[5].value')).toEqual([
      expect.stringMatching(/^refers to step "tag_ticket", which has not run yet at this point/),
    ]);
    patchStep(def, 'log', { value: 'steps.classify.label + " " + string(steps.route)' });
    expect(validateWorkflow(def).ok).toBe(true);
  });

  it('rejects a step inside a for_each body when used after the loop', () => {
    const def = patchStep(dailyDigestWorkflow(), 'post_digest', { text: 'steps.summarise_event.summary' });
    expect(onlyErrorsAt(def, 'steps[5].text')).toEqual([
      'refers to step "summarise_event", which runs once per item inside for_each "each_event" and cannot be used outside its body',
    ]);
  });

  it('rejects the failed step’s result in its onError step', () => {
    const def = patchStep(supportTriageWorkflow(), 'report_failure', {
      text: 'string(steps.tag_ticket.status)',
    });
    expect(onlyErrorsAt(def, 'steps[4].text')).toEqual([
      'refers to step "tag_ticket", which failed when this step runs (this step is its onError), so it has no result',
    ]);
  });

  it('rejects a step reading its own result, and a step that does not exist', () => {
    const def = patchStep(supportTriageWorkflow(), 'classify', {
      input: 'steps.classify.label + steps.clasify.label',
    });
    expect(onlyErrorsAt(def, 'steps[0].input')).toEqual([
      'refers to its own result ("classify"), which only exists after this step has run',
      'refers to step "clasify", which does not exist (steps: classify, route, page_oncall, tag_ticket, report_failure)',
    ]);
  });

  it('gives item and index only inside a for_each body', () => {
    expect(validateWorkflow(dailyDigestWorkflow(), { apps: plannerApps() }).ok).toBe(true); // body uses both
    const def = patchStep(dailyDigestWorkflow(), 'post_digest', { text: 'item.summary' });
    expect(onlyErrorsAt(def, 'steps[5].text')).toHaveLength(1);
  });

  it('has no state variable (state is read with a state_get step) and no secrets variable', () => {
    const state = patchStep(dailyDigestWorkflow(), 'post_digest', { text: 'state.last_digest_at' });
    expect(onlyErrorsAt(state, 'steps[5].text')).toEqual([
      expect.stringContaining('workflow state is read with a state_get step: use steps.<its id>.value'),
    ]);
    const secrets = patchStep(supportTriageWorkflow(), 'classify', { input: 'secrets.signing' });
    expect(onlyErrorsAt(secrets, 'steps[0].input')).toEqual([
      expect.stringMatching(/^unknown variable "secrets".*secrets never reach expressions \(nor AI steps\)/),
    ]);
  });
});

describe('workflow expressions: types', () => {
  it('types each step’s output: an unknown field of an AI result is an error', () => {
    const def = patchStep(supportTriageWorkflow(), 'route', {
      branches: [
        { id: 'urgent', label: 'Urgent', when: 'steps.classify.category == "urgent"', next: 'page_oncall' },
      ],
    });
    const messages = onlyErrorsAt(def, 'steps[1].branches[0].when');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('category');
  });

  it('types extracted fields from their declared types', () => {
    const def = supportTriageWorkflow();
    patchStep(def, 'classify', {
      ai: {
        task: 'extract',
        fields: [
          { name: 'amount', type: 'number' },
          { name: 'refund', type: 'boolean' },
          { name: 'products', type: 'string_list' },
        ],
      },
    });
    patchStep(def, 'route', {
      branches: [
        {
          id: 'urgent',
          label: 'Big refund',
          when: 'steps.classify.refund && steps.classify.amount > 100.0 && "pro" in steps.classify.products',
          next: 'page_oncall',
        },
      ],
    });
    // classify is now an extract step: what used its label must use its fields instead.
    expect(onlyErrorsAt(def, 'steps[3].body')).toEqual([
      'unknown field "label" on steps.classify; its fields are: amount, refund, products',
    ]);
    patchStep(def, 'tag_ticket', { body: '{"tags": steps.classify.products}' });
    expect(validateWorkflow(def).ok).toBe(true);
    patchStep(def, 'page_oncall', { text: 'steps.classify.amount' });
    expect(onlyErrorsAt(def, 'steps[2].text')).toEqual([
      'must be text, but this expression gives double; convert it with string(...)',
    ]);
  });

  it('requires conditions to be true or false', () => {
    const def = patchStep(supportTriageWorkflow(), 'route', {
      branches: [{ id: 'urgent', label: 'Urgent', when: 'steps.classify.label', next: 'page_oncall' }],
    });
    expect(onlyErrorsAt(def, 'steps[1].branches[0].when')).toEqual([
      'must be true or false, but this expression gives string; compare it, e.g. steps.classify.label == "urgent"',
    ]);
  });

  it('requires for_each items to be a list, and accepts an untyped (dyn) value', () => {
    const def = patchStep(dailyDigestWorkflow(), 'each_event', { items: 'steps.fetch_events.status' });
    expect(onlyErrorsAt(def, 'steps[2].items')).toEqual(['must be a list, but this expression gives int']);
    patchStep(def, 'each_event', { items: '[1, 2, 3]' });
    expect(validateWorkflow(def, { apps: plannerApps() }).ok).toBe(true);
  });

  it('types the webhook trigger as body, headers and query', () => {
    const def = patchStep(supportTriageWorkflow(), 'page_oncall', {
      text: 'trigger.headers["x-user"] + trigger.query.q',
    });
    expect(validateWorkflow(def).ok).toBe(true);
    patchStep(def, 'page_oncall', { text: 'trigger.payload.subject' });
    expect(onlyErrorsAt(def, 'steps[2].text')).toHaveLength(1);
  });

  it('types the cron trigger as its scheduled time', () => {
    const def = patchStep(dailyDigestWorkflow(), 'post_digest', { text: 'trigger.scheduledAt' });
    expect(onlyErrorsAt(def, 'steps[5].text')).toEqual([
      'must be text, but this expression gives timestamp; convert it with string(...)',
    ]);
  });

  it('reports a syntax error at the expression’s path', () => {
    const def = patchStep(supportTriageWorkflow(), 'page_oncall', { text: '"Urgent: " + ' });
    expect(onlyErrorsAt(def, 'steps[2].text').length).toBeGreaterThan(0);
  });

  it('checks {{ }} placeholders in a call’s path', () => {
    const def = patchStep(supportTriageWorkflow(), 'tag_ticket', {
      path: '/tickets/{{ steps.page_oncall }}/tags',
    });
    expect(onlyErrorsAt(def, 'steps[3].path')).toEqual([
      expect.stringMatching(
        /^in \{\{ steps\.page_oncall \}\}: refers to step "page_oncall", which has not run yet/,
      ),
    ]);
    patchStep(def, 'tag_ticket', { path: '/tickets/{{ trigger.body.id /tags' });
    expect(onlyErrorsAt(def, 'steps[3].path')).toEqual(['has a {{ without a matching }}']);
  });
});

describe('workflow expressions: triggers', () => {
  it('checks a polling trigger: items is a list from the response, the dedupe key reads the item', () => {
    const def = dailyDigestWorkflow();
    def.connections.push({
      id: 'crm',
      label: 'CRM',
      provider: 'http',
      auth: { kind: 'none' },
      allowedHosts: ['api.crm.example'],
    });
    def.trigger = {
      kind: 'polling',
      connectionId: 'crm',
      request: { method: 'GET', path: '/leads', query: [{ name: 'limit', value: '50' }] },
      intervalMinutes: 15,
      items: 'response.body.leads',
      dedupeKey: 'item.id',
    };
    patchStep(def, 'fetch_events', { query: [{ name: 'lead', value: 'string(trigger.id)' }] });
    patchStep(def, 'remember_run', { value: 'trigger.id' });
    expect(validateWorkflow(def, { apps: plannerApps() })).toMatchObject({ ok: true });
    def.trigger.items = 'response.status';
    expect(onlyErrorsAt(def, 'trigger.items')).toEqual(['must be a list, but this expression gives int']);
  });

  it('checks a message trigger’s filter is true or false', () => {
    const def = dailyDigestWorkflow();
    def.trigger = {
      kind: 'message',
      connectionId: 'slack',
      event: 'message.created',
      filter: 'trigger.text',
    };
    patchStep(def, 'fetch_events', { query: [] });
    patchStep(def, 'remember_run', { value: 'trigger.ts' });
    expect(validateWorkflow(def, { apps: plannerApps() }).ok).toBe(true); // dyn may be a bool
    def.trigger.filter = '"hello"';
    expect(onlyErrorsAt(def, 'trigger.filter')).toEqual([expect.stringMatching(/^must be true or false/)]);
  });

  it('checks the webhook idempotency key against the request', () => {
    const def = supportTriageWorkflow();
    def.trigger = { ...def.trigger, idempotencyKey: 'header["x-delivery-id"]' } as never;
    expect(onlyErrorsAt(def, 'trigger.idempotencyKey')).toHaveLength(1);
  });
});
