import { type Definition, diffDefinitions } from './diff.ts';

const MAX_LENGTH = 200;

/**
 * The one line a version's history entry shows: its first change in words, and how many more,
 * e.g. `Added field "Due" to table "Tasks" (+2 more)`. Drafts may be invalid, which the diff
 * handles; it never throws for any JSON.
 */
export function versionSummary(before: unknown, after: unknown): string {
  if (!isObject(before) || !isObject(after)) return 'Replaced the definition';
  const { changes } = diffDefinitions(before as Definition, after as Definition);
  if (changes.length === 0) return 'No changes';
  const first = changes[0]!.summary;
  const line = `${first.charAt(0).toUpperCase()}${first.slice(1)}`;
  const more = changes.length > 1 ? ` (+${changes.length - 1} more)` : '';
  return line.length + more.length > MAX_LENGTH
    ? `${line.slice(0, MAX_LENGTH - more.length - 1)}…${more}`
    : `${line}${more}`;
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
