import type { BuilderUsage, Plan, PlanLimits } from '../../../schemas/index.ts';

/** Each usage figure the server measures, paired with the plan limit it is enforced against. */
export const USAGE_LIMITS = [
  { usage: 'activeFeatures', limit: 'activeFeatures', label: 'Active features', unit: 'count' },
  { usage: 'publishedApps', limit: 'publishedApps', label: 'Published apps', unit: 'count' },
  {
    usage: 'largestAppRows',
    limit: 'rowsPerApp',
    label: 'Rows (largest app)',
    limitLabel: 'Rows per app',
    unit: 'count',
  },
  { usage: 'artifactBytes', limit: 'artifactBytes', label: 'Artifact storage', unit: 'bytes' },
  {
    usage: 'workflowExecutionsLastHour',
    limit: 'workflowExecutionsPerHour',
    label: 'Workflow runs (last hour)',
    limitLabel: 'Workflow runs per hour',
    unit: 'count',
  },
] as const satisfies readonly {
  usage: keyof BuilderUsage;
  limit: Exclude<keyof PlanLimits, 'id'>;
  /** The figure as measured; `limitLabel` names the limit when it reads differently. */
  label: string;
  limitLabel?: string;
  unit: 'count' | 'bytes';
}[];

export type UsageLimit = (typeof USAGE_LIMITS)[number];

/** Limits a plan has that no stored usage is measured against; shown as plan facts. */
const OTHER_LIMITS = [
  { limit: 'appRequestsPerMinute', label: 'Requests per minute per app', unit: 'count' },
  { limit: 'executionTimeoutSeconds', label: 'Seconds per workflow execution', unit: 'count' },
] as const;

export interface UsageMeasure {
  usage: keyof BuilderUsage;
  label: string;
  used: number;
  /** null = unlimited on this plan. */
  max: number | null;
  unit: 'count' | 'bytes';
  /** 0–1 of the limit, capped at 1; 0 when unlimited. */
  fraction: number;
  tone: 'ok' | 'near' | 'over';
}

/** Amber from 80 % of a limit: the builder will soon run into it. */
const NEAR = 0.8;

export function measure(used: number, max: number | null): Pick<UsageMeasure, 'fraction' | 'tone'> {
  if (max === null) return { fraction: 0, tone: 'ok' };
  if (max === 0) return { fraction: 1, tone: used > 0 ? 'over' : 'near' };
  const ratio = used / max;
  return { fraction: Math.min(1, ratio), tone: ratio >= 1 ? 'over' : ratio >= NEAR ? 'near' : 'ok' };
}

/** A builder's usage against each limit of a plan, in the order of `USAGE_LIMITS`. */
export function usageAgainst(usage: BuilderUsage, plan: PlanLimits): UsageMeasure[] {
  return USAGE_LIMITS.map((item) => {
    const used = usage[item.usage];
    const max = plan[item.limit];
    return { usage: item.usage, label: item.label, used, max, unit: item.unit, ...measure(used, max) };
  });
}

/** The limits a builder is already at or past on `plan`: what a downgrade would block. */
export function limitsReachedOn(usage: BuilderUsage, plan: PlanLimits): UsageMeasure[] {
  return usageAgainst(usage, plan).filter((m) => m.max !== null && m.used >= m.max);
}

export interface LimitChange {
  label: string;
  from: string;
  to: string;
}

/** Every limit that differs between two plans, written for people. */
export function planDifferences(from: PlanLimits, to: PlanLimits): LimitChange[] {
  const all = [
    ...USAGE_LIMITS.map((item) => ({ ...item, label: 'limitLabel' in item ? item.limitLabel : item.label })),
    ...OTHER_LIMITS,
  ];
  return all
    .filter((item) => from[item.limit] !== to[item.limit])
    .map((item) => ({
      label: item.label,
      from: formatLimit(from[item.limit], item.unit),
      to: formatLimit(to[item.limit], item.unit),
    }));
}

const counts = new Intl.NumberFormat('en');

export function formatAmount(value: number, unit: 'count' | 'bytes'): string {
  return unit === 'bytes' ? formatBytes(value) : counts.format(value);
}

export function formatLimit(value: number | null, unit: 'count' | 'bytes'): string {
  return value === null ? 'unlimited' : formatAmount(value, unit);
}

/** Binary units, as the plans define storage (500 MB = 500 × 1024 × 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export const planLabels: Record<Plan, string> = { free: 'Free', paid: 'Paid' };
