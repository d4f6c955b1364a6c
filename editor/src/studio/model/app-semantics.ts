import { type DefinitionIssue, validateApp } from '../../../../runtime/definitions/index.ts';
import { AppDefinition } from '../../../../schemas/definitions.ts';
import { describeIssues, newIssues } from './issue-location.ts';

const memo = new WeakMap<AppDefinition, DefinitionIssue[] | null>();

/**
 * The validator's issues of an app (the server's own function), or null when the app does not
 * have the schema's shape — then an edit cannot tell what it broke, and checks nothing.
 * Memoised per definition object: edits share untouched definitions, so undo costs nothing.
 */
export function appIssues(app: AppDefinition): DefinitionIssue[] | null {
  const cached = memo.get(app);
  if (cached !== undefined) return cached;
  const issues = AppDefinition.safeParse(app).success
    ? (() => {
        const result = validateApp(app);
        return result.ok ? [] : result.errors;
      })()
    : null;
  memo.set(app, issues);
  return issues;
}

/** `tables[2].fields[5]`: where a field sits now, as issue paths spell it. */
export function fieldPath(app: AppDefinition, tableId: string, fieldId: string): string | undefined {
  const t = app.tables.findIndex((table) => table.id === tableId);
  const f = app.tables[t]?.fields.findIndex((field) => field.id === fieldId) ?? -1;
  return t >= 0 && f >= 0 ? `tables[${t}].fields[${f}]` : undefined;
}

/** The issues `after` has that `before` did not, or none when either cannot be checked. */
export function introducedIssues(before: AppDefinition, after: AppDefinition): DefinitionIssue[] {
  const was = appIssues(before);
  const now = appIssues(after);
  if (was === null || now === null) return [];
  return newIssues(was, now);
}

/** Splits issues into those on one part (`prefix`, e.g. a field's path) and the rest. */
export function issuesUnder(
  issues: readonly DefinitionIssue[],
  prefix: string,
): { own: DefinitionIssue[]; elsewhere: DefinitionIssue[] } {
  const own: DefinitionIssue[] = [];
  const elsewhere: DefinitionIssue[] = [];
  for (const issue of issues) {
    const mine =
      issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`);
    (mine ? own : elsewhere).push(issue);
  }
  return { own, elsewhere };
}

/** The reason an edit is refused because of what it would break elsewhere. */
export function wouldBreak(what: string, app: AppDefinition, issues: readonly DefinitionIssue[]): string {
  return `${what} would break ${describeIssues(app, issues)}. Change those first.`;
}
