import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import { type ValidateWorkflowOptions, validateWorkflow } from './validate-workflow.ts';
import { dailyDigestWorkflow, patchStep, plannerApps, supportTriageWorkflow } from './workflow-examples.ts';

// Step indexes in the examples, so the expected paths below can be read.
// Triage: classify 0, route 1, page_oncall 2, tag_ticket 3, report_failure 4.
// Digest: last_run 0, fetch_events 1, each_event 2, summarise_event 3, save_event 4, post_digest 5, remember_run 6.

function errorsOf(input: unknown, options?: ValidateWorkflowOptions) {
  const result = validateWorkflow(input, options);
  if (result.ok) throw new Error('expected the workflow to be rejected');
  return result.errors;
}

const STEP_LIST = 'steps: classify, route, page_oncall, tag_ticket, report_failure';

describe('validateWorkflow: valid workflows', () => {
  it('accepts a signed webhook → AI classify → condition → Slack message or API call', () => {
    const result = validateWorkflow(supportTriageWorkflow());
    expect(result).toEqual({ ok: true, value: supportTriageWorkflow() });
  });

  it('accepts a cron digest with state and a for_each that saves records into a known app', () => {
    expect(validateWorkflow(dailyDigestWorkflow(), { apps: plannerApps() })).toEqual({
      ok: true,
      value: dailyDigestWorkflow(),
    });
  });

  it('accepts a sync webhook that answers with a respond step', () => {
    const def = supportTriageWorkflow();
    def.trigger = {
      kind: 'webhook',
      verification: { kind: 'none' },
      response: { mode: 'sync', timeoutMs: 5000 },
    };
    def.steps.push({
      id: 'reply',
      label: 'Answer',
      kind: 'respond',
      status: 200,
      body: '{"label": steps.classify.label}',
    });
    patchStep(def, 'page_oncall', { next: 'reply' });
    patchStep(def, 'tag_ticket', { next: 'reply' });
    expect(validateWorkflow(def).ok).toBe(true);
  });
});

describe('validateWorkflow: shape', () => {
  it('reports Zod shape errors with their paths, and checks nothing else until the shape is right', () => {
    const def = { ...supportTriageWorkflow(), start: 'not an id', connections: [] };
    expect(errorsOf(def)).toEqual([
      { path: 'start', message: 'must be an id: a letter, then up to 63 letters, digits or _' },
    ]);
  });
});

describe('validateWorkflow: unique ids', () => {
  it('rejects two steps with the same id, naming the first', () => {
    const def = supportTriageWorkflow();
    def.steps.push({ ...def.steps[2]!, next: undefined });
    patchStep(def, 'tag_ticket', { next: 'page_oncall' });
    expect(errorsOf(def)).toContainEqual({
      path: 'steps[5].id',
      message: 'step id "page_oncall" is used twice (also steps[2]); ids must be unique',
    });
  });

  it('rejects duplicate connection and secret ids', () => {
    const def = supportTriageWorkflow();
    def.connections.push({ ...def.connections[0]! });
    def.secrets!.push({ id: 'signing', label: 'Old secret' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'connections[2].id',
        message: 'connection id "slack" is used twice (also connections[0]); ids must be unique',
      },
      {
        path: 'secrets[1].id',
        message: 'secret id "signing" is used twice (also secrets[0]); ids must be unique',
      },
    ]);
  });

  it('rejects two branches of one condition with the same id', () => {
    const def = supportTriageWorkflow();
    patchStep(def, 'route', {
      branches: [
        { id: 'urgent', label: 'Urgent', when: 'steps.classify.label == "urgent"', next: 'page_oncall' },
        { id: 'urgent', label: 'Also urgent', when: 'trigger.body.vip == true', next: 'page_oncall' },
      ],
    });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[1].branches[1].id',
        message: 'branch id "urgent" is used twice (also branches[0]); ids must be unique',
      },
    ]);
  });
});

describe('validateWorkflow: references between steps', () => {
  it('rejects a start that names no step, listing the steps', () => {
    expect(errorsOf({ ...supportTriageWorkflow(), start: 'clasify' })).toEqual([
      { path: 'start', message: `step "clasify" does not exist (${STEP_LIST})` },
    ]);
  });

  it.each([
    ['next', 'page_oncall', { next: 'nope' }, 'steps[2].next'],
    ['onError', 'page_oncall', { onError: 'nope' }, 'steps[2].onError'],
    ['otherwise', 'route', { otherwise: 'nope' }, 'steps[1].otherwise'],
    [
      'a branch next',
      'route',
      { branches: [{ id: 'urgent', label: 'Urgent', when: 'true', next: 'nope' }], otherwise: 'page_oncall' },
      'steps[1].branches[0].next',
    ],
  ])('rejects %s naming a missing step', (_, id, fields, path) => {
    const def = patchStep(supportTriageWorkflow(), id, fields);
    expect(errorsOf(def)).toContainEqual({ path, message: `step "nope" does not exist (${STEP_LIST})` });
  });

  it('rejects a for_each body naming a missing step', () => {
    const def = patchStep(dailyDigestWorkflow(), 'each_event', { body: 'nope' });
    expect(errorsOf(def)).toContainEqual({
      path: 'steps[2].body',
      message: expect.stringContaining('step "nope" does not exist (steps: last_run, fetch_events,'),
    });
  });

  it('rejects a step that leads to itself, pointing to for_each for repetition', () => {
    const def = patchStep(supportTriageWorkflow(), 'page_oncall', { next: 'page_oncall' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[2].next',
        message:
          'step "page_oncall" cannot lead to itself; to repeat steps for each item of a list, use a for_each step',
      },
    ]);
  });
});

describe('validateWorkflow: reachability and loops', () => {
  it('names every step that start never reaches', () => {
    const def = supportTriageWorkflow();
    def.steps.push(
      { id: 'orphan', label: 'Forgotten', kind: 'state_set', key: '"a"', value: '1', next: 'orphan_too' },
      { id: 'orphan_too', label: 'Also forgotten', kind: 'state_set', key: '"b"', value: '2' },
    );
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[5]',
        message:
          'step "orphan" is never reached from start; lead to it with a next, branch or body from another step, or remove it',
      },
      { path: 'steps[6]', message: expect.stringMatching(/^step "orphan_too" is never reached from start/) },
    ]);
  });

  it('rejects a next chain that loops, showing the loop', () => {
    const def = patchStep(supportTriageWorkflow(), 'report_failure', { next: 'classify' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[4].next',
        message:
          'leads back to "classify", which makes an endless loop (classify → route → tag_ticket → report_failure → classify); to repeat steps for each item of a list, use a for_each step',
      },
    ]);
  });
});

describe('validateWorkflow: for_each bodies stay inside the body', () => {
  it('rejects a body step that leads back to its for_each (the for_each loops by itself)', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', { next: 'each_event' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[4].next',
        message:
          'step "save_event" in the body of for_each "each_event" leads back to the for_each itself; leave the body\'s last step without a next, and the for_each moves on to the next item by itself',
      },
    ]);
  });

  it('rejects a body step that jumps to a step after the loop', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', { next: 'post_digest' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[4].next',
        message:
          'step "save_event" in the body of for_each "each_event" leads to "post_digest", which is outside the body; a body ends with a step that has no next, and the for_each then continues with its own next',
      },
    ]);
  });

  it('rejects an onError inside the body that leaves it', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', { onError: 'remember_run' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[4].onError',
        message: expect.stringContaining('leads to "remember_run", which is outside the body'),
      },
    ]);
  });

  it('rejects a body that starts at a step the workflow also reaches outside the loop', () => {
    const def = patchStep(dailyDigestWorkflow(), 'each_event', { body: 'post_digest' });
    expect(errorsOf(def)).toContainEqual({
      path: 'steps[2].body',
      message:
        'the body of for_each "each_event" starts at "post_digest", which the workflow also reaches outside the loop; a body needs steps of its own',
    });
  });

  it('accepts a nested for_each and a condition inside a body', () => {
    const def = dailyDigestWorkflow();
    patchStep(def, 'save_event', { next: 'each_attendee' });
    def.steps.push(
      {
        id: 'each_attendee',
        label: 'For each attendee',
        kind: 'for_each',
        items: 'item.attendees',
        maxItems: 20,
        body: 'is_external',
      },
      {
        id: 'is_external',
        label: 'External?',
        kind: 'condition',
        branches: [
          { id: 'external', label: 'External', when: '!item.email.endsWith("@acme.com")', next: 'note' },
        ],
      },
      {
        id: 'note',
        label: 'Note',
        kind: 'state_set',
        key: '"external_" + string(index)',
        value: 'item.email',
      },
    );
    expect(validateWorkflow(def, { apps: plannerApps() })).toMatchObject({ ok: true });
  });
});

describe('validateWorkflow: connections and secrets', () => {
  it('rejects a step using an undeclared connection, listing the declared ones', () => {
    const def = patchStep(supportTriageWorkflow(), 'page_oncall', { connectionId: 'slak' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[2].connectionId',
        message: 'connection "slak" is not declared (declared: slack, helpdesk)',
      },
    ]);
  });

  it.each([
    ['message', { kind: 'message', connectionId: 'gmail', event: 'message.created' }],
    [
      'polling',
      {
        kind: 'polling',
        connectionId: 'gmail',
        request: { method: 'GET', path: '/messages' },
        intervalMinutes: 5,
        items: 'response.body.messages',
        dedupeKey: 'item.id',
      },
    ],
  ])('rejects a %s trigger on an undeclared connection', (_, trigger) => {
    const def = { ...dailyDigestWorkflow(), trigger } as unknown as WorkflowDefinition;
    expect(errorsOf(def)).toEqual([
      { path: 'trigger.connectionId', message: 'connection "gmail" is not declared (declared: gcal, slack)' },
    ]);
  });

  it('says so when no connection is declared at all', () => {
    const def = { ...supportTriageWorkflow(), connections: [] };
    expect(errorsOf(def)).toContainEqual({
      path: 'steps[2].connectionId',
      message: 'connection "slack" is not declared (no connections are declared; add one under connections)',
    });
  });

  it('rejects a base URL whose host is not allowed; a wildcard covers subdomains, not the bare domain', () => {
    const def = supportTriageWorkflow();
    def.connections[0]!.baseUrl = 'https://api.slack.com';
    def.connections[1]!.baseUrl = 'https://zendesk.com/api/v2';
    expect(errorsOf(def)).toEqual([
      {
        path: 'connections[0].baseUrl',
        message:
          'host "api.slack.com" is not in allowedHosts (slack.com); add it to allowedHosts or change the base URL',
      },
      {
        path: 'connections[1].baseUrl',
        message: expect.stringContaining('host "zendesk.com" is not in allowedHosts'),
      },
    ]);
    def.connections[0]!.allowedHosts = ['*.slack.com'];
    def.connections[1]!.baseUrl = 'https://eu.acme.zendesk.com/api/v2';
    expect(validateWorkflow(def).ok).toBe(true);
  });

  it('rejects webhook verification with an undeclared secret', () => {
    const def = supportTriageWorkflow();
    def.trigger = {
      ...def.trigger,
      verification: { kind: 'token', header: 'X-Token', secretId: 'signin' },
    } as never;
    expect(errorsOf(def)).toEqual([
      {
        path: 'trigger.verification.secretId',
        message: 'secret "signin" is not declared (declared: signing)',
      },
    ]);
    expect(errorsOf({ ...def, secrets: undefined })).toEqual([
      {
        path: 'trigger.verification.secretId',
        message: 'secret "signin" is not declared (no secrets are declared; add one under secrets)',
      },
    ]);
  });
});

describe('validateWorkflow: respond steps', () => {
  const reply = { id: 'reply', label: 'Answer', kind: 'respond', status: 200 } as const;

  it('rejects a respond step when the trigger is not a webhook', () => {
    const def = dailyDigestWorkflow();
    def.steps.push(reply);
    patchStep(def, 'remember_run', { next: 'reply' });
    expect(errorsOf(def, { apps: plannerApps() })).toEqual([
      {
        path: 'steps[7]',
        message:
          'respond step "reply" only works when the trigger is a webhook with response mode "sync"; this workflow starts from a cron trigger',
      },
    ]);
  });

  it('rejects a respond step under an async webhook', () => {
    const def = supportTriageWorkflow();
    def.steps.push(reply);
    patchStep(def, 'page_oncall', { next: 'reply' });
    expect(errorsOf(def)).toEqual([
      {
        path: 'steps[5]',
        message: expect.stringContaining('this workflow starts from a webhook with response mode "async"'),
      },
    ]);
  });

  it('requires a sync webhook to reach at least one respond step', () => {
    const def = supportTriageWorkflow();
    def.trigger = {
      kind: 'webhook',
      verification: { kind: 'none' },
      response: { mode: 'sync', timeoutMs: 5000 },
    };
    const expected = {
      path: 'trigger.response',
      message:
        'a sync webhook must answer with a respond step, but no respond step is reachable from start; add one or set the response mode to "async"',
    };
    expect(errorsOf(def)).toEqual([expected]);
    def.steps.push(reply); // present but not linked: still no answer
    expect(errorsOf(def)).toContainEqual(expected);
  });
});

describe('validateWorkflow: record steps and the builder’s apps', () => {
  it('skips app, table and field checks when the apps are not given', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', { appId: 'elsewhere', tableId: 'whatever' });
    expect(validateWorkflow(def).ok).toBe(true);
  });

  it('rejects an unknown app, listing the builder’s apps', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', { appId: 'planer' });
    expect(errorsOf(def, { apps: plannerApps() })).toEqual([
      { path: 'steps[4].appId', message: 'app "planer" is not one of your apps (apps: planner)' },
    ]);
  });

  it('rejects a table that is not in the app', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', { tableId: 'event' });
    expect(errorsOf(def, { apps: plannerApps() })).toEqual([
      { path: 'steps[4].tableId', message: 'table "event" is not in app "planner" (tables: events)' },
    ]);
  });

  it('rejects unknown, read-only and repeated fields, each at its own path', () => {
    const def = patchStep(dailyDigestWorkflow(), 'save_event', {
      kind: 'update_record',
      recordId: '"rec_1"',
      values: [
        { fieldId: 'sumary', value: '"x"' },
        { fieldId: 'number', value: '1' },
        { fieldId: 'saved_at', value: '"now"' },
        { fieldId: 'attendee_count', value: '3' },
        { fieldId: 'title', value: 'item.summary' },
        { fieldId: 'title', value: '"again"' },
      ],
    });
    expect(errorsOf(def, { apps: plannerApps() })).toEqual([
      {
        path: 'steps[4].values[0].fieldId',
        message: 'field "sumary" is not in table "events" (writable fields: title, summary)',
      },
      {
        path: 'steps[4].values[1].fieldId',
        message:
          'field "number" is an autonumber field, which the app fills in itself; a workflow cannot write it',
      },
      {
        path: 'steps[4].values[2].fieldId',
        message: expect.stringContaining('"saved_at" is a created_at field'),
      },
      {
        path: 'steps[4].values[3].fieldId',
        message: expect.stringContaining('"attendee_count" is a rollup field'),
      },
      {
        path: 'steps[4].values[5].fieldId',
        message: 'field "title" is set twice in this step; keep one value',
      },
    ]);
  });
});

describe('validateWorkflow: all problems at once', () => {
  it('reports every broken rule in one pass, not just the first', () => {
    const def = supportTriageWorkflow();
    patchStep(def, 'page_oncall', { connectionId: 'slak', next: 'nope' });
    patchStep(def, 'report_failure', { text: 'string(steps.tag_ticket.status)' });
    def.connections[0]!.baseUrl = 'https://evil.example.com';
    def.secrets = [];
    expect(errorsOf(def).map((error) => error.path)).toEqual([
      'steps[2].next',
      'steps[2].connectionId',
      'connections[0].baseUrl',
      'trigger.verification.secretId',
      'steps[4].text',
    ]);
  });
});
