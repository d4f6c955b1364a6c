import {
  type Definition,
  JsonPatch,
  type JsonPatchOperation,
  patchDefinition,
} from '../../runtime/definitions/index.ts';
import { parsePointer } from '../../runtime/definitions/json-patch-pointer.ts';
import type { AppDefinition, WorkflowDefinition } from '../../schemas/definitions.ts';
import { MAX_COPILOT_OPERATIONS } from '../../schemas/index.ts';
import type { CopilotKind } from './copilot.ts';

// How a co-pilot proposal becomes a definition: the operations are parsed strictly (the runtime's
// JsonPatch: pointers, JSON values, no `__proto__`), kept inside the definition, applied to the
// base version and the result validated. The same function checks the agent's answer (its
// problems go back to the agent as a repair) and the builder's accept (which re-applies what the
// studio sends back, never trusting the preview). Pure: no I/O.

export type { CopilotKind };

/** Where a proposal failed: its shape (a bad request on accept), or applying / validating it. */
export type CopilotPatchStage = 'parse' | 'apply' | 'validate';

export type CopilotPatchResult =
  | { ok: true; operations: JsonPatchOperation[]; definition: AppDefinition | WorkflowDefinition }
  | { ok: false; stage: CopilotPatchStage; problems: string[] };

/** Enough for the agent to repair and for a person to read; the rest would only cost tokens. */
const MAX_PROBLEMS = 20;

/**
 * Top-level members a patch may not write: the kind and schema version say what the document is,
 * so the co-pilot edits an app as an app (and a migration, not an agent, moves schema versions).
 */
const FIXED_MEMBERS: ReadonlySet<string> = new Set(['kind', 'schemaVersion']);

const failed = (stage: CopilotPatchStage, problems: string[]): CopilotPatchResult => ({
  ok: false,
  stage,
  problems:
    problems.length > MAX_PROBLEMS
      ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
      : problems,
});

/** `[2, 'path']` → `operations[2].path`. */
function operationPath(path: readonly PropertyKey[]): string {
  let out = 'operations';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

/** Why an operation reaches outside what the co-pilot may edit, or undefined when it stays inside. */
function outsideProblem(op: JsonPatchOperation, index: number): string | undefined {
  const pointers: [string, string][] = [['path', op.path]];
  if (op.op === 'move' || op.op === 'copy') pointers.push(['from', op.from]);
  for (const [member, pointer] of pointers) {
    const tokens = parsePointer(pointer) ?? [];
    // `test` only reads, so it may compare anything; `copy` from anywhere only reads its source.
    const reads = op.op === 'test' || (op.op === 'copy' && member === 'from');
    if (tokens.length === 0 && !reads)
      return `operations[${index}].${member}: "" is the whole definition; patch its members (like /tables/0) instead`;
    if (!reads && FIXED_MEMBERS.has(tokens[0]!))
      return `operations[${index}].${member}: ${pointer} may not be changed by a patch`;
  }
  return undefined;
}

/**
 * Parses, applies and validates a proposal against `base` (the stored draft version). `base` is
 * never changed. Problems name the operation (`operations[2].path: …`) or the definition's field
 * (`definition.tables[0].fields[3].type: …`).
 */
export function applyCopilotPatch(kind: CopilotKind, base: unknown, operations: unknown): CopilotPatchResult {
  if (Array.isArray(operations) && operations.length > MAX_COPILOT_OPERATIONS)
    return failed('parse', [`operations: must have at most ${MAX_COPILOT_OPERATIONS} operations`]);
  const parsed = JsonPatch.safeParse(operations);
  if (!parsed.success) {
    return failed(
      'parse',
      parsed.error.issues.map((issue) => `${operationPath(issue.path)}: ${issue.message}`),
    );
  }
  const outside = parsed.data.map(outsideProblem).filter((p): p is string => p !== undefined);
  if (outside.length > 0) return failed('apply', outside);

  const patched = patchDefinition(base as Definition, parsed.data);
  if (!patched.ok) {
    const applyFailed = patched.errors.some((e) => e.path.startsWith('patch'));
    return applyFailed
      ? failed(
          'apply',
          patched.errors.map((e) => `${e.path.replace(/^patch/, 'operations')}: ${e.message}`),
        )
      : failed(
          'validate',
          patched.errors.map(
            (e) => `${e.path === '(root)' ? 'definition' : `definition.${e.path}`}: ${e.message}`,
          ),
        );
  }
  const definition = patched.value;
  if (definition.kind !== kind) return failed('validate', [`definition.kind: must stay "${kind}"`]);
  return { ok: true, operations: parsed.data, definition };
}
