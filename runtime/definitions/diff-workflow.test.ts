import { describe, expect, it } from 'vitest';
import type { Step, WorkflowDefinition } from '../../schemas/definitions.ts';
import { intakeWorkflow } from './diff.fixtures.ts';
import { type Definition, diffDefinitions } from './diff.ts';
import { applyJsonPatch } from './json-patch.ts';

/** Diffs a against b, checking on the way that the patch turns a into b exactly. */
function diff<T extends Definition>(a: T, b: T) {
  const result = diffDefinitions(a, b);
  expect(applyJsonPatch(a, result.patch)).toEqual({ ok: true, value: b });
  return result;
}

function summaries<T extends Definition>(a: T, edit: (b: T) => void): string[] {
  const b = structuredClone(a);
  edit(b);
  return diff(a, b).changes.map((change) => change.summary);
}

describe('workflow', () => {
  const workflow = intakeWorkflow();
  const classify = {
    id: 'classify',
    label: 'Classify',
    kind: 'ai' as const,
    input: 'trigger.body',
    ai: { task: 'classify' as const, labels: ['bug', 'question'] },
  };

  it('tells an inserted step after the step that now leads to it, and nothing else', () => {
    const b = structuredClone(workflow);
    b.steps.splice(1, 0, { ...classify, next: 'notify' });
    b.steps[0]!.next = 'classify';
    const result = diff(workflow, b);
    expect(result.changes).toEqual([
      {
        kind: 'added',
        entity: 'step',
        id: 'classify',
        path: 'steps[1]',
        summary: 'step "Classify" inserted after "Receive"',
        after: b.steps[1],
      },
    ]);
    expect(result.patch).toEqual([
      { op: 'add', path: '/steps/1', value: b.steps[1] },
      { op: 'replace', path: '/steps/0/next', value: 'classify' },
    ]);
  });

  it('tells a step inserted at the start, and other ways a new step joins', () => {
    expect(
      summaries(workflow, (b) =>
        Object.assign(b, { start: 'classify', steps: [{ ...classify, next: 'receive' }, ...b.steps] }),
      ),
    ).toEqual(['step "Classify" inserted at the start']);
    expect(summaries(workflow, (b) => b.steps.push({ ...classify }))).toEqual(['step "Classify" added']);
    expect(
      summaries(
        workflow,
        (b) =>
          b.steps.push({ ...classify }, { ...classify, id: 'c2', label: 'Fallback' }) &&
          Object.assign(b.steps[1]!, { onError: 'c2' }),
      ),
    ).toEqual(['step "Classify" added', 'step "Fallback" added as the error step of "Notify"']);
  });

  it('tells steps removed, renamed, moved, re-linked and of another kind', () => {
    expect(
      summaries(workflow, (b) => {
        const [receive, notify] = b.steps as [Step, Step];
        notify.label = 'Tell the team';
        receive.next = undefined;
        b.start = 'notify';
        notify.next = 'receive';
        b.steps.reverse();
      }),
    ).toEqual([
      'workflow start step changed from "Receive" to "Tell the team"',
      'step "Notify" renamed to "Tell the team"',
      'step "Tell the team" next step set to "Receive"',
      'step "Receive" moved',
      'step "Receive" next step removed',
    ]);
    expect(summaries(workflow, (b) => b.steps.pop())).toEqual(['step "Notify" removed']);
    expect(summaries(workflow, (b) => (b.steps[1] = { ...classify, id: 'notify', label: 'Notify' }))).toEqual(
      ['step "Notify" kind changed from send_message to ai'],
    );
  });

  it('tells connections added and changed, and a step that uses another', () => {
    const crm = {
      id: 'crm',
      label: 'CRM',
      provider: 'http',
      auth: { kind: 'none' as const },
      allowedHosts: ['crm.example.com'],
    };
    const result = diff(workflow, {
      ...workflow,
      connections: [{ ...workflow.connections[0]!, allowedHosts: ['slack.com', 'api.slack.com'] }, crm],
      steps: [
        workflow.steps[0]!,
        { ...workflow.steps[1]!, connectionId: 'crm' } as WorkflowDefinition['steps'][number],
      ],
    });
    expect(result.changes.map((change) => change.summary)).toEqual([
      'step "Notify" connection changed from "Slack" to "CRM"',
      'connection "CRM" added',
      'connection "Slack" allowed hosts changed',
    ]);
    expect(result.patch).toContainEqual({
      op: 'add',
      path: '/connections/0/allowedHosts/1',
      value: 'api.slack.com',
    });
  });

  it('tells the trigger and secrets', () => {
    expect(
      summaries(workflow, (b) => {
        b.trigger = { kind: 'cron', cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' };
        b.secrets = undefined;
      }),
    ).toEqual(['trigger kind changed from webhook to cron', 'secret "Signing secret" removed']);
    const cron = {
      ...workflow,
      trigger: { kind: 'cron' as const, cron: '0 8 * * *', timezone: 'UTC' },
      secrets: undefined,
    };
    expect(
      summaries(cron, (b) =>
        Object.assign(b, {
          trigger: { ...b.trigger, cron: '0 9 * * *' },
          secrets: [{ id: 's', label: 'Key' }],
        }),
      ),
    ).toEqual(['trigger cron changed from "0 8 * * *" to "0 9 * * *"', 'secret "Key" added']);
    expect(summaries(workflow, (b) => (b.name = 'Intake'))).toEqual([
      'workflow "Support intake" renamed to "Intake"',
    ]);
  });
});
