import { describe, expect, it } from 'vitest';
import type { BuilderUsage, PlanLimits } from '../../../schemas/index.ts';
import { formatBytes, limitsReachedOn, measure, planDifferences, usageAgainst } from './usage-limits.ts';

const MB = 1024 * 1024;
const free: PlanLimits = {
  id: 'free',
  activeFeatures: 20,
  artifactBytes: 500 * MB,
  appRequestsPerMinute: 100,
  workflowExecutionsPerHour: 100,
  executionTimeoutSeconds: 30,
  rowsPerApp: 10_000,
  publishedApps: 3,
};
const paid: PlanLimits = {
  ...free,
  id: 'paid',
  appRequestsPerMinute: 1000,
  workflowExecutionsPerHour: 1000,
  executionTimeoutSeconds: 120,
  rowsPerApp: 100_000,
  publishedApps: null,
};
const usage: BuilderUsage = {
  activeFeatures: 16,
  publishedApps: 5,
  largestAppRows: 12_000,
  totalRows: 20_000,
  artifactBytes: 10 * MB,
  workflowExecutionsLastHour: 3,
};

describe('admin page: usage against the limits of a plan', () => {
  it('marks a figure amber from 80 % of its limit and red at the limit', () => {
    expect(measure(79, 100)).toEqual({ fraction: 0.79, tone: 'ok' });
    expect(measure(80, 100)).toEqual({ fraction: 0.8, tone: 'near' });
    expect(measure(100, 100)).toEqual({ fraction: 1, tone: 'over' });
    expect(measure(150, 100)).toEqual({ fraction: 1, tone: 'over' });
    expect(measure(5_000, null)).toEqual({ fraction: 0, tone: 'ok' });
  });

  it('measures the largest app against rows per app and storage against bytes', () => {
    const rows = usageAgainst(usage, free);
    expect(rows.map((m) => [m.label, m.used, m.max, m.tone])).toEqual([
      ['Active features', 16, 20, 'near'],
      ['Published apps', 5, 3, 'over'],
      ['Rows (largest app)', 12_000, 10_000, 'over'],
      ['Artifact storage', 10 * MB, 500 * MB, 'ok'],
      ['Workflow runs (last hour)', 3, 100, 'ok'],
    ]);
  });

  it('names what a move to the free plan would block, and nothing on the paid plan', () => {
    expect(limitsReachedOn(usage, free).map((m) => m.label)).toEqual([
      'Published apps',
      'Rows (largest app)',
    ]);
    expect(limitsReachedOn(usage, paid)).toEqual([]);
  });

  it('lists only the limits that differ between two plans', () => {
    expect(planDifferences(free, paid)).toEqual([
      { label: 'Published apps', from: '3', to: 'unlimited' },
      { label: 'Rows per app', from: '10,000', to: '100,000' },
      { label: 'Workflow runs per hour', from: '100', to: '1,000' },
      { label: 'Requests per minute per app', from: '100', to: '1,000' },
      { label: 'Seconds per workflow execution', from: '30', to: '120' },
    ]);
  });

  it('writes bytes in the binary units the plans use', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3345)).toBe('3.3 KB');
    expect(formatBytes(500 * MB)).toBe('500 MB');
    expect(formatBytes(1.5 * 1024 * MB)).toBe('1.5 GB');
  });
});
