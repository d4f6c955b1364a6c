import type { z } from 'zod';

/** One problem a person can act on: where (`views[2].groupByFieldId`) and what. */
export interface DefinitionIssue {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: DefinitionIssue[] };

/** `['views', 2, 'groupByFieldId']` → `views[2].groupByFieldId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Zod's shape errors in the same form as the semantic ones. */
export function shapeIssues(error: z.ZodError): DefinitionIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys')
      return { path, message: `unknown field(s): ${issue.keys.join(', ')}` };
    if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
      return { path, message: 'is required' };
    return { path, message: issue.message };
  });
}

/** Collects issues while a validator walks a definition. */
export class IssueList {
  readonly issues: DefinitionIssue[] = [];
  add(path: readonly PropertyKey[], message: string) {
    this.issues.push({ path: formatPath(path), message });
  }
  get empty() {
    return this.issues.length === 0;
  }
}
