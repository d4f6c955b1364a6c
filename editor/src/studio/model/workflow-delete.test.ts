import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { applied, exampleWorkflows, issuesOf } from './examples.fixture.ts';
import { deleteStep } from './index.ts';

const stepOf = (def: WorkflowDefinition, id: string) => def.steps.find((step) => step.id === id);

describe('delete step', () => {
  it('re-links its predecessor to its successor when it had exactly one', () => {
    const result = applied(deleteStep(exampleWorkflows.dailyDigestBot, { stepId: 'post_header' }));
    expect(stepOf(result.definition, 'list_repos')!.next).toBe('digest_each_repo');
    expect(result.removed).toEqual([
      {
        entity: 'step',
        id: 'list_repos',
        summary: 'next step of "List recently pushed repositories" now leads to "For each active repository"',
      },
    ]);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('moves the start, and a for-each body, on to the next step', () => {
    const start = applied(deleteStep(exampleWorkflows.slackReminderAgent, { stepId: 'count_times_due' }));
    expect(start.definition.start).toBe('remember_times_due');
    const body = applied(deleteStep(exampleWorkflows.dailyDigestBot, { stepId: 'fetch_merged' }));
    expect(stepOf(body.definition, 'digest_each_repo')).toMatchObject({ body: 'summarise_repo' });
    expect(body.warnings).toEqual([expect.stringContaining('uses the output of "Fetch')]);
  });

  it('removes a condition branch that led to it, keeping the others', () => {
    const result = applied(deleteStep(exampleWorkflows.slackReminderAgent, { stepId: 'suggest_split' }));
    expect(stepOf(result.definition, 'choose_reminder')).toMatchObject({ branches: [{ id: 'urgent' }] });
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('cuts an optional link when the step parts ways, and warns about the steps left unreached', () => {
    const result = applied(deleteStep(exampleWorkflows.messageToCalendarSync, { stepId: 'check_event' }));
    expect(stepOf(result.definition, 'extract_event')).not.toHaveProperty('next');
    expect(result.warnings.join()).toMatch(/no longer reached from the start/);
  });

  it('refuses to leave a required link empty, the start without a step, or a workflow without steps', () => {
    const lastInBody = deleteStep(exampleWorkflows.dailyDigestBot, { stepId: 'post_summary' });
    expect(lastInBody.ok).toBe(true); // summarise_repo's next just ends the body
    const def = exampleWorkflows.slackReminderAgent;
    const single = {
      ...def,
      steps: def.steps.map((s) =>
        s.id === 'choose_reminder' && s.kind === 'condition' ? { ...s, branches: s.branches.slice(0, 1) } : s,
      ),
    };
    expect(deleteStep(single, { stepId: 'suggest_split' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('only branch'),
    });
    const lone = { ...def, start: 'remind', steps: def.steps.filter((s) => s.id === 'remind') };
    expect(deleteStep(lone, { stepId: 'remind' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('at least one step'),
    });
    const startOnly = { ...def, start: 'remind' };
    expect(deleteStep(startOnly, { stepId: 'remind' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('first step'),
    });
  });
});
