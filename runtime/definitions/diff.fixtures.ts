import type { AppDefinition, CodeBundle, WorkflowDefinition } from '../../schemas/definitions.ts';

/** A small cookbook app: the base the diff tests edit (each call returns a fresh copy). */
export function recipesApp(): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Cookbook',
    slug: 'cookbook',
    themeColor: '#4f46e5',
    tables: [
      {
        id: 'recipes',
        label: 'Recipes',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true, maxLength: 120 },
          { id: 'servings', label: 'Servings', type: 'number', min: 1, precision: 0 },
          {
            id: 'course',
            label: 'Course',
            type: 'single_select',
            options: [
              { id: 'starter', label: 'Starter', color: 'green' },
              { id: 'main', label: 'Main', color: 'orange' },
              { id: 'dessert', label: 'Dessert', color: 'pink' },
            ],
          },
          { id: 'notes', label: 'Notes', type: 'long_text' },
        ],
      },
      {
        id: 'ingredients',
        label: 'Ingredients',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text', required: true },
          {
            id: 'recipe',
            label: 'Recipe',
            type: 'relation',
            targetTableId: 'recipes',
            cardinality: 'many_to_one',
          },
        ],
      },
    ],
    views: [
      {
        id: 'all_recipes',
        label: 'All recipes',
        kind: 'list',
        tableId: 'recipes',
        columns: ['title', 'servings', 'course'],
        sort: [{ fieldId: 'title', direction: 'asc' }],
        pageSize: 25,
      },
      {
        id: 'quick_mains',
        label: 'Quick mains',
        kind: 'list',
        tableId: 'recipes',
        columns: ['title', 'servings'],
        filter: {
          combinator: 'and',
          conditions: [
            { fieldId: 'course', op: 'eq', value: 'main' },
            { fieldId: 'servings', op: 'lte', value: 2 },
          ],
        },
        pageSize: 25,
      },
      {
        id: 'add_recipe',
        label: 'Add recipe',
        kind: 'form',
        tableId: 'recipes',
        mode: 'create',
        sections: [{ label: 'Recipe', fields: ['title', 'servings', 'course', 'notes'] }],
        submit: { label: 'Save', after: 'reset' },
        allowedRoles: ['cook'],
      },
    ],
    access: {
      level: 'private',
      roles: [
        {
          id: 'cook',
          label: 'Cook',
          tables: [
            { tableId: 'recipes', create: true, read: true, update: true, delete: true, rowScope: 'all' },
            { tableId: 'ingredients', create: true, read: true, update: true, delete: true, rowScope: 'all' },
          ],
        },
        {
          id: 'guest',
          label: 'Guest',
          tables: [
            { tableId: 'recipes', create: false, read: true, update: false, delete: false, rowScope: 'all' },
          ],
        },
      ],
      defaultRoleId: 'guest',
    },
    automations: [
      {
        id: 'tell_cook',
        label: 'Tell the cook',
        tableId: 'recipes',
        trigger: { on: 'create' },
        actions: [
          {
            kind: 'notify',
            channel: 'in_app',
            to: { kind: 'role', roleId: 'cook' },
            subject: 'New recipe',
            body: '{{record.title}} was added',
          },
        ],
      },
    ],
    navigation: [
      { viewId: 'all_recipes' },
      { viewId: 'quick_mains' },
      { viewId: 'add_recipe', label: 'New recipe' },
    ],
  };
}

/** A small support-intake workflow: a signed webhook, two steps, one connection. */
export function intakeWorkflow(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Support intake',
    trigger: {
      kind: 'webhook',
      verification: { kind: 'hmac', header: 'X-Signature', algorithm: 'sha256', secretId: 'signing' },
      response: { mode: 'async' },
    },
    start: 'receive',
    steps: [
      {
        id: 'receive',
        label: 'Receive',
        kind: 'state_set',
        key: '"last_ticket"',
        value: 'trigger.body.id',
        next: 'notify',
      },
      {
        id: 'notify',
        label: 'Notify',
        kind: 'send_message',
        connectionId: 'slack',
        to: '"#support"',
        text: '"New ticket: " + trigger.body.subject',
      },
    ],
    connections: [
      {
        id: 'slack',
        label: 'Slack',
        provider: 'slack',
        auth: { kind: 'oauth2', scopes: ['chat:write'] },
        allowedHosts: ['slack.com'],
      },
    ],
    secrets: [{ id: 'signing', label: 'Signing secret' }],
  };
}

/** A small code bundle: a spec, two source files and one test file. */
export function unitsBundle(): CodeBundle {
  return {
    schemaVersion: 1,
    kind: 'code',
    language: 'typescript',
    spec: {
      title: 'Unit converter',
      summary: 'Converts kitchen units.',
      sections: {
        goals: 'Convert cups, grams and millilitres.',
        requirements: ['Converts cups to millilitres', 'Rejects negative amounts'],
        architecture: 'One pure module per unit family.',
        testing: 'Vitest unit tests.',
      },
    },
    files: [
      { path: 'src/index.ts', content: "export * from './volume.ts';\n" },
      { path: 'src/volume.ts', content: 'export const cupsToMl = (cups: number) => cups * 240;\n' },
    ],
    tests: [{ path: 'src/volume.test.ts', content: "import { cupsToMl } from './volume.ts';\n" }],
  };
}
