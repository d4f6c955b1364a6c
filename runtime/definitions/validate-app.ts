import { AppDefinition } from '../../schemas/definitions.ts';
import { AppIndex } from './app-context.ts';
import { IssueList, shapeIssues, type ValidationResult } from './result.ts';
import { validateAccess, validateAutomations, validateTableLogic } from './validate-app-logic.ts';
import { validateTables } from './validate-app-tables.ts';
import { validateViews } from './validate-app-views.ts';

/**
 * Checks an app definition: its shape (Zod), then everything shape cannot say — unique ids,
 * references that resolve, expressions that type-check, no cycles, well-formed state machines —
 * returning every problem at once, each with the path a person (or the editor) can go to.
 * The editor and the server both call this one function.
 */
export function validateApp(input: unknown): ValidationResult<AppDefinition> {
  const parsed = AppDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, errors: shapeIssues(parsed.error) };
  const issues = new IssueList();
  const index = new AppIndex(parsed.data);
  validateTables(issues, index);
  validateTableLogic(issues, index);
  validateViews(issues, index);
  validateAccess(issues, index);
  validateAutomations(issues, index);
  return issues.empty ? { ok: true, value: parsed.data } : { ok: false, errors: issues.issues };
}
