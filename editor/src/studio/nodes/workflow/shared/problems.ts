import type { Problem } from '../../../store/problems.ts';

/** `steps[3]`: where the validator's paths for a step begin (or undefined when it is gone). */
export function stepPath(steps: readonly { id: string }[], stepId: string): string | undefined {
  const index = steps.findIndex((step) => step.id === stepId);
  return index < 0 ? undefined : `steps[${index}]`;
}

/** Whether `path` is `prefix` or lies inside it (`steps[3].path` is inside `steps[3]`, `steps[30]` is not). */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The messages of the problems at or inside `prefix`, for the input that edits it. */
export function messagesAt(problems: readonly Problem[] | undefined, prefix: string | undefined): string[] {
  if (!problems || prefix === undefined) return [];
  return problems.filter((problem) => isUnder(problem.path, prefix)).map((problem) => problem.message);
}

/** `values[0].fieldId` for a problem at `steps[3].values[0].fieldId` under `steps[3]`: what the panel lists. */
export function relativePath(path: string, prefix: string | undefined): string {
  if (prefix === undefined || !isUnder(path, prefix)) return path;
  return path.slice(prefix.length).replace(/^\./, '');
}
