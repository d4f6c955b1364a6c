import { z } from 'zod';
import { formatPath } from '../../runtime/definitions/result.ts';

/**
 * How much a finding matters:
 * - `blocker`: publishing or activating would expose data, money or other people; it stops until fixed.
 * - `warning`: probably a mistake with a security cost; shown, never stops.
 * - `info`: worth a look; shown, never stops.
 */
export const Severity = z.enum(['blocker', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** One problem the security review found: which rule, how bad, where, and what to do about it. */
export const Finding = z.strictObject({
  /** Stable and namespaced by definition kind, e.g. `app.public-write-all`. */
  ruleId: z.string().regex(/^(app|workflow|code)\.[a-z0-9]+(-[a-z0-9]+)*$/, 'must be like app.rule-name'),
  severity: Severity,
  /** Where in the definition, formatted like validation issues: `views[2].allowedRoles`. */
  path: z.string().min(1),
  /** What is wrong and what to do, in the builder's words. */
  message: z.string().min(1),
});
export type Finding = z.infer<typeof Finding>;

/** Builds a finding, formatting `path` the way validation issues are formatted. */
export function finding(
  ruleId: string,
  severity: Severity,
  path: readonly PropertyKey[],
  message: string,
): Finding {
  return { ruleId, severity, path: formatPath(path), message };
}

/** Whether the findings stop publication (or activation): any blocker does. */
export function blocks(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'blocker');
}

const RANK: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

/** Blockers first, then warnings, then infos; within a severity, the order the rules found them. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
