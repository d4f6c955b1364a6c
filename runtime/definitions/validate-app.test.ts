import { describe, expect, it } from 'vitest';
import type { AppDefinition, Field, View } from '../../schemas/definitions.ts';
import { tasksApp } from './app.fixture.ts';
import { validateApp } from './validate-app.ts';

type Mutation = (app: AppDefinition) => void;

const tasks = (app: AppDefinition) => app.tables[1]!;
const projects = (app: AppDefinition) => app.tables[0]!;
const field = (app: AppDefinition, id: string) =>
  tasks(app).fields.find((f) => f.id === id)! as Field & Record<string, unknown>;
const view = (app: AppDefinition, id: string) =>
  app.views.find((v) => v.id === id)! as View & Record<string, unknown>;

function errorsAfter(mutate: Mutation) {
  const app = tasksApp();
  mutate(app);
  const result = validateApp(app);
  return result.ok ? [] : result.errors;
}

describe('validateApp', () => {
  it('accepts the fixture app', () => {
    const result = validateApp(tasksApp());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('reports shape errors with paths before anything else', () => {
    const result = validateApp({ ...tasksApp(), themeColor: 'purple', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({ path: 'themeColor', message: 'must be a colour like #4f46e5' });
    expect(result.errors).toContainEqual({ path: '(root)', message: 'unknown field(s): extra' });
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, 42, 'app', [], {}, { kind: 'app' }, { tables: [{}] }]) {
      expect(validateApp(input).ok).toBe(false);
    }
  });

  const cases: [string, Mutation, string, RegExp][] = [
    [
      'duplicate table ids',
      (a) => {
        projects(a).id = 'tasks';
      },
      'tables[1].id',
      /table id "tasks" is used twice/,
    ],
    [
      'duplicate field ids',
      (a) => {
        field(a, 'spent').id = 'estimate';
      },
      'tables[1].fields[5].id',
      /field id "estimate" is used twice/,
    ],
    [
      'an unknown primary field',
      (a) => {
        tasks(a).primaryFieldId = 'titel';
      },
      'tables[1].primaryFieldId',
      /has no field "titel" \(did you mean "title"\?\)/,
    ],
    [
      'min above max',
      (a) => {
        field(a, 'estimate').min = 200;
      },
      'tables[1].fields[4].min',
      /min \(200\) is greater than max \(100\)/,
    ],
    [
      'a default outside the bounds',
      (a) => {
        field(a, 'estimate').default = 500;
      },
      'tables[1].fields[4].default',
      /above max/,
    ],
    [
      'a select default that is no option',
      (a) => {
        field(a, 'stage').default = 'later';
      },
      'tables[1].fields[1].default',
      /"later" is not one of the options/,
    ],
    [
      'a required computed field',
      (a) => {
        field(a, 'remaining').required = true;
      },
      'tables[1].fields[6].required',
      /filled by the platform/,
    ],
    [
      'a unique yes/no field',
      (a) => {
        field(a, 'blocked').unique = true;
      },
      'tables[1].fields[10].unique',
      /cannot be unique/,
    ],
    [
      'a relation to a missing table',
      (a) => {
        field(a, 'project').targetTableId = 'clients';
      },
      'tables[1].fields[2].targetTableId',
      /there is no table "clients"/,
    ],
    [
      'an inverse with the wrong cardinality',
      (a) => {
        field(a, 'project').cardinality = 'many_to_many';
      },
      'tables[1].fields[2].inverseFieldId',
      /many-to-many relation needs a many-to-many inverse, but "tasks" is one-to-many/,
    ],
    [
      'a lookup through a non-relation',
      (a) => {
        field(a, 'project_name').relationFieldId = 'title';
      },
      'tables[1].fields[3].relationFieldId',
      /is a text field, but a lookup goes through a relation field/,
    ],
    [
      'a lookup of a missing field',
      (a) => {
        field(a, 'project_name').targetFieldId = 'nom';
      },
      'tables[1].fields[3].targetFieldId',
      /table "Projects" has no field "nom"/,
    ],
    [
      'a rollup summing text',
      (a) => {
        (projects(a).fields[4] as Record<string, unknown>).targetFieldId = 'title';
      },
      'tables[0].fields[4].targetFieldId',
      /is a text field; sum needs a number/,
    ],
    [
      'a computed field with a wrong name',
      (a) => {
        field(a, 'remaining').expression = 'record.estimat - record.spent';
      },
      'tables[1].fields[6].expression',
      /estimat/,
    ],
    [
      'a computed field of the wrong type',
      (a) => {
        field(a, 'over').expression = 'record.remaining';
      },
      'tables[1].fields[7].expression',
      /bool/,
    ],
    [
      'computed fields in a circle',
      (a) => {
        field(a, 'remaining').expression = 'record.over ? 0.0 : record.estimate';
      },
      'tables[1].fields[6].expression',
      /computed fields use each other in a circle: remaining → over → remaining/,
    ],
    [
      'a validation rule that is not a condition',
      (a) => {
        tasks(a).validationRules![0]!.expression = 'record.title';
      },
      'tables[1].validationRules[0].expression',
      /bool/,
    ],
    [
      'a state machine on a text field',
      (a) => {
        tasks(a).stateMachine!.fieldId = 'title';
      },
      'tables[1].stateMachine.fieldId',
      /is a text field, but a state machine moves a single-select field/,
    ],
    [
      'an unknown initial state',
      (a) => {
        tasks(a).stateMachine!.initial = 'new';
      },
      'tables[1].stateMachine.initial',
      /"new" is not an option of "stage"/,
    ],
    [
      'a transition to an unknown state',
      (a) => {
        tasks(a).stateMachine!.transitions[0]!.to = 'started';
      },
      'tables[1].stateMachine.transitions[0].to',
      /"started" is not an option/,
    ],
    [
      'an unreachable state',
      (a) => {
        tasks(a).stateMachine!.transitions[1]!.to = 'todo';
      },
      'tables[1].stateMachine.transitions',
      /no transition leads to "done" from "todo"/,
    ],
    [
      'a guard that is not a condition',
      (a) => {
        tasks(a).stateMachine!.transitions[1]!.guard = 'record.estimate';
      },
      'tables[1].stateMachine.transitions[1].guard',
      /bool/,
    ],
    [
      'a transition for an unknown role',
      (a) => {
        tasks(a).stateMachine!.transitions[2]!.roles = ['admin'];
      },
      'tables[1].stateMachine.transitions[2].roles[0]',
      /there is no role "admin"/,
    ],
    [
      'a view of a missing table',
      (a) => {
        view(a, 'board').tableId = 'tickets';
      },
      'views[4].tableId',
      /there is no table "tickets"/,
    ],
    [
      'a list column that does not exist',
      (a) => {
        view(a, 'all_tasks').columns = ['title', 'owner_name'];
      },
      'views[0].columns[1]',
      /has no field "owner_name"/,
    ],
    [
      'a kanban grouped by a text field',
      (a) => {
        view(a, 'board').groupByFieldId = 'title';
      },
      'views[4].groupByFieldId',
      /field "title" is a text field, but kanban columns come from a select field/,
    ],
    [
      'a calendar on a number field',
      (a) => {
        view(a, 'calendar').startFieldId = 'estimate';
      },
      'views[5].startFieldId',
      /is a number field, but this needs a date or date-time field/,
    ],
    [
      'a chart summing a select',
      (a) => {
        view(a, 'hours_chart').yFieldId = 'stage';
      },
      'views[6].yFieldId',
      /is a single select field; sum needs a number/,
    ],
    [
      'a chart summing nothing',
      (a) => {
        delete view(a, 'hours_chart').yFieldId;
      },
      'views[6].yFieldId',
      /is required to sum values/,
    ],
    [
      'a bar chart without x',
      (a) => {
        delete view(a, 'hours_chart').xFieldId;
      },
      'views[6].xFieldId',
      /a bar chart needs an x field/,
    ],
    [
      'a related list over a to-one relation',
      (a) => {
        view(a, 'task').relatedLists = [{ relationFieldId: 'project', columns: ['name'] }];
      },
      'views[1].relatedLists[0].relationFieldId',
      /relates to one row/,
    ],
    [
      'a form editing a computed field',
      (a) => {
        view(a, 'new_task').sections = [{ label: 'x', fields: ['title', 'remaining'] }];
      },
      'views[3].sections[0].fields[1]',
      /filled by the platform/,
    ],
    [
      'a create form missing a required field',
      (a) => {
        view(a, 'new_task').sections = [{ label: 'x', fields: ['estimate'] }];
      },
      'views[3].sections',
      /required field "title" is missing/,
    ],
    [
      'visibility of a field not on the form',
      (a) => {
        view(a, 'new_task').visibility = [{ fieldId: 'due', visibleWhen: 'true' }];
      },
      'views[3].visibility[0].fieldId',
      /is not on this form/,
    ],
    [
      'visibility that is not a condition',
      (a) => {
        view(a, 'new_task').visibility = [{ fieldId: 'reason', visibleWhen: 'record.title' }];
      },
      'views[3].visibility[0].visibleWhen',
      /bool/,
    ],
    [
      'a submit that opens a missing view',
      (a) => {
        (view(a, 'new_task').submit as { viewId: string }).viewId = 'nowhere';
      },
      'views[3].submit.viewId',
      /there is no view "nowhere"/,
    ],
    [
      'a form for an unknown role',
      (a) => {
        view(a, 'new_task').allowedRoles = ['guest'];
      },
      'views[3].allowedRoles[0]',
      /there is no role "guest"/,
    ],
    [
      'a card image that is text',
      (a) => {
        view(a, 'project_cards').imageFieldId = 'name';
      },
      'views[7].imageFieldId',
      /needs an attachment or URL field/,
    ],
    [
      'a filter comparing text by order',
      (a) => {
        view(a, 'all_tasks').filter = {
          combinator: 'and',
          conditions: [{ fieldId: 'title', op: 'gt', value: 'a' }],
        };
      },
      'views[0].filter.conditions[0].op',
      /"gt" compares numbers or dates, but "title" is a text field/,
    ],
    [
      'a filter with an unknown option',
      (a) => {
        view(a, 'all_tasks').filter = {
          combinator: 'and',
          conditions: [{ fieldId: 'stage', op: 'eq', value: 'closed' }],
        };
      },
      'views[0].filter.conditions[0].value',
      /"closed" is not an option of "stage" \(options: todo, doing, done\)/,
    ],
    [
      'a filter "in" with one value',
      (a) => {
        view(a, 'all_tasks').filter = {
          combinator: 'and',
          conditions: [{ fieldId: 'stage', op: 'in', value: 'todo' }],
        };
      },
      'views[0].filter.conditions[0].value',
      /needs a list of values/,
    ],
    [
      'a filter comparing a number with text',
      (a) => {
        view(a, 'all_tasks').filter = {
          combinator: 'and',
          conditions: [{ fieldId: 'estimate', op: 'eq', value: 'many' }],
        };
      },
      'views[0].filter.conditions[0].value',
      /holds numbers/,
    ],
    [
      'a filter nested too deep',
      (a) => {
        const deep = {
          combinator: 'and' as const,
          conditions: [
            {
              combinator: 'and' as const,
              conditions: [
                {
                  combinator: 'and' as const,
                  conditions: [
                    {
                      combinator: 'and' as const,
                      conditions: [{ combinator: 'and' as const, conditions: [] }],
                    },
                  ],
                },
              ],
            },
          ],
        };
        view(a, 'all_tasks').filter = deep;
      },
      'views[0].filter.conditions[0].conditions[0].conditions[0].conditions[0]',
      /at most 4 groups deep/,
    ],
    [
      'a navigation item for a missing view',
      (a) => {
        a.navigation.push({ viewId: 'reports' });
      },
      'navigation[4].viewId',
      /there is no view "reports"/,
    ],
    [
      'a detail view in the navigation',
      (a) => {
        a.navigation.push({ viewId: 'task' });
      },
      'navigation[4].viewId',
      /open it from a list/,
    ],
    [
      'an unknown default role',
      (a) => {
        a.access.defaultRoleId = 'guest';
      },
      'access.defaultRoleId',
      /there is no role "guest"/,
    ],
    [
      'a permission on a missing table',
      (a) => {
        a.access.roles[0]!.tables[0]!.tableId = 'clients';
      },
      'access.roles[0].tables[0].tableId',
      /there is no table "clients"/,
    ],
    [
      'a hidden field that does not exist',
      (a) => {
        a.access.roles[0]!.hiddenFields = [{ tableId: 'projects', fieldId: 'cost' }];
      },
      'access.roles[0].hiddenFields[0].fieldId',
      /has no field "cost"/,
    ],
    [
      'an automation watching a missing field',
      (a) => {
        a.automations[0]!.trigger = { on: 'update', watchFields: ['blockd'] };
      },
      'automations[0].trigger.watchFields[0]',
      /did you mean "blocked"/,
    ],
    [
      'a notification to a non-e-mail field',
      (a) => {
        (a.automations[0]!.actions[0] as { to: unknown }).to = { kind: 'field', fieldId: 'title' };
      },
      'automations[0].actions[0].to.fieldId',
      /notifications go to an e-mail field/,
    ],
    [
      'a placeholder with a typo',
      (a) => {
        (a.automations[0]!.actions[0] as { body: string }).body = 'Task {{record.titl}}';
      },
      'automations[0].actions[0].body',
      /titl/,
    ],
    [
      'an update setting a computed field',
      (a) => {
        (a.automations[0]!.actions[1] as { set: unknown }).set = [{ fieldId: 'remaining', value: '1.0' }];
      },
      'automations[0].actions[1].set[0].fieldId',
      /cannot be set/,
    ],
    [
      'an update with a value of the wrong type',
      (a) => {
        (a.automations[0]!.actions[1] as { set: unknown }).set = [{ fieldId: 'blocked', value: '"yes"' }];
      },
      'automations[0].actions[1].set[0].value',
      /bool/,
    ],
    [
      '"previous" in a create automation',
      (a) => {
        a.automations[0]!.trigger = { on: 'create' };
      },
      'automations[0].condition',
      /previous/,
    ],
    [
      'an automation that sets itself off',
      (a) => {
        a.automations[0]!.trigger = { on: 'update', watchFields: ['stage'] };
        a.automations[0]!.condition = 'record.blocked';
      },
      'automations[0].actions',
      /automations can set each other off endlessly: "notify_owner" → "notify_owner"/,
    ],
    [
      'two automations that set each other off',
      (a) => {
        a.automations.push({
          id: 'unblock',
          label: 'Unblock',
          tableId: 'tasks',
          trigger: { on: 'update', watchFields: ['stage'] },
          actions: [{ kind: 'update_record', target: 'this', set: [{ fieldId: 'blocked', value: 'false' }] }],
        });
      },
      'automations[0].actions',
      /"notify_owner" → "unblock" → "notify_owner"/,
    ],
  ];

  it.each(cases)('reports %s', (_name, mutate, path, message) => {
    const errors = errorsAfter(mutate);
    const match = errors.find((e) => e.path === path && message.test(e.message));
    expect(match, `expected ${path}: ${message} in ${JSON.stringify(errors, null, 1)}`).toBeDefined();
  });

  it('reports every problem at once, not just the first', () => {
    const errors = errorsAfter((a) => {
      view(a, 'board').groupByFieldId = 'title';
      a.access.defaultRoleId = 'guest';
      tasks(a).primaryFieldId = 'nope';
    });
    expect(errors.map((e) => e.path).sort()).toEqual([
      'access.defaultRoleId',
      'tables[1].primaryFieldId',
      'views[4].groupByFieldId',
    ]);
  });
});

describe('autonumbers in expressions', () => {
  it('a prefixed autonumber is text ("PO-1001"), a plain one a number', async () => {
    const { AppIndex, fieldExprType } = await import('./app-context.ts');
    const app = tasksApp();
    const index = new AppIndex(app);
    const tableId = app.tables[0]!.id;
    const prefixed = { id: 'ref', label: 'Ref', type: 'autonumber', prefix: 'PO-' } as Field;
    const plain = { id: 'n', label: 'No.', type: 'autonumber' } as Field;
    expect(fieldExprType(prefixed, tableId, index)).toBe('string');
    expect(fieldExprType(plain, tableId, index)).toBe('double');
  });
});

describe('charts over rollups', () => {
  it('a chart may sum a rollup (always a number), as the viewer computes it', () => {
    const app = tasksApp();
    app.views.push({
      id: 'project_hours',
      label: 'Hours per project',
      kind: 'chart',
      tableId: 'projects',
      chartType: 'bar',
      xFieldId: 'name',
      aggregate: 'sum',
      yFieldId: 'hours',
    } as View);
    const result = validateApp(app);
    expect(result.ok ? [] : result.errors.filter((e) => e.path.includes('views'))).toEqual([]);
  });
});
