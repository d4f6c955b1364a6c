import type { AppDefinition, Automation, Field, Table, View } from '../../../../schemas/definitions.ts';

/** Finding and replacing one part of an app without touching (or copying) the rest. */

export function findTable(app: AppDefinition, tableId: string): Table | undefined {
  return app.tables.find((table) => table.id === tableId);
}

export function findView(app: AppDefinition, viewId: string): View | undefined {
  return app.views.find((view) => view.id === viewId);
}

export function findAutomation(app: AppDefinition, automationId: string): Automation | undefined {
  return app.automations.find((automation) => automation.id === automationId);
}

/** The app with one field of a table replaced by `field` (matched by id); the rest is shared. */
export function withField(app: AppDefinition, tableId: string, field: Field): AppDefinition {
  return {
    ...app,
    tables: app.tables.map((table) =>
      table.id === tableId
        ? {
            ...table,
            fields: table.fields.map((candidate) => (candidate.id === field.id ? field : candidate)),
          }
        : table,
    ),
  };
}

/** The object without the keys whose value is `undefined`, so an optional setting is absent, not null-ish. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The reason an edit naming a part that is not there gives. */
export function missing(what: string, id: string): string {
  return `There is no ${what} "${id}"; it may have been deleted in the meantime.`;
}
