import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../../../schemas/index.ts';
import { exampleWorkflows } from '../../studio/model/examples.fixture.ts';
import { describeOutcome, formatDuration, outcomesByNode, recordsOfStep } from './run-outcomes.ts';

// The daily digest: list_repos → post_header → digest_each_repo (for-each over fetch_merged →
// summarise_repo → post_summary); list_repos fails over to report_failure.
const digest = exampleWorkflows.dailyDigestBot;

function record(stepId: string, extra: Partial<StepRecord> = {}): StepRecord {
  return {
    stepId,
    kind: 'call_api',
    status: 'succeeded',
    input: {},
    startedAt: '2026-11-26T08:00:00.000Z',
    durationMs: 10,
    attempts: 1,
    ...extra,
  };
}

describe('outcomesByNode', () => {
  it('colours each step by its record and marks steps without one as not reached', () => {
    const outcomes = outcomesByNode(
      { status: 'failed', steps: [record('list_repos', { status: 'failed', attempts: 3, durationMs: 900 })] },
      digest,
    );
    expect(outcomes.get('trigger')?.status).toBe('succeeded');
    expect(outcomes.get('step:list_repos')).toMatchObject({ status: 'failed', attempts: 3, durationMs: 900 });
    expect(outcomes.get('step:post_header')?.status).toBe('not_reached');
    expect(outcomes.get('step:report_failure')?.status).toBe('not_reached');
  });

  it('marks the steps a re-run kept from the earlier run as kept, not as not reached', () => {
    const rerun = {
      status: 'succeeded' as const,
      steps: [record('post_header')],
      rerunOf: { runId: '00000000-0000-4000-8000-000000000001', fromStep: 'post_header' },
    };
    const outcomes = outcomesByNode(rerun, digest);
    expect(outcomes.get('step:list_repos')?.status).toBe('kept');
    expect(outcomes.get('step:post_header')?.status).toBe('succeeded');
    expect(outcomes.get('step:report_failure')?.status).toBe('not_reached');
    expect(describeOutcome(outcomes.get('step:list_repos')!)).toBe('Kept from the earlier run');
    // The same records in a run that is not a re-run: the first step was simply not reached.
    expect(outcomesByNode({ ...rerun, rerunOf: null }, digest).get('step:list_repos')?.status).toBe(
      'not_reached',
    );
  });

  it('says "waiting" rather than "not reached" while the run is still moving', () => {
    const outcomes = outcomesByNode({ status: 'running', steps: [record('list_repos')] }, digest);
    expect(outcomes.get('step:post_header')?.status).toBe('waiting');
    expect(outcomes.get('step:list_repos')?.status).toBe('succeeded');
  });

  it('folds the per-item records of a for-each body and counts the loop’s items', () => {
    const steps = [
      record('digest_each_repo', { kind: 'for_each', durationMs: 300 }),
      ...[0, 1, 2].flatMap((item) => [
        record('fetch_merged', { item, durationMs: 20 }),
        record('summarise_repo', {
          item,
          kind: 'ai',
          status: item === 1 ? 'failed' : 'succeeded',
          attempts: item === 1 ? 2 : 1,
        }),
      ]),
    ];
    const outcomes = outcomesByNode({ status: 'failed', steps }, digest);
    expect(outcomes.get('step:digest_each_repo')).toMatchObject({ status: 'succeeded', items: 3 });
    expect(outcomes.get('step:fetch_merged')).toMatchObject({
      status: 'succeeded',
      executions: 3,
      durationMs: 60,
    });
    expect(outcomes.get('step:summarise_repo')).toMatchObject({
      status: 'failed',
      executions: 3,
      failures: 1,
      attempts: 2,
    });
    expect(describeOutcome(outcomes.get('step:digest_each_repo')!)).toContain('3 items');
    expect(describeOutcome(outcomes.get('step:summarise_repo')!)).toBe(
      'Failed · 1 of 3 failed · 2 attempts · 30 ms',
    );
  });

  it('takes a loop’s item count from its recorded list when the body never ran', () => {
    const steps = [record('digest_each_repo', { kind: 'for_each', output: { items: [{}, {}, {}, {}] } })];
    expect(outcomesByNode({ status: 'succeeded', steps }, digest).get('step:digest_each_repo')?.items).toBe(
      4,
    );
    const empty = [record('digest_each_repo', { kind: 'for_each', output: [] })];
    expect(
      outcomesByNode({ status: 'succeeded', steps: empty }, digest).get('step:digest_each_repo')?.items,
    ).toBe(0);
  });

  it('marks a step skipped when all its records are skipped, and keeps the branch a condition took', () => {
    const steps = [
      record('post_header', { status: 'skipped' }),
      record('list_repos', { branch: 'otherwise' }),
    ];
    const outcomes = outcomesByNode({ status: 'succeeded', steps }, digest);
    expect(outcomes.get('step:post_header')?.status).toBe('skipped');
    expect(outcomes.get('step:list_repos')?.branch).toBe('otherwise');
  });

  it('ignores records of steps the draft no longer has', () => {
    const outcomes = outcomesByNode({ status: 'succeeded', steps: [record('gone_step')] }, digest);
    expect(outcomes.has('step:gone_step')).toBe(false);
    expect(outcomes.size).toBe(digest.steps.length + 1);
  });
});

describe('recordsOfStep', () => {
  it('orders a step’s records by item', () => {
    const steps = [record('fetch_merged', { item: 2 }), record('other'), record('fetch_merged', { item: 0 })];
    expect(recordsOfStep(steps, 'fetch_merged').map((r) => r.item)).toEqual([0, 2]);
  });
});

describe('formatDuration', () => {
  it('reads milliseconds, seconds and minutes', () => {
    expect(formatDuration(120)).toBe('120 ms');
    expect(formatDuration(1_240)).toBe('1.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
});
