import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../../schemas/definitions.ts';
import { applied, deepFreeze, exampleWorkflows, issuesOf } from '../../model/examples.fixture.ts';
import { STEP_KINDS, TRIGGER_KINDS } from '../../model/workflow-defaults.ts';
import { addFromWorkflowPalette, endOfMainPath, stepAfter } from './add-from-palette.ts';
import { parsePaletteItem, WORKFLOW_PALETTE_ITEMS } from './palette-items.ts';

const digest = () => deepFreeze(structuredClone(exampleWorkflows.dailyDigestBot));
const mail = () => deepFreeze(structuredClone(exampleWorkflows.emailAutoResponder));
const stepOf = (def: WorkflowDefinition, id: string) => def.steps.find((step) => step.id === id)!;
const createdStep = (result: ReturnType<typeof addFromWorkflowPalette>) => {
  const ok = applied(result);
  const id = ok.created.find((entity) => entity.entity === 'step')!.id;
  return { def: ok.definition, step: stepOf(ok.definition, id) };
};

describe('the workflow palette lists', () => {
  it('one item per trigger kind and per step kind, each id understood back', () => {
    expect(WORKFLOW_PALETTE_ITEMS.map((item) => item.id)).toEqual([
      ...TRIGGER_KINDS.map((kind) => `trigger:${kind}`),
      ...STEP_KINDS.map((kind) => `step:${kind}`),
    ]);
    for (const item of WORKFLOW_PALETTE_ITEMS) expect(parsePaletteItem(item.id)).toBeDefined();
    expect(parsePaletteItem('step:teleport')).toBeUndefined();
    expect(parsePaletteItem('table')).toBeUndefined();
  });
});

describe('clicking a step item', () => {
  it('adds the step after the selected step, taking over what it led to', () => {
    const { def, step } = createdStep(
      addFromWorkflowPalette(digest(), 'step:state_set', { afterStepId: 'post_header' }),
    );
    expect(stepOf(def, 'post_header').next).toBe(step.id);
    expect(step.next).toBe('digest_each_repo');
    expect(step.kind).toBe('state_set');
    expect(issuesOf(def)).toEqual([]);
  });

  it('adds inside a loop body after a body step, so it runs once per item', () => {
    const { def, step } = createdStep(
      addFromWorkflowPalette(digest(), 'step:send_message', { afterStepId: 'post_summary' }),
    );
    expect(stepOf(def, 'post_summary').next).toBe(step.id);
    expect(step.next).toBeUndefined();
    expect(issuesOf(def)).toEqual([]);
  });

  it('without a selection, appends at the end of the main path', () => {
    expect(endOfMainPath(digest())).toBe('digest_each_repo');
    const { def, step } = createdStep(addFromWorkflowPalette(digest(), 'step:send_message'));
    expect(stepOf(def, 'digest_each_repo').next).toBe(step.id);
    expect(issuesOf(def)).toEqual([]);
  });

  it('without a selection, when the main path ends in a condition, adds the step unconnected', () => {
    expect(endOfMainPath(mail())).toBeUndefined();
    const { def, step } = createdStep(addFromWorkflowPalette(mail(), 'step:state_get'));
    expect(def.steps.some((other) => other.next === step.id)).toBe(false);
    expect(issuesOf(def).join('\n')).toMatch(/never reached/);
  });

  it('refuses to guess which branch of a selected condition the step goes on', () => {
    const result = addFromWorkflowPalette(mail(), 'step:send_message', { afterStepId: 'route_reply' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/branch/);
  });

  it('adds a condition in front of what the selected step led to (its first branch takes it over)', () => {
    const { def, step } = createdStep(
      addFromWorkflowPalette(digest(), 'step:condition', { afterStepId: 'list_repos' }),
    );
    expect(step.kind === 'condition' && step.branches[0]!.next).toBe('post_header');
    expect(stepOf(def, 'list_repos').next).toBe(step.id);
  });

  it('refuses what needs something first, with the reason: a condition at the end, a respond step without a waiting caller, a record step without apps', () => {
    const condition = addFromWorkflowPalette(digest(), 'step:condition', { afterStepId: 'report_failure' });
    expect(condition.ok).toBe(false);
    const respond = addFromWorkflowPalette(digest(), 'step:respond');
    expect(!respond.ok && respond.reason).toMatch(/sync/);
    const record = addFromWorkflowPalette(digest(), 'step:create_record');
    expect(!record.ok && record.reason).toMatch(/app/);
    const unknown = addFromWorkflowPalette(digest(), 'step:nope');
    expect(unknown.ok).toBe(false);
  });

  it('adds a record step writing the first writable field of the builder’s apps', () => {
    const apps = [
      {
        id: 'crm',
        tables: [
          {
            id: 'contacts',
            fields: [
              { id: 'no', type: 'autonumber' },
              { id: 'name', type: 'text' },
            ],
          },
        ],
      },
    ];
    const { def, step } = createdStep(
      addFromWorkflowPalette(digest(), 'step:create_record', { afterStepId: 'post_header', apps }),
    );
    expect(step.kind === 'create_record' && [step.appId, step.tableId, step.values[0]!.fieldId]).toEqual([
      'crm',
      'contacts',
      'name',
    ]);
    expect(issuesOf(def)).toEqual([]);
  });

  it('a dropped item lands unconnected', () => {
    const { def, step } = createdStep(addFromWorkflowPalette(digest(), 'step:ai', { detached: true }));
    expect(def.steps.some((other) => other.next === step.id)).toBe(false);
  });

  it('the first step of an empty draft becomes its start', () => {
    const empty = { ...digest(), steps: [], start: 'nothing' };
    const { def, step } = createdStep(addFromWorkflowPalette(empty, 'step:state_get'));
    expect(def.start).toBe(step.id);
  });
});

describe('where a clicked or dropped item goes', () => {
  it('after the step selected last, ignoring the trigger and other nodes', () => {
    expect(stepAfter(['step:a', 'trigger', 'step:b'])).toBe('b');
    expect(stepAfter(['step:a', 'trigger'])).toBe('a');
    expect(stepAfter(['trigger', 'table:x'])).toBeUndefined();
    expect(stepAfter([])).toBeUndefined();
  });
});

describe('clicking a trigger item', () => {
  it('replaces the trigger with one of that kind, declaring the webhook secret', () => {
    const result = applied(addFromWorkflowPalette(digest(), 'trigger:webhook'));
    expect(result.definition.trigger.kind).toBe('webhook');
    expect(result.created).toEqual([{ entity: 'secret', id: 'webhook_secret' }]);
    expect(result.warnings.join(' ')).toMatch(/scheduledAt|trigger/);
  });

  it('refuses a message trigger for a workflow without connections', () => {
    const bare = { ...digest(), connections: [] };
    expect(addFromWorkflowPalette(bare, 'trigger:message').ok).toBe(false);
  });
});
