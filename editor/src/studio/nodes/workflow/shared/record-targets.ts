import { IssueList } from '../../../../../../runtime/definitions/result.ts';
import {
  checkRecordSteps,
  type WorkflowAppInfo,
} from '../../../../../../runtime/definitions/workflow-references.ts';
import type { AppDefinition, WorkflowDefinition } from '../../../../../../schemas/definitions.ts';

/** One of the builder's component apps as a record step can write it: ids the validator checks, labels to show. */
export interface WorkflowApp extends WorkflowAppInfo {
  label?: string;
  tables: { id: string; label?: string; fields: { id: string; label?: string; type: string }[] }[];
}

/** An app definition (from `/api/apps/:id`) as record steps see it. */
export function workflowAppOf(appId: string, app: AppDefinition): WorkflowApp {
  return {
    id: appId,
    label: app.name,
    tables: app.tables.map((table) => ({
      id: table.id,
      label: table.label,
      fields: table.fields.map((field) => ({ id: field.id, label: field.label, type: field.type })),
    })),
  };
}

/**
 * The fields of a table a workflow may write. Which field types the app fills in itself is the
 * validator's rule, so rather than copy its list this asks the validator: a probe step writing
 * every field, and the fields it does not complain about are the writable ones.
 */
export function writableFields(app: WorkflowApp, tableId: string): WorkflowApp['tables'][number]['fields'] {
  const table = app.tables.find((candidate) => candidate.id === tableId);
  if (!table) return [];
  const probe = {
    steps: [
      {
        id: 'probe',
        label: 'Probe',
        kind: 'create_record',
        appId: app.id,
        tableId,
        values: table.fields.map((field) => ({ fieldId: field.id, value: '""' })),
      },
    ],
  } as unknown as WorkflowDefinition;
  const issues = new IssueList();
  checkRecordSteps(probe, [app], issues);
  const refused = new Set(
    issues.issues.map((issue) => Number(/values\[(\d+)\]/.exec(issue.path)?.[1] ?? Number.NaN)),
  );
  return table.fields.filter((_, index) => !refused.has(index));
}

/** The first app table with a writable field, as a new record step's target (or undefined). */
export function firstRecordTarget(
  apps: readonly WorkflowApp[] | undefined,
): { appId: string; tableId: string; fieldId: string } | undefined {
  for (const app of apps ?? [])
    for (const table of app.tables) {
      const field = writableFields(app, table.id)[0];
      if (field) return { appId: app.id, tableId: table.id, fieldId: field.id };
    }
  return undefined;
}
