import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../../schemas/definitions.ts';
import { stepNodeId, TRIGGER_NODE_ID } from '../../graph/node-ids.ts';
import { applied, deepFreeze, exampleWorkflows, issuesOf } from '../../model/examples.fixture.ts';
import { NEW_BRANCH_HANDLE } from '../../nodes/workflow/step/types.ts';
import { connectFromCanvas } from './connect.ts';

const mail = () => deepFreeze(structuredClone(exampleWorkflows.emailAutoResponder));
const stepOf = (def: WorkflowDefinition, id: string) => def.steps.find((step) => step.id === id)!;
const link = (source: string, target: string, sourceHandle: string | null = null) => ({
  source,
  target,
  sourceHandle,
  targetHandle: null,
});

describe('a link drawn on the workflow canvas', () => {
  it('from a step’s "next" handle sequences the two steps', () => {
    const next = applied(
      connectFromCanvas(mail(), link(stepNodeId('tell_sales'), stepNodeId('hand_to_team'), 'next')),
    );
    expect(stepOf(next.definition, 'tell_sales').next).toBe('hand_to_team');
    expect(issuesOf(next.definition)).toEqual([]);
  });

  it('without a handle id means "next"', () => {
    const next = applied(
      connectFromCanvas(mail(), link(stepNodeId('tell_sales'), stepNodeId('hand_to_team'))),
    );
    expect(stepOf(next.definition, 'tell_sales').next).toBe('hand_to_team');
  });

  it('from a branch handle re-points that branch, and from "on error" sets the error path', () => {
    const branch = applied(
      connectFromCanvas(mail(), link(stepNodeId('route_reply'), stepNodeId('reply_sales'), 'branch:refunds')),
    ).definition;
    const step = stepOf(branch, 'route_reply');
    expect(step.kind === 'condition' && step.branches.find((b) => b.id === 'refunds')!.next).toBe(
      'reply_sales',
    );
    const error = applied(
      connectFromCanvas(mail(), link(stepNodeId('tell_sales'), stepNodeId('hand_to_team'), 'onError')),
    ).definition;
    expect(stepOf(error, 'tell_sales').onError).toBe('hand_to_team');
  });

  it('from a condition’s "+ branch" handle adds a branch leading there', () => {
    const next = applied(
      connectFromCanvas(
        mail(),
        link(stepNodeId('route_reply'), stepNodeId('reply_sales'), NEW_BRANCH_HANDLE),
      ),
    ).definition;
    const step = stepOf(next, 'route_reply');
    expect(step.kind === 'condition' && step.branches.at(-1)).toMatchObject({
      next: 'reply_sales',
      when: 'false',
    });
  });

  it('from the trigger makes the target the start step', () => {
    const next = applied(
      connectFromCanvas(mail(), link(TRIGGER_NODE_ID, stepNodeId('decide_reply'))),
    ).definition;
    expect(next.start).toBe('decide_reply');
  });

  it.each([
    ['into the trigger', link(stepNodeId('tell_sales'), TRIGGER_NODE_ID), /trigger/],
    ['a step to itself', link(stepNodeId('tell_sales'), stepNodeId('tell_sales')), /itself/],
    ['back into a loop', link(stepNodeId('hand_to_team'), stepNodeId('classify_email')), /endless loop/],
    [
      'from an output the step lacks',
      link(stepNodeId('tell_sales'), stepNodeId('hand_to_team'), 'otherwise'),
      /no output/,
    ],
    [
      '"+ branch" of a step that is no condition',
      link(stepNodeId('tell_sales'), stepNodeId('hand_to_team'), NEW_BRANCH_HANDLE),
      /condition/,
    ],
    ['to a missing step', link(stepNodeId('tell_sales'), stepNodeId('ghost')), /no step/],
    [
      'to something that is not a step',
      link(stepNodeId('tell_sales'), 'table:recipes'),
      /only lead to a step/,
    ],
    [
      'from a missing step',
      link(stepNodeId('ghost'), stepNodeId('tell_sales')),
      /starts at the trigger or at a step/,
    ],
    ['dropped nowhere', { source: stepNodeId('tell_sales'), target: null }, /Drop the link/],
  ])('is refused %s, with a reason', (_, connection, reason) => {
    const result = connectFromCanvas(mail(), connection as Parameters<typeof connectFromCanvas>[1]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
