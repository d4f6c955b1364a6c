import type { AppDefinition, WorkflowDefinition } from '../../../schemas/definitions.ts';

/**
 * The example definitions offered as templates. They are loaded only when the builder opens the
 * template picker (each is its own small chunk), so the dashboard does not carry them.
 */
const appLoaders = import.meta.glob<AppDefinition>('../../../schemas/examples/*.app.json', {
  import: 'default',
});
const workflowLoaders = import.meta.glob<WorkflowDefinition>('../../../schemas/examples/*.workflow.json', {
  import: 'default',
});

export interface Template<D> {
  id: string;
  load: () => Promise<D>;
}

const idOf = (path: string) =>
  path
    .split('/')
    .pop()!
    .replace(/\.(app|workflow)\.json$/, '');

export const appTemplates: Template<AppDefinition>[] = Object.entries(appLoaders)
  .map(([path, load]) => ({ id: idOf(path), load }))
  .sort((a, b) => a.id.localeCompare(b.id));

export const workflowTemplates: Template<WorkflowDefinition>[] = Object.entries(workflowLoaders)
  .map(([path, load]) => ({ id: idOf(path), load }))
  .sort((a, b) => a.id.localeCompare(b.id));

/** `recipe-tracker` → `Recipe tracker`. */
export const templateTitle = (id: string) => {
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A slug from a name: lower-case words joined by `-`, as the definition's slug allows. */
export function slugFrom(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63)
      .replace(/-+$/g, '') || 'app'
  );
}

/** The smallest valid app: one table with a name field, private until the builder says otherwise. */
export function blankApp(name: string, slug: string): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name,
    slug,
    themeColor: '#4f46e5',
    tables: [
      {
        id: 'items',
        label: 'Items',
        primaryFieldId: 'name',
        fields: [{ id: 'name', label: 'Name', type: 'text', required: true }],
      },
    ],
    views: [],
    access: {
      level: 'private',
      defaultRoleId: 'owner',
      roles: [
        {
          id: 'owner',
          label: 'Owner',
          tables: [
            { tableId: 'items', create: true, read: true, update: true, delete: true, rowScope: 'all' },
          ],
        },
      ],
    },
    automations: [],
    navigation: [],
  };
}
