import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../../runtime/definitions/index.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import { polling, short, step, workflow } from './review.fixtures.ts';
import {
  frequentSchedule,
  minutesPerHour,
  reviewWorkflow,
  unverifiedWebhook,
  workflowPastedSecrets,
} from './workflow-rules.ts';

describe('the fixture', () => {
  it('is a valid workflow the review has nothing to say about', () => {
    expect(validateWorkflow(workflow()).ok).toBe(true);
    expect(reviewWorkflow(workflow())).toEqual([]);
  });
});

describe('workflow.unverified-webhook', () => {
  const unverified = (change: (w: WorkflowDefinition) => void = () => {}) =>
    workflow((w) => {
      if (w.trigger.kind === 'webhook') w.trigger.verification = { kind: 'none' };
      change(w);
    });

  it('blocks an unverified webhook that sends messages and calls APIs that change data', () => {
    const findings = unverifiedWebhook(unverified());
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.unverified-webhook', severity: 'blocker', path: 'trigger.verification' },
    ]);
    expect(findings[0]!.message).toContain('sends messages ("Page on-call")');
    expect(findings[0]!.message).toContain('calls an API with POST ("Tag the ticket")');
  });

  it('only warns when the workflow reads, and mentions the AI credits it spends', () => {
    const readOnly = unverified((w) => {
      w.steps = w.steps.filter((s) => s.id === 'classify');
      delete w.steps[0]!.next;
    });
    const findings = unverifiedWebhook(readOnly);
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.unverified-webhook', severity: 'warning', path: 'trigger.verification' },
    ]);
    expect(findings[0]!.message).toContain('AI credits');
  });

  it('stays quiet for a signed webhook', () => {
    expect(unverifiedWebhook(workflow())).toEqual([]);
  });
});

describe('workflow.polling-too-often and workflow.cron-too-often', () => {
  it('points out polling more often than every 5 minutes', () => {
    expect(short(frequentSchedule(polling(1)))).toEqual([
      { ruleId: 'workflow.polling-too-often', severity: 'info', path: 'trigger.intervalMinutes' },
    ]);
    expect(frequentSchedule(polling(5))).toEqual([]);
  });

  it('points out a cron schedule more often than every 5 minutes', () => {
    const cron = (expression: string) =>
      workflow((w) => (w.trigger = { kind: 'cron', cron: expression, timezone: 'Europe/Berlin' }));
    expect(short(frequentSchedule(cron('*/2 * * * *')))).toEqual([
      { ruleId: 'workflow.cron-too-often', severity: 'info', path: 'trigger.cron' },
    ]);
    expect(frequentSchedule(cron('*/5 8-18 * * 1-5'))).toEqual([]);
    expect(frequentSchedule(cron('0 8 * * *'))).toEqual([]);
  });

  it('counts the minutes of a cron minute field', () => {
    expect(minutesPerHour('*')).toBe(60);
    expect(minutesPerHour('*/15')).toBe(4);
    expect(minutesPerHour('5/20')).toBe(3);
    expect(minutesPerHour('0-10,30')).toBe(12);
  });
});

describe('workflow.pasted-secret', () => {
  it('blocks a token pasted into an AI instruction', () => {
    const token = `xoxb-${'1234567890'.repeat(3)}`;
    const findings = workflowPastedSecrets(
      workflow((w) => (step(w, 'classify', 'ai').instructions = `Post with ${token}`)),
    );
    expect(short(findings)).toEqual([
      { ruleId: 'workflow.pasted-secret', severity: 'blocker', path: 'steps[0].instructions' },
    ]);
    expect(findings[0]!.message).toContain('a Slack token');
  });

  it('stays quiet on ordinary text', () => {
    expect(workflowPastedSecrets(workflow())).toEqual([]);
  });
});
