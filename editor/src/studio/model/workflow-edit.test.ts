import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { applied, exampleWorkflows, issuesOf } from './examples.fixture.ts';
import {
  addBranch,
  addStep,
  connectSteps,
  disconnectLink,
  renameBranch,
  renameStep,
  renameWorkflow,
  STEP_KINDS,
  setStart,
  setTrigger,
  TRIGGER_KINDS,
  updateStep,
} from './index.ts';

const digest = () => exampleWorkflows.dailyDigestBot;
const stepOf = (def: WorkflowDefinition, id: string) => def.steps.find((step) => step.id === id)!;
const record = { appId: 'app_1', tableId: 'tasks', fieldId: 'title' };

describe('add step', () => {
  it('adds a step of every kind between two steps, and the workflow stays valid', () => {
    for (const kind of STEP_KINDS) {
      if (kind === 'respond') continue; // only after a sync webhook: below
      const result = applied(
        addStep(digest(), { kind, at: { stepId: 'list_repos', link: 'next' }, choices: { record } }),
      );
      const id = result.created[0]!.id;
      expect(stepOf(result.definition, 'list_repos').next).toBe(id);
      expect(issuesOf(result.definition), kind).toEqual([]);
    }
  });

  it('gives the new step what the link led to: as next, as a condition’s branch, as a for-each’s body', () => {
    const plain = applied(
      addStep(digest(), { kind: 'state_set', at: { stepId: 'list_repos', link: 'next' } }),
    );
    expect(stepOf(plain.definition, plain.created[0]!.id).next).toBe('post_header');
    const condition = applied(
      addStep(digest(), { kind: 'condition', at: { stepId: 'list_repos', link: 'next' } }),
    );
    expect(stepOf(condition.definition, condition.created[0]!.id)).toMatchObject({
      branches: [{ id: 'yes', when: 'true', next: 'post_header' }],
    });
    const loop = applied(
      addStep(digest(), { kind: 'for_each', at: { stepId: 'summarise_repo', link: 'next' } }),
    );
    expect(stepOf(loop.definition, loop.created[0]!.id)).toMatchObject({ body: 'post_summary' });
    expect(issuesOf(loop.definition)).toEqual([]);
  });

  it('puts a step first when placed at the start', () => {
    const result = applied(addStep(digest(), { kind: 'state_get', at: 'start', label: 'Load cursor' }));
    expect(result.definition.start).toBe('load_cursor');
    expect(result.definition.steps[0]).toMatchObject({ id: 'load_cursor', next: 'list_repos' });
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('refuses a for-each whose would-be body leads elsewhere, and a respond step without a sync webhook', () => {
    const leaky = addStep(exampleWorkflows.emailAutoResponder, {
      kind: 'for_each',
      at: { stepId: 'classify_email', link: 'next' },
    });
    expect(leaky).toMatchObject({ ok: false, reason: expect.stringContaining('cannot become the body') });
    expect(addStep(digest(), { kind: 'respond', at: { stepId: 'list_repos', link: 'next' } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('"sync"'),
    });
  });

  it('answers a sync webhook with a respond step', () => {
    const sync = {
      ...digest(),
      trigger: {
        kind: 'webhook',
        verification: { kind: 'none' },
        response: { mode: 'sync', timeoutMs: 5000 },
      },
    } as WorkflowDefinition;
    const result = applied(addStep(sync, { kind: 'respond', at: { stepId: 'post_summary', link: 'next' } }));
    expect(stepOf(result.definition, result.created[0]!.id)).toMatchObject({ kind: 'respond', status: 200 });
  });

  it('asks for the app and table a record step writes, and for a condition’s target when nothing follows', () => {
    expect(addStep(digest(), { kind: 'create_record' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('choose the app'),
    });
    expect(
      addStep(digest(), { kind: 'condition', at: { stepId: 'post_summary', link: 'next' } }),
    ).toMatchObject({ ok: false });
  });
});

describe('connect steps', () => {
  it('points a link at another step', () => {
    const result = applied(
      connectSteps(digest(), { from: 'post_summary', link: 'onError', to: 'report_failure' }),
    );
    expect(stepOf(result.definition, 'post_summary').onError).toBe('report_failure');
  });

  it('refuses a step leading to itself and a link that closes a loop', () => {
    expect(connectSteps(digest(), { from: 'post_header', link: 'next', to: 'post_header' }).ok).toBe(false);
    expect(connectSteps(digest(), { from: 'post_summary', link: 'next', to: 'list_repos' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('endless loop'),
    });
  });

  it('adds condition branches (never true until written) and removes all but the last', () => {
    const def = exampleWorkflows.slackReminderAgent;
    const added = applied(addBranch(def, { stepId: 'choose_reminder', to: 'remind', label: 'Later' }));
    expect(stepOf(added.definition, 'choose_reminder')).toMatchObject({
      branches: [{}, {}, { id: 'later', label: 'Later', when: 'false', next: 'remind' }],
    });
    const cut = applied(disconnectLink(def, { from: 'choose_reminder', link: 'branch:urgent' }));
    expect(stepOf(cut.definition, 'choose_reminder')).toMatchObject({ branches: [{ id: 'keeps_slipping' }] });
    expect(
      disconnectLink(cut.definition, { from: 'choose_reminder', link: 'branch:keeps_slipping' }).ok,
    ).toBe(false);
    expect(disconnectLink(digest(), { from: 'digest_each_repo', link: 'body' }).ok).toBe(false);
    const open = applied(disconnectLink(digest(), { from: 'list_repos', link: 'onError' }));
    expect(stepOf(open.definition, 'list_repos')).not.toHaveProperty('onError');
  });

  it('sets the start', () => {
    expect(applied(setStart(digest(), { stepId: 'post_header' })).definition.start).toBe('post_header');
    expect(setStart(digest(), { stepId: 'nope' }).ok).toBe(false);
  });
});

describe('trigger', () => {
  it('sets a trigger of each kind, declaring the secret a signed webhook checks', () => {
    for (const kind of TRIGGER_KINDS) {
      const result = setTrigger(exampleWorkflows.emailAutoResponder, { kind });
      expect(result.ok, kind).toBe(true);
    }
    const webhook = applied(setTrigger(digest(), { kind: 'webhook' }));
    expect(webhook.definition.trigger).toMatchObject({
      kind: 'webhook',
      verification: { kind: 'hmac', secretId: 'webhook_secret' },
    });
    expect(webhook.definition.secrets).toEqual([{ id: 'webhook_secret', label: 'Webhook signing secret' }]);
  });

  it('warns about expressions that read what the old trigger gave', () => {
    const result = applied(setTrigger(exampleWorkflows.emailAutoResponder, { kind: 'cron' }));
    expect(result.warnings[0]).toMatch(/the new trigger breaks step "Sort the e-mail"/);
  });
});

describe('rename and settings', () => {
  it('renames steps, branches and the workflow, keeping ids', () => {
    let def = applied(renameStep(digest(), { stepId: 'post_header', label: 'Say hello' })).definition;
    def = applied(renameWorkflow(def, { name: 'Digest' })).definition;
    expect(stepOf(def, 'post_header').label).toBe('Say hello');
    expect(def.name).toBe('Digest');
    const branch = applied(
      renameBranch(exampleWorkflows.slackReminderAgent, {
        stepId: 'choose_reminder',
        branchId: 'urgent',
        label: 'Due today',
      }),
    );
    expect(stepOf(branch.definition, 'choose_reminder')).toMatchObject({
      branches: [{}, { id: 'urgent', label: 'Due today' }],
    });
  });

  it('accepts a half-typed expression but refuses a setting of the wrong shape', () => {
    expect(updateStep(digest(), { stepId: 'post_header', patch: { text: 'steps.' } }).ok).toBe(true);
    expect(updateStep(digest(), { stepId: 'list_repos', patch: { path: 'no-slash' } })).toMatchObject({
      ok: false,
    });
  });
});
