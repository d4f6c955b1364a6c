import type { Field, FieldType, Table } from '../../schemas/definitions.ts';
import { checkExpression, typeToString } from '../expr/index.ts';
import type { ExprContext, ExprType } from '../expr/types.ts';
import type { AppIndex } from './app-context.ts';
import type { IssueList } from './result.ts';

export type Path = readonly PropertyKey[];

/** Type-checks one expression and files its errors under `path`. */
export function checkExpr(
  issues: IssueList,
  path: Path,
  source: string,
  context: ExprContext,
  expected?: ExprType,
): void {
  const result = checkExpression(source, context, expected);
  if (!result.ok) for (const error of result.errors) issues.add(path, error.message);
}

/** Reports ids that occur more than once in `items`, at the later occurrences. */
export function checkUniqueIds(
  issues: IssueList,
  path: Path,
  items: readonly { id: string }[],
  what: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      issues.add([...path, i, 'id'], `${what} id "${item.id}" is used twice; ids must be unique`);
    seen.add(item.id);
  });
}

/** Names close to a misspelt one, for "did you mean" hints. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * Resolves a field reference of a table, filing "no field X in table Y (did you mean Z?)" when it
 * does not exist, and "field X is a T field, but …" when `allowed` rules out its type.
 */
export function resolveField(
  issues: IssueList,
  path: Path,
  index: AppIndex,
  table: Table,
  fieldId: string,
  allowed?: { types: ReadonlySet<FieldType> | readonly FieldType[]; why: string },
): Field | undefined {
  const field = index.field(table.id, fieldId);
  if (!field) {
    const hint = closest(fieldId, index.fieldIds(table.id));
    issues.add(
      path,
      `table "${table.label}" has no field "${fieldId}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
    );
    return undefined;
  }
  if (allowed) {
    const types =
      allowed.types instanceof Set ? allowed.types : new Set(allowed.types as readonly FieldType[]);
    if (!types.has(field.type)) {
      issues.add(path, `field "${fieldId}" is a ${field.type.replace('_', ' ')} field, but ${allowed.why}`);
      return undefined;
    }
  }
  return field;
}

export { typeToString };

/**
 * Cycles in a directed graph of `count` nodes, one per back edge found by a depth-first search
 * (linear in nodes + edges), each as a path that ends where it starts.
 */
export function findCycles(count: number, edges: (node: number) => readonly number[]): number[][] {
  const state = new Uint8Array(count); // 0 new, 1 on the stack, 2 done
  const stack: number[] = [];
  const cycles: number[][] = [];
  const visit = (node: number) => {
    state[node] = 1;
    stack.push(node);
    for (const next of edges(node)) {
      if (state[next] === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state[next] === 0) visit(next);
    }
    stack.pop();
    state[node] = 2;
  };
  for (let node = 0; node < count; node++) if (state[node] === 0) visit(node);
  return cycles;
}
