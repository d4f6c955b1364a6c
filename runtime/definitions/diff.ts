import { AppDefinition, CodeBundle, WorkflowDefinition } from '../../schemas/definitions.ts';
import { diffApp } from './diff-app.ts';
import type { ChangeEntity, DefinitionDiff } from './diff-change.ts';
import { diffCode } from './diff-code.ts';
import { DiffContext } from './diff-entities.ts';
import { jsonDiffPatch } from './diff-json.ts';
import { diffWorkflow } from './diff-workflow.ts';
import { MAX_PATCH_OPERATIONS } from './json-patch.ts';
import { childPointer } from './json-patch-pointer.ts';
import { cloneJson } from './json-patch-value.ts';
import { formatPath } from './result.ts';

export type { ChangeEntity, ChangeKind, DefinitionChange, DefinitionDiff } from './diff-change.ts';
export { jsonDiffPatch } from './diff-json.ts';

export type Definition = AppDefinition | WorkflowDefinition | CodeBundle;

/** The entity that stands for a whole definition of each kind. */
const TOP_ENTITY: Record<Definition['kind'], ChangeEntity> = {
  app: 'app',
  workflow: 'workflow',
  code: 'spec',
};

/**
 * What changed from `a` to `b`, two versions of one definition: `changes` for the reviewer
 * (entities matched by id, so a rename is `renamed` and a reorder `moved`) and `patch`, which
 * turns `a` into `b` exactly (`applyJsonPatch(a, patch)` deep-equals `b`). Two kinds of
 * definition are one change, `kind changed`, and a patch that replaces the document.
 */
export function diffDefinitions(a: Definition, b: Definition): DefinitionDiff {
  if (a.kind !== b.kind) {
    const change = {
      kind: 'changed' as const,
      entity: TOP_ENTITY[b.kind] ?? 'app',
      path: formatPath([]),
      summary: `kind changed from ${a.kind} to ${b.kind}`,
      before: a.kind,
      after: b.kind,
    };
    return { changes: [change], patch: [{ op: 'replace', path: '', value: cloneJson(b) }] };
  }
  if (!hasShape(a) || !hasShape(b)) return rawDiff(a, b);
  const ctx = new DiffContext();
  if (a.kind === 'app') diffApp(ctx, a, b as AppDefinition);
  else if (a.kind === 'workflow') diffWorkflow(ctx, a, b as WorkflowDefinition);
  else diffCode(ctx, a, b as CodeBundle);
  return { changes: ctx.changes, patch: boundedPatch(ctx.patch, a, b) };
}

/**
 * A patch applyJsonPatch accepts: past its limit on operations, one operation per top-level
 * member that changed (coarser colouring in the editor, but the same result).
 */
function boundedPatch(patch: DefinitionDiff['patch'], a: Definition, b: Definition): DefinitionDiff['patch'] {
  if (patch.length <= MAX_PATCH_OPERATIONS) return patch;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => {
    const after = (b as Record<string, unknown>)[key];
    const ops = jsonDiffPatch((a as Record<string, unknown>)[key], after, childPointer('', key));
    // More than one operation means both sides have the member: replace it whole.
    return ops.length <= 1
      ? ops
      : [{ op: 'replace' as const, path: childPointer('', key), value: cloneJson(after) }];
  });
}

const SHAPES = { app: AppDefinition, workflow: WorkflowDefinition, code: CodeBundle } as const;

/** Entity-aware diffing needs well-formed entities; a draft may not have them yet. */
function hasShape(definition: Definition): boolean {
  return SHAPES[definition.kind]?.safeParse(definition).success ?? false;
}

/**
 * The diff of a draft that does not have a definition's shape (an invalid draft can be saved):
 * the exact JSON patch, and one change per top-level member that differs.
 */
function rawDiff(a: Definition, b: Definition): DefinitionDiff {
  const before = a as unknown as Record<string, unknown>;
  const after = b as unknown as Record<string, unknown>;
  const changes = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => jsonDiffPatch(before[key], after[key]).length > 0)
    .map((key) => ({
      kind: 'changed' as const,
      entity: TOP_ENTITY[b.kind] ?? 'app',
      path: formatPath([key]),
      summary: `${key} changed (this version is not a valid ${b.kind} definition yet, so the change is shown as raw JSON)`,
    }));
  return { changes, patch: boundedPatch(jsonDiffPatch(a, b), a, b) };
}
