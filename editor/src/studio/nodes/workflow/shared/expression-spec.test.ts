import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { checkSource } from '../../../expression/expression-check.ts';
import { allExampleWorkflows, exampleWorkflows, issuesOf } from '../../../model/examples.fixture.ts';
import { workflowExpressionSpec } from './expression-spec.ts';

/** Every expression of a step the live check sees, with its place (as the panel passes it). */
function expressionsOf(
  def: WorkflowDefinition,
): { stepId: string; source: string; expect?: 'string' | 'bool' }[] {
  return def.steps.flatMap((step) => {
    const at = (source: string | undefined, expect?: 'string' | 'bool') =>
      source === undefined ? [] : [{ stepId: step.id, source, ...(expect ? { expect } : {}) }];
    switch (step.kind) {
      case 'send_message':
        return [...at(step.to, 'string'), ...at(step.subject, 'string'), ...at(step.text, 'string')];
      case 'ai':
        return at(step.input);
      case 'condition':
        return step.branches.flatMap((branch) => at(branch.when, 'bool'));
      case 'for_each':
        return at(step.items);
      case 'call_api':
        return [...at(step.body), ...(step.query ?? []).flatMap((q) => at(q.value))];
      case 'state_get':
        return at(step.key, 'string');
      case 'state_set':
        return [...at(step.key, 'string'), ...at(step.value)];
      default:
        return [];
    }
  });
}

describe('expressions are checked as they are typed, with the validator’s variables', () => {
  for (const def of allExampleWorkflows)
    it(`accepts every expression of the valid example "${def.name}"`, () => {
      expect(issuesOf(def)).toEqual([]);
      for (const { stepId, source, ...rest } of expressionsOf(def)) {
        const spec = workflowExpressionSpec(def, { stepId, ...rest });
        expect(spec, stepId).toBeDefined();
        const check = checkSource(source, spec!);
        expect(check.ok ? 'ok' : `${stepId}: ${check.message}`).toBe('ok');
      }
    });

  it('underlines a step that has not run yet and a misspelt variable, as the validator reports them', () => {
    const def = exampleWorkflows.dailyDigestBot;
    const early = workflowExpressionSpec(def, { stepId: 'post_header', expect: 'string' })!;
    expect(checkSource('steps.summarise_repo.summary', early).ok).toBe(false);
    expect(checkSource('trigger.scheduldAt', early).ok).toBe(false);
    expect(checkSource('string(trigger.scheduledAt)', early).ok).toBe(true);
  });

  it('gives item and index only inside a loop body, and wants true or false in a branch', () => {
    const def = exampleWorkflows.dailyDigestBot;
    expect(checkSource('item.name', workflowExpressionSpec(def, { stepId: 'post_summary' })!).ok).toBe(true);
    expect(checkSource('item.name', workflowExpressionSpec(def, { stepId: 'post_header' })!).ok).toBe(false);
    const mail = exampleWorkflows.emailAutoResponder;
    const branch = workflowExpressionSpec(mail, { stepId: 'route_reply', expect: 'bool' })!;
    expect(checkSource('steps.decide_reply.optionId', branch).ok).toBe(false);
    expect(checkSource('steps.decide_reply.optionId == "x"', branch).ok).toBe(true);
  });

  it('checks the trigger’s own expressions against what the trigger receives', () => {
    const mail = exampleWorkflows.emailAutoResponder;
    const key = workflowExpressionSpec(mail, { trigger: 'idempotencyKey' })!;
    expect(checkSource('headers["x-message-id"]', key).ok).toBe(true);
    expect(checkSource('trigger.body.id', key).ok).toBe(false);
  });

  it('checks nothing for a step the start never reaches, or one that is gone', () => {
    const def = exampleWorkflows.dailyDigestBot;
    const cut = {
      ...def,
      steps: def.steps.map((s) => (s.id === 'list_repos' ? { ...s, onError: undefined } : s)),
    };
    expect(workflowExpressionSpec(cut as WorkflowDefinition, { stepId: 'report_failure' })).toBeUndefined();
    expect(workflowExpressionSpec(def, { stepId: 'gone' })).toBeUndefined();
  });
});
