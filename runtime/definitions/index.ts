import type { AppDefinition, CodeBundle, WorkflowDefinition } from '../../schemas/definitions.ts';
import { migrateDefinition } from '../../schemas/migrate.ts';
import { applyJsonPatch } from './json-patch.ts';
import type { ValidationResult } from './result.ts';
import { validateApp } from './validate-app.ts';
import { validateCode } from './validate-code.ts';
import { type ValidateWorkflowOptions, validateWorkflow } from './validate-workflow.ts';

export type Definition = AppDefinition | WorkflowDefinition | CodeBundle;

/** The builder's apps, so workflow record steps can be checked against their tables. */
export type ValidateOptions = ValidateWorkflowOptions;

/**
 * The one entry point the editor, the agents and the server use: upgrades an older definition to
 * the current schemaVersion, then validates it as what its `kind` says it is.
 */
export function validateDefinition(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<Definition> {
  const migrated = migrateDefinition(input);
  if (!migrated.ok) return { ok: false, errors: [{ path: migrated.path, message: migrated.message }] };
  const kind = (migrated.value as { kind?: unknown }).kind;
  switch (kind) {
    case 'app':
      return validateApp(migrated.value);
    case 'workflow':
      return validateWorkflow(migrated.value, options);
    case 'code':
      return validateCode(migrated.value);
    default:
      return { ok: false, errors: [{ path: 'kind', message: 'must be "app", "workflow" or "code"' }] };
  }
}

export { type DefinitionIssue, formatPath, type ValidationResult } from './result.ts';
export { validateApp, validateCode, validateWorkflow };

/**
 * Applies a JSON Patch (RFC 6902) to a definition and validates the result — how the co-pilot's
 * answers and the editor's edits become a new draft. A patch that does not apply, or that leaves
 * an invalid definition, comes back as issues; the input is never changed.
 */
export function patchDefinition(
  definition: Definition,
  patch: unknown,
  options: ValidateOptions = {},
): ValidationResult<Definition> {
  const applied = applyJsonPatch(definition, patch);
  if (!applied.ok) {
    const where = applied.error.index >= 0 ? `patch[${applied.error.index}]` : 'patch';
    return {
      ok: false,
      errors: [{ path: where, message: `${applied.error.path || '(root)'}: ${applied.error.message}` }],
    };
  }
  return validateDefinition(applied.value, options);
}

export { diffDefinitions } from './diff.ts';
export { applyJsonPatch, JsonPatch, type JsonPatchOperation } from './json-patch.ts';
