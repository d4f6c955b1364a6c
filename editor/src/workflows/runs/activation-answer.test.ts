import { describe, expect, it } from 'vitest';
import { ActivationAnswer, isBlocked } from './activation-answer.ts';

const finding = {
  ruleId: 'webhook-unverified-writes',
  severity: 'blocker',
  path: 'trigger',
  message: 'Verify it',
};

describe('ActivationAnswer', () => {
  it('reads a 422 that repeats the status beside its error as blocked, keeping the findings', () => {
    const answer = ActivationAnswer.parse({
      status: 'draft',
      activeVersion: null,
      findings: [finding],
      webhookUrl: null,
      error: { code: 'review_blocked', message: 'The security review found 1 blocking problem(s)' },
    });
    expect(isBlocked(answer)).toBe(true);
    expect(answer.findings).toEqual([finding]);
  });

  it('reads a success as active with its webhook address', () => {
    const answer = ActivationAnswer.parse({
      status: 'active',
      activeVersion: 2,
      findings: [{ ...finding, severity: 'warning' }],
      webhookUrl: 'https://example.test/hooks/abc',
    });
    expect(isBlocked(answer)).toBe(false);
    expect(answer).toMatchObject({ status: 'active', activeVersion: 2 });
  });
});
