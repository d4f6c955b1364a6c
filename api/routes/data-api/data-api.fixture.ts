import type { AppDefinition } from '../../../schemas/definitions.ts';

/** A small public app for the data API suites: projects and tasks, with hidden fields and states. */
export function taskBoard(
  slug = 'task-board',
  level: 'public' | 'private' | 'invite_only' = 'public',
): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Task board',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: 'projects',
        label: 'Projects',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text', required: true },
          {
            id: 'tasks',
            label: 'Tasks',
            type: 'relation',
            targetTableId: 'tasks',
            cardinality: 'one_to_many',
            inverseFieldId: 'project',
          },
        ],
      },
      {
        id: 'tasks',
        label: 'Tasks',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true, maxLength: 100 },
          {
            id: 'stage',
            label: 'Stage',
            type: 'single_select',
            default: 'todo',
            options: [
              { id: 'todo', label: 'To do', color: 'gray' },
              { id: 'doing', label: 'Doing', color: 'blue' },
              { id: 'done', label: 'Done', color: 'green' },
            ],
          },
          { id: 'points', label: 'Points', type: 'number', min: 0, max: 100 },
          { id: 'due', label: 'Due', type: 'date' },
          {
            id: 'project',
            label: 'Project',
            type: 'relation',
            targetTableId: 'projects',
            cardinality: 'many_to_one',
            inverseFieldId: 'tasks',
          },
          { id: 'secret_note', label: 'Internal note', type: 'text' },
        ],
        validationRules: [
          {
            id: 'big_needs_due',
            expression: '!has(record.points) || record.points < 50 || has(record.due)',
            message: 'Big tasks need a due date.',
          },
        ],
        stateMachine: {
          fieldId: 'stage',
          initial: 'todo',
          transitions: [
            { id: 'start', label: 'Start', from: ['todo'], to: 'doing' },
            { id: 'finish', label: 'Finish', from: ['doing'], to: 'done' },
          ],
        },
      },
    ],
    views: [
      {
        id: 'all',
        label: 'All tasks',
        kind: 'list',
        tableId: 'tasks',
        columns: ['title', 'stage'],
        pageSize: 50,
      },
    ],
    access: {
      level,
      defaultRoleId: 'visitor',
      roles: [
        {
          id: 'visitor',
          label: 'Visitor',
          tables: [
            { tableId: 'tasks', create: true, read: true, update: false, delete: false, rowScope: 'all' },
            { tableId: 'projects', create: false, read: true, update: false, delete: false, rowScope: 'all' },
          ],
          hiddenFields: [{ tableId: 'tasks', fieldId: 'secret_note' }],
        },
      ],
    },
    automations: [],
    navigation: [{ viewId: 'all' }],
  };
}
