import {
  type AppDefinition,
  type AutomationAction,
  DERIVED_FIELD_TYPES,
  type Field,
  type Table,
} from '../../../../../../schemas/definitions.ts';
import { FIELD_LITERALS } from '../../../model/app-automations.ts';

export type ActionKind = AutomationAction['kind'];

export const ACTION_KINDS: readonly ActionKind[] = ['notify', 'update_record', 'start_workflow'];

/** Fields an update action may set, and the literal a new assignment of each starts with. */
export function settableFields(table: Table | undefined): Field[] {
  return (table?.fields ?? []).filter((field) => !DERIVED_FIELD_TYPES.has(field.type));
}

export function startingValue(field: Field | undefined): string {
  return (field && FIELD_LITERALS[field.type]) ?? '""';
}

/**
 * A new action of `kind` for an automation on `table`, valid as it is where it can be: notify
 * tells the app's default role in the app (nothing leaves by e-mail until the builder says so),
 * update sets a simple field of the row, start-workflow needs the workflow's id. Or the reason
 * there is none yet.
 */
export function newAction(
  app: AppDefinition,
  table: Table,
  kind: ActionKind,
  workflowId?: string,
): AutomationAction | { reason: string } {
  switch (kind) {
    case 'notify':
      return {
        kind,
        channel: 'in_app',
        to: { kind: 'role', roleId: app.access.defaultRoleId },
        subject: `A ${table.label} row changed`,
        body: `{{record.${table.primaryFieldId}}} changed.`,
      };
    case 'update_record': {
      const field = settableFields(table).find((candidate) => candidate.type in FIELD_LITERALS);
      if (!field)
        return {
          reason: `Table "${table.label}" has no text, number or yes/no field to set; add one first.`,
        };
      return { kind, target: 'this', set: [{ fieldId: field.id, value: FIELD_LITERALS[field.type]! }] };
    }
    case 'start_workflow': {
      const id = workflowId?.trim();
      if (!id) return { reason: 'Enter the id of the workflow to start.' };
      return { kind, workflowId: id, input: [] };
    }
  }
}
