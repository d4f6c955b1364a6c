import { describe, expect, it } from 'vitest';
import { buildReadiness, parseTokenBudget } from './build-readiness.ts';
import { budgetPercent, formatCost, formatDuration, formatTokens } from './format.ts';
import { buildSteps, isBuilding } from './stage-steps.ts';
import { zipFilename } from './zip-filename.ts';

const idle = { activity: null, failedStage: null, failureReason: null, job: null } as const;

describe('buildSteps', () => {
  it('shows every step pending while the builder is still chatting', () => {
    expect(buildSteps({ ...idle, status: 'drafting' }).map((s) => s.state)).toEqual(Array(6).fill('pending'));
  });

  it('marks earlier stages done and the running one with what the agent is doing', () => {
    const steps = buildSteps({
      ...idle,
      status: 'testing',
      activity: 'Writing contract tests',
      job: { stage: 'testing', status: 'running', attempts: 1 },
    });
    expect(steps.map((s) => `${s.key}:${s.state}`)).toEqual([
      'spec:done',
      'planning:done',
      'testing:running',
      'implementing:pending',
      'reviewing:pending',
      'approval:pending',
    ]);
    expect(steps[2]?.detail).toBe('Writing contract tests');
  });

  it('says a queued stage is waiting for a worker when there is no activity yet', () => {
    const steps = buildSteps({
      ...idle,
      status: 'spec',
      job: { stage: 'spec', status: 'queued', attempts: 0 },
    });
    expect(steps[0]).toMatchObject({ state: 'running', detail: 'Waiting for a worker…' });
  });

  it('puts the failure on the stage that failed, with its reason', () => {
    const steps = buildSteps({
      ...idle,
      status: 'failed',
      failedStage: 'implementing',
      failureReason: 'Token budget of 10,000 used up',
    });
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'failed', 'pending', 'pending']);
    expect(steps[3]?.detail).toBe('Token budget of 10,000 used up');
  });

  it('waits on the builder once the review is done, and is all done after approval', () => {
    expect(buildSteps({ ...idle, status: 'awaiting_approval' }).map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'waiting',
    ]);
    expect(buildSteps({ ...idle, status: 'done' }).every((s) => s.state === 'done')).toBe(true);
  });

  it('knows which states are a running build', () => {
    expect(isBuilding('planning')).toBe(true);
    expect(isBuilding('awaiting_approval')).toBe(false);
    expect(isBuilding('drafting')).toBe(false);
  });
});

describe('buildReadiness', () => {
  it('asks for a key first, then a mode', () => {
    expect(
      buildReadiness({ status: 'drafting', keyConfigured: false, mode: 'components', recommendedMode: null }),
    ).toMatchObject({
      ready: false,
      settingsLink: true,
    });
    const noMode = buildReadiness({
      status: 'drafting',
      keyConfigured: true,
      mode: null,
      recommendedMode: null,
    });
    expect(noMode.ready).toBe(false);
    expect(!noMode.ready && noMode.reason).toMatch(/Choose a mode/);
    expect(
      buildReadiness({ status: 'drafting', keyConfigured: true, mode: 'code', recommendedMode: null }),
    ).toEqual({ ready: true });
    // The server builds in the recommended mode when none was chosen.
    expect(
      buildReadiness({ status: 'drafting', keyConfigured: true, mode: null, recommendedMode: 'components' }),
    ).toEqual({ ready: true });
  });
});

describe('parseTokenBudget', () => {
  it('leaves the budget to the platform when empty and accepts thousands separators', () => {
    expect(parseTokenBudget('  ')).toEqual({ body: {} });
    expect(parseTokenBudget('250,000')).toEqual({ body: { tokenBudget: 250_000 } });
  });

  it('names the field and the limit it broke', () => {
    expect(parseTokenBudget('500')).toEqual({ error: 'Token budget must be at least 10,000 tokens.' });
    expect(parseTokenBudget('9000000')).toEqual({ error: 'Token budget must be at most 5,000,000 tokens.' });
    expect(parseTokenBudget('lots')).toEqual({ error: 'Token budget must be a whole number, like 200000.' });
  });
});

describe('formatting', () => {
  it('formats tokens, cost, durations and the budget meter', () => {
    expect(formatTokens(12345)).toBe('12,345');
    expect(formatTokens(1_500_000)).toBe('1.5M');
    expect(formatTokens(2_000_000)).toBe('2M');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.0042)).toBe('$0.0042');
    expect(formatCost(1.234)).toBe('$1.23');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(budgetPercent(50_000, 200_000)).toBe(25);
    expect(budgetPercent(300_000, 200_000)).toBe(100);
  });
});

describe('zipFilename', () => {
  it('makes a safe file name from the title', () => {
    expect(zipFilename('Recipe scaler (v2)')).toBe('recipe-scaler-v2.zip');
    expect(zipFilename('Crème brûlée timer')).toBe('creme-brulee-timer.zip');
    expect(zipFilename('???')).toBe('code.zip');
  });
});
