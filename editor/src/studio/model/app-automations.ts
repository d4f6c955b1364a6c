import {
  type AppDefinition,
  Automation,
  type AutomationAction,
  DERIVED_FIELD_TYPES,
  type Field,
} from '../../../../schemas/definitions.ts';
import { findTable, missing } from './app-parts.ts';
import { type EditResult, edited, quoted, refused } from './edit-result.ts';
import { checkLabel, idFromLabel, uniqueId, uniqueLabel } from './ids.ts';

const MAX_AUTOMATIONS = 100;

export type AutomationKind = AutomationAction['kind'];

/** A literal of the type each field accepts, so a new "set field" action type-checks at once. */
export const FIELD_LITERALS: Partial<Record<Field['type'], string>> = {
  text: '""',
  long_text: '""',
  email: '""',
  url: '""',
  phone: '""',
  number: '0',
  currency: '0',
  percent: '0',
  rating: '0',
  duration: '0',
  boolean: 'true',
};

/**
 * The first action of a new automation. `notify` tells the app's default role in the app (no
 * e-mail leaves until the builder picks who), `update_record` sets a simple field of the row,
 * `start_workflow` needs the workflow's id.
 */
function firstAction(
  app: AppDefinition,
  fields: readonly Field[],
  primaryFieldId: string,
  kind: AutomationKind,
  workflowId?: string,
): AutomationAction | string {
  switch (kind) {
    case 'notify':
      return {
        kind,
        channel: 'in_app',
        to: { kind: 'role', roleId: app.access.defaultRoleId },
        subject: 'New row',
        body: `{{record.${primaryFieldId}}} was added.`,
      };
    case 'update_record': {
      const field = fields.find(
        (candidate) => !DERIVED_FIELD_TYPES.has(candidate.type) && candidate.type in FIELD_LITERALS,
      );
      if (!field) return 'there is no text, number or yes/no field to set; add one first';
      return { kind, target: 'this', set: [{ fieldId: field.id, value: FIELD_LITERALS[field.type]! }] };
    }
    case 'start_workflow':
      if (!workflowId) return 'choose the workflow it starts';
      return { kind, workflowId, input: [] };
  }
}

/** Adds an automation on a table: runs when a row is created, with one action of `kind`. */
export function addAutomation(
  app: AppDefinition,
  args: { tableId: string; kind: AutomationKind; label?: string; workflowId?: string },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  if (app.automations.length >= MAX_AUTOMATIONS)
    return refused(`An app can have at most ${MAX_AUTOMATIONS} automations.`);
  const action = firstAction(app, table.fields, table.primaryFieldId, args.kind, args.workflowId);
  if (typeof action === 'string')
    return refused(`Cannot add the automation to ${quoted(table.label)}: ${action}.`);
  const checked = checkLabel(args.label ?? `When a ${table.label} row is created`);
  if (!checked.ok) return refused(checked.reason);
  const label = uniqueLabel(
    checked.label,
    app.automations.map((automation) => automation.label),
  );
  const id = uniqueId(
    idFromLabel(label, 'automation'),
    app.automations.map((automation) => automation.id),
  );
  const automation: Automation = {
    id,
    label,
    tableId: table.id,
    trigger: { on: 'create' },
    actions: [action],
  };
  return edited(
    { ...app, automations: [...app.automations, automation] },
    { created: [{ entity: 'automation', id }] },
  );
}

/** Sets (or clears, with `undefined`) settings of an automation; refused when it no longer fits the schema. */
export function updateAutomation(
  app: AppDefinition,
  args: { automationId: string; patch: Partial<Omit<Automation, 'id'>> },
): EditResult<AppDefinition> {
  const automation = app.automations.find((candidate) => candidate.id === args.automationId);
  if (!automation) return refused(missing('automation', args.automationId));
  const merged: Record<string, unknown> = { ...automation };
  for (const [key, value] of Object.entries(args.patch)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const parsed = Automation.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refused(`${issue.path.join('.') || 'The automation'} ${issue.message}.`);
  }
  return edited({
    ...app,
    automations: app.automations.map((a) => (a.id === automation.id ? (merged as Automation) : a)),
  });
}
