import type { ChangeEntity } from '../../../../runtime/definitions/diff-change.ts';
import type { DefinitionIssue } from '../../../../runtime/definitions/index.ts';
import { quoted } from './edit-result.ts';

/** The part of a definition an issue path points into, by id, so the canvas can find its node. */
export interface IssueLocation {
  entity: ChangeEntity;
  id?: string;
  /** For a field: its table. */
  tableId?: string;
  /** What a person reads: `field "Price" of table "Orders"`. */
  name: string;
}

type Named = { id?: unknown; label?: unknown; fields?: unknown };

const LISTS: Record<string, ChangeEntity> = {
  tables: 'table',
  views: 'view',
  automations: 'automation',
  steps: 'step',
  connections: 'connection',
  secrets: 'secret',
  navigation: 'navigation',
};

function item(list: unknown, index: number): Named | undefined {
  const value = Array.isArray(list) ? list[index] : undefined;
  return typeof value === 'object' && value !== null ? (value as Named) : undefined;
}

function nameOf(what: string, part: Named | undefined, fallback: string): string {
  const label =
    typeof part?.label === 'string' ? part.label : typeof part?.id === 'string' ? part.id : fallback;
  return `${what} ${quoted(label)}`;
}

function idOf(part: Named | undefined): string | undefined {
  return typeof part?.id === 'string' ? part.id : undefined;
}

/**
 * Where `tables[2].fields[3].label` or `steps[1].next` points: read from the definition the issue
 * was found in, and tolerant of a draft whose shape is broken (an unknown part has no id).
 */
export function locateIssue(definition: object, path: string): IssueLocation {
  const root = definition as Record<string, unknown>;
  const top = /^(\w+)\[(\d+)\](?:\.fields\[(\d+)\])?/.exec(path);
  if (top) {
    const [, list, index, fieldIndex] = top;
    const entity = LISTS[list!];
    const part = item(root[list!], Number(index));
    if (entity === 'table' && fieldIndex !== undefined) {
      const field = item(part?.fields, Number(fieldIndex));
      const id = idOf(field);
      return {
        entity: 'field',
        ...(id ? { id } : {}),
        ...(idOf(part) ? { tableId: idOf(part) } : {}),
        name: `${nameOf('field', field, `#${Number(fieldIndex) + 1}`)} of ${nameOf('table', part, '?')}`,
      };
    }
    if (entity) {
      const id = entity === 'navigation' ? (part as { viewId?: unknown } | undefined)?.viewId : idOf(part);
      return {
        entity,
        ...(typeof id === 'string' ? { id } : {}),
        name: nameOf(entity, part, `#${Number(index) + 1}`),
      };
    }
  }
  const head = path.split(/[.[]/)[0] ?? '';
  if (head === 'trigger' || head === 'start') return { entity: 'trigger', name: 'the trigger' };
  if (head === 'access') return { entity: 'access', name: 'access' };
  const kind = root.kind === 'workflow' ? 'workflow' : 'app';
  return { entity: kind, name: `the ${kind}` };
}

/** Issues of `after` that `before` did not have (compared by message, so shifted indices do not count). */
export function newIssues(
  before: readonly DefinitionIssue[],
  after: readonly DefinitionIssue[],
): DefinitionIssue[] {
  const seen = new Map<string, number>();
  for (const issue of before) seen.set(issue.message, (seen.get(issue.message) ?? 0) + 1);
  return after.filter((issue) => {
    const count = seen.get(issue.message) ?? 0;
    if (count > 0) seen.set(issue.message, count - 1);
    return count === 0;
  });
}

/** `view "Board": kanban columns come from a select field` — at most `max` of them, then a count. */
export function describeIssues(definition: object, issues: readonly DefinitionIssue[], max = 3): string {
  const lines = issues
    .slice(0, max)
    .map((issue) => `${locateIssue(definition, issue.path).name}: ${issue.message}`);
  if (issues.length > max) lines.push(`and ${issues.length - max} more`);
  return lines.join('; ');
}
