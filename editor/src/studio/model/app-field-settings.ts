import { type AppDefinition, Field } from '../../../../schemas/definitions.ts';
import { findTable, missing, withField } from './app-parts.ts';
import { fieldPath, introducedIssues, issuesUnder } from './app-semantics.ts';
import { type EditResult, edited, refused } from './edit-result.ts';

const FIXED_KEYS = new Set(['id', 'type']);

/** Settings a builder sets directly in the inspector; type and id have their own edits. */
export type FieldPatch = { [key: string]: unknown } & { id?: never; type?: never };

/**
 * Sets (or, with `undefined`, clears) settings of a field — its description, bounds, options,
 * expression. Refused only when the result does not fit the schema; what the validator finds
 * (an expression being typed) shows up as a problem, so typing is never blocked.
 */
export function updateField(
  app: AppDefinition,
  args: { tableId: string; fieldId: string; patch: FieldPatch },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const field = table.fields.find((candidate) => candidate.id === args.fieldId);
  if (!field) return refused(missing('field', args.fieldId));
  const merged: Record<string, unknown> = { ...field };
  for (const [key, value] of Object.entries(args.patch)) {
    if (FIXED_KEYS.has(key)) continue;
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const parsed = Field.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(`${issue.path.join('.') || 'The field'} ${issue.message}.`);
  }
  return edited(withField(app, table.id, merged as Field));
}

/** The constraints of a field the canvas marks on its row. */
export interface FieldConstraints {
  required?: boolean;
  unique?: boolean;
  readOnly?: boolean;
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  patternMessage?: string;
}

/**
 * Sets constraints, refused when the validator rejects them for this field (a computed field
 * cannot be required, a relation cannot be unique, min above max) with its message.
 */
export function setFieldConstraints(
  app: AppDefinition,
  args: { tableId: string; fieldId: string; constraints: FieldConstraints },
): EditResult<AppDefinition> {
  const result = updateField(app, { ...args, patch: { ...args.constraints } });
  if (!result.ok) return result;
  const at = fieldPath(result.definition, args.tableId, args.fieldId);
  const own = at ? issuesUnder(introducedIssues(app, result.definition), at).own : [];
  if (own.length) return refused(`${own.map((issue) => issue.message).join('; ')}.`);
  return result;
}

/** Moves a field to position `toIndex` (0-based, clamped) among its table's fields. */
export function moveField(
  app: AppDefinition,
  args: { tableId: string; fieldId: string; toIndex: number },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const from = table.fields.findIndex((field) => field.id === args.fieldId);
  if (from < 0) return refused(missing('field', args.fieldId));
  const to = Math.max(0, Math.min(table.fields.length - 1, Math.trunc(args.toIndex)));
  if (to === from) return edited(app);
  const fields = [...table.fields];
  const [moved] = fields.splice(from, 1);
  fields.splice(to, 0, moved!);
  return edited({ ...app, tables: app.tables.map((t) => (t.id === table.id ? { ...t, fields } : t)) });
}
