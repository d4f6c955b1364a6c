import { AppDefinition } from '../../schemas/definitions.ts';
import crmLite from '../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import inventory from '../../schemas/examples/inventory.app.json' with { type: 'json' };
import type { Actor } from './access.ts';

/** The example apps, parsed by the same schema as any definition (a fresh copy per call). */
export const crmApp = (): AppDefinition => AppDefinition.parse(structuredClone(crmLite));
export const inventoryApp = (): AppDefinition => AppDefinition.parse(structuredClone(inventory));

export const NOW = '2026-03-10T09:30:00.000Z';
export const ALICE = '11111111-1111-4111-8111-111111111111';
export const BOB = '22222222-2222-4222-8222-222222222222';
export const ROW = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const COMPANY = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

export const owner: Actor = { kind: 'owner' };
export const endUser = (roleId: string, endUserId = ALICE): Actor => ({
  kind: 'end_user',
  endUserId,
  roleId,
  email: 'alice@example.com',
});

/** A small public app: a task board with a state machine, every constraint, and a visitor role. */
export function taskApp(): AppDefinition {
  return AppDefinition.parse({
    schemaVersion: 1,
    kind: 'app',
    name: 'Tasks',
    slug: 'tasks',
    themeColor: '#4f46e5',
    tables: [
      {
        id: 'tasks',
        label: 'Tasks',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true, minLength: 3, maxLength: 20 },
          {
            id: 'code',
            label: 'Code',
            type: 'text',
            unique: true,
            pattern: '^[A-Z]{2}-[0-9]+$',
            patternMessage: 'must look like AB-12',
          },
          { id: 'ref', label: 'Reference', type: 'text', pattern: '^R[0-9]+$' },
          { id: 'points', label: 'Points', type: 'number', min: 1, max: 13, precision: 0 },
          { id: 'due', label: 'Due', type: 'date', min: '2026-01-01', max: '2026-12-31', default: 'today' },
          { id: 'starts', label: 'Starts', type: 'datetime', min: '2026-01-01T00:00:00Z', default: 'now' },
          { id: 'estimate', label: 'Estimate', type: 'duration', displayUnit: 'hours', max: 28_800 },
          {
            id: 'priority',
            label: 'Priority',
            type: 'single_select',
            default: 'low',
            options: [
              { id: 'low', label: 'Low', color: 'gray' },
              { id: 'high', label: 'High', color: 'red' },
            ],
          },
          {
            id: 'tags',
            label: 'Tags',
            type: 'multi_select',
            minSelected: 2,
            maxSelected: 3,
            options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase(), color: 'gray' })),
          },
          {
            id: 'status',
            label: 'Status',
            type: 'single_select',
            options: [
              { id: 'todo', label: 'To do', color: 'gray' },
              { id: 'doing', label: 'Doing', color: 'blue' },
              { id: 'done', label: 'Done', color: 'green' },
            ],
          },
          { id: 'notes', label: 'Notes', type: 'long_text' },
          { id: 'secret', label: 'Secret', type: 'text' },
          { id: 'approved', label: 'Approved', type: 'boolean', readOnly: true, default: false },
          {
            id: 'summary',
            label: 'Summary',
            type: 'computed',
            resultType: 'text',
            expression: 'record.title + "!"',
          },
          {
            id: 'shout',
            label: 'Shout',
            type: 'computed',
            resultType: 'text',
            expression: 'record.summary.upperAscii()',
          },
          {
            id: 'broken',
            label: 'Broken',
            type: 'computed',
            resultType: 'number',
            expression: 'record.points * 2',
          },
          { id: 'number', label: 'No.', type: 'autonumber', prefix: 'T-' },
          { id: 'created', label: 'Created', type: 'created_at' },
          { id: 'updated', label: 'Updated', type: 'updated_at' },
          { id: 'author', label: 'Author', type: 'created_by' },
        ],
        validationRules: [
          {
            id: 'done_needs_points',
            expression: 'record.status != "done" || has(record.points)',
            message: 'A finished task needs its points.',
          },
          {
            id: 'no_bad_title',
            expression: 'record.title != "forbidden"',
            message: 'That title is not allowed.',
          },
        ],
        stateMachine: {
          fieldId: 'status',
          initial: 'todo',
          transitions: [
            { id: 'start', label: 'Start', from: ['todo'], to: 'doing' },
            { id: 'finish', label: 'Finish', from: ['doing'], to: 'done', guard: 'has(record.notes)' },
            { id: 'reopen', label: 'Reopen', from: ['done'], to: 'todo', roles: ['lead'] },
            { id: 'drop', from: '*', to: 'todo', roles: ['lead'] },
          ],
        },
      },
      {
        id: 'comments',
        label: 'Comments',
        primaryFieldId: 'body',
        fields: [{ id: 'body', label: 'Body', type: 'long_text', required: true }],
      },
      {
        id: 'audit',
        label: 'Audit',
        primaryFieldId: 'entry',
        fields: [{ id: 'entry', label: 'Entry', type: 'text' }],
      },
    ],
    views: [],
    automations: [],
    navigation: [],
    access: {
      level: 'public',
      defaultRoleId: 'guest',
      roles: [
        {
          id: 'guest',
          label: 'Guest',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: true, delete: false, rowScope: 'own' },
            { tableId: 'comments', create: true, read: true, update: false, delete: false, rowScope: 'all' },
          ],
          hiddenFields: [{ tableId: 'tasks', fieldId: 'secret' }],
        },
        {
          id: 'member',
          label: 'Member',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: true, delete: true, rowScope: 'all' },
          ],
        },
        {
          id: 'lead',
          label: 'Team lead',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: true, delete: true, rowScope: 'all' },
          ],
        },
      ],
    },
  });
}
