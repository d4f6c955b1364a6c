import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppDefinition, type View } from '../../schemas/definitions.ts';
import { validateApp } from '../definitions/validate-app.ts';
import { referencedPaths } from '../expr/index.ts';
import type { Actor } from './access.ts';
import { NO_TABLE, viewerDefinition } from './viewer-definition.ts';

// What the viewer is sent: the published definition cut down to one caller. A hidden field must
// not survive anywhere, and the result must still be an AppDefinition the client can parse.

const opt = (id: string) => ({ id, label: id, color: 'gray' as const });
const owner: Actor = { kind: 'owner' };
const staff: Actor = { kind: 'end_user', endUserId: 'e1', roleId: 'staff' };
const self: Actor = { kind: 'end_user', endUserId: 'e2', roleId: 'self' };
const visitor: Actor = { kind: 'visitor', roleId: 'staff' };
const HIDDEN = ['salary_x7', 'review_q3'];

/** Staff may not see salaries or reviews; every part of this app tries to leak one of them. */
function staffApp(): AppDefinition {
  const list = (id: string, extra: Partial<Extract<View, { kind: 'list' }>> = {}): View => ({
    id,
    label: id,
    kind: 'list',
    tableId: 'employees',
    columns: ['name', 'salary_x7', 'level'],
    pageSize: 20,
    ...extra,
  });
  const all = { create: true, read: true, update: true, delete: true, rowScope: 'all' } as const;
  return AppDefinition.parse({
    schemaVersion: 1,
    kind: 'app',
    name: 'Staff',
    slug: 'staff',
    themeColor: '#123456',
    tables: [
      {
        id: 'employees',
        label: 'Employees',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text' },
          { id: 'salary_x7', label: 'Salary', type: 'currency', currency: 'EUR' },
          { id: 'review_q3', label: 'Review', type: 'long_text' },
          { id: 'bonus_pct', label: 'Bonus', type: 'percent' },
          {
            id: 'pay_total',
            label: 'Pay',
            type: 'computed',
            expression: 'record.salary_x7 * 2.0',
            resultType: 'number',
          },
          {
            id: 'pay_label',
            label: 'Pay label',
            type: 'computed',
            expression: 'string(record.pay_total)',
            resultType: 'text',
          },
          {
            id: 'bonus_x2',
            label: 'Double bonus',
            type: 'computed',
            expression: 'record.bonus_pct * 2.0',
            resultType: 'number',
          },
          { id: 'level', label: 'Level', type: 'single_select', options: ['junior', 'senior'].map(opt) },
          { id: 'stage', label: 'Stage', type: 'single_select', options: ['hired', 'left'].map(opt) },
          { id: 'start_date', label: 'Start', type: 'date' },
          {
            id: 'team',
            label: 'Team',
            type: 'relation',
            targetTableId: 'teams',
            cardinality: 'many_to_one',
            inverseFieldId: 'members',
          },
        ],
        validationRules: [
          { id: 'pay_positive', expression: 'record.salary_x7 > 0.0', message: 'Pay must be positive.' },
          { id: 'named', expression: 'record.name != ""', message: 'Give a name.' },
        ],
        stateMachine: {
          fieldId: 'stage',
          initial: 'hired',
          transitions: [{ id: 'leave', from: ['hired'], to: 'left', roles: ['manager'] }],
        },
      },
      {
        id: 'teams',
        label: 'Teams',
        primaryFieldId: 'name',
        fields: [
          { id: 'name', label: 'Name', type: 'text' },
          {
            id: 'members',
            label: 'Members',
            type: 'relation',
            targetTableId: 'employees',
            cardinality: 'one_to_many',
            inverseFieldId: 'team',
          },
          {
            id: 'payroll',
            label: 'Payroll',
            type: 'rollup',
            relationFieldId: 'members',
            targetFieldId: 'salary_x7',
            aggregate: 'sum',
          },
          {
            id: 'headcount',
            label: 'Headcount',
            type: 'rollup',
            relationFieldId: 'members',
            aggregate: 'count',
          },
          {
            id: 'lead',
            label: 'Lead',
            type: 'relation',
            targetTableId: 'employees',
            cardinality: 'many_to_one',
          },
          {
            id: 'lead_pay',
            label: 'Lead pay',
            type: 'lookup',
            relationFieldId: 'lead',
            targetFieldId: 'salary_x7',
          },
          {
            id: 'lead_name',
            label: 'Lead name',
            type: 'lookup',
            relationFieldId: 'lead',
            targetFieldId: 'name',
          },
          { id: 'state', label: 'State', type: 'single_select', options: ['open', 'closed'].map(opt) },
        ],
        stateMachine: {
          fieldId: 'state',
          initial: 'open',
          transitions: [
            { id: 'close', from: ['open'], to: 'closed', roles: ['staff', 'manager'] },
            { id: 'reopen', from: ['closed'], to: 'open', guard: 'record.headcount > 0.0' },
          ],
        },
      },
      {
        id: 'payroll_runs',
        label: 'Payroll runs',
        primaryFieldId: 'period',
        fields: [{ id: 'period', label: 'Period', type: 'text' }],
      },
    ],
    views: [
      list('people'),
      list('rich', {
        filter: {
          combinator: 'and',
          conditions: [{ combinator: 'or', conditions: [{ fieldId: 'salary_x7', op: 'gt', value: 1000 }] }],
        },
      }),
      list('by_pay', { sort: [{ fieldId: 'salary_x7', direction: 'desc' }] }),
      list('only_pay', { columns: ['salary_x7'] }),
      list('grouped', { groupByFieldId: 'review_q3' }),
      {
        id: 'pay_board',
        label: 'Pay',
        kind: 'kanban',
        tableId: 'employees',
        groupByFieldId: 'level',
        cardTitleFieldId: 'salary_x7',
        cardFields: [],
      },
      {
        id: 'level_board',
        label: 'Levels',
        kind: 'kanban',
        tableId: 'employees',
        groupByFieldId: 'level',
        cardTitleFieldId: 'name',
        cardFields: ['salary_x7', 'bonus_pct'],
      },
      {
        id: 'starts',
        label: 'Starts',
        kind: 'calendar',
        tableId: 'employees',
        startFieldId: 'start_date',
        titleFieldId: 'name',
        colorFieldId: 'level',
        defaultRange: 'month',
      },
      {
        id: 'pay_chart',
        label: 'Pay',
        kind: 'chart',
        tableId: 'employees',
        chartType: 'bar',
        xFieldId: 'level',
        aggregate: 'sum',
        yFieldId: 'salary_x7',
      },
      {
        id: 'heads',
        label: 'Heads',
        kind: 'chart',
        tableId: 'employees',
        chartType: 'bar',
        xFieldId: 'level',
        aggregate: 'count',
      },
      {
        id: 'review_chart',
        label: 'Reviews',
        kind: 'chart',
        tableId: 'employees',
        chartType: 'pie',
        xFieldId: 'level',
        aggregate: 'count',
        groupByFieldId: 'review_q3',
      },
      {
        id: 'cards',
        label: 'Cards',
        kind: 'card_grid',
        tableId: 'employees',
        titleFieldId: 'name',
        fields: ['salary_x7', 'level'],
      },
      {
        id: 'person',
        label: 'Person',
        kind: 'detail',
        tableId: 'employees',
        sections: [
          { label: 'Basics', fields: ['name', 'level'] },
          { label: 'Pay', fields: ['salary_x7', 'pay_total'] },
        ],
      },
      {
        id: 'team',
        label: 'Team',
        kind: 'detail',
        tableId: 'teams',
        sections: [{ label: 'Team', fields: ['name', 'payroll', 'headcount'] }],
        relatedLists: [
          { relationFieldId: 'members', columns: ['name', 'salary_x7'] },
          { relationFieldId: 'team', columns: ['salary_x7'] },
        ],
      },
      {
        id: 'hire',
        label: 'Hire',
        kind: 'form',
        tableId: 'employees',
        mode: 'create',
        sections: [{ label: 'New', fields: ['name', 'salary_x7'] }],
        submit: { label: 'Hire', after: 'reset' },
        allowedRoles: ['manager'],
      },
      {
        id: 'edit_profile',
        label: 'Edit profile',
        kind: 'form',
        tableId: 'employees',
        mode: 'create_or_edit',
        sections: [
          { label: 'You', fields: ['name', 'bonus_pct', 'level'] },
          { label: 'Pay', fields: ['salary_x7'] },
        ],
        visibility: [
          { fieldId: 'bonus_pct', visibleWhen: 'record.salary_x7 > 100.0' },
          { fieldId: 'level', visibleWhen: 'record.bonus_pct > 1.0' },
        ],
        submit: { label: 'Save', after: 'open_view', viewId: 'rich' },
        allowedRoles: ['staff', 'self', 'manager'],
      },
      { id: 'runs', label: 'Runs', kind: 'list', tableId: 'payroll_runs', columns: ['period'], pageSize: 20 },
    ],
    access: {
      level: 'public',
      defaultRoleId: 'staff',
      roles: [
        {
          id: 'manager',
          label: 'Manager',
          tables: ['employees', 'teams', 'payroll_runs'].map((tableId) => ({ tableId, ...all })),
        },
        {
          id: 'staff',
          label: 'Staff',
          tables: [
            { tableId: 'employees', create: true, read: true, update: true, delete: false, rowScope: 'all' },
            { tableId: 'teams', create: false, read: true, update: true, delete: false, rowScope: 'all' },
          ],
          hiddenFields: HIDDEN.map((fieldId) => ({ tableId: 'employees', fieldId })),
        },
        {
          id: 'self',
          label: 'Self',
          tables: [
            { tableId: 'employees', create: false, read: true, update: true, delete: false, rowScope: 'own' },
          ],
        },
      ],
    },
    automations: [
      {
        id: 'notify',
        label: 'Tell HR',
        tableId: 'employees',
        trigger: { on: 'create' },
        actions: [
          {
            kind: 'notify',
            channel: 'email',
            to: { kind: 'address', email: 'hr@x.test' },
            subject: 'New',
            body: 'Pay {{record.salary_x7}}',
          },
        ],
      },
    ],
    navigation: [{ viewId: 'people' }, { viewId: 'rich' }, { viewId: 'runs' }, { viewId: 'edit_profile' }],
  });
}

const cut = (actor: Actor, app = staffApp()) => viewerDefinition(app, actor);
const viewIds = (definition: AppDefinition) => definition.views.map((view) => view.id);
const viewOf = (definition: AppDefinition, id: string) => definition.views.find((view) => view.id === id);
const tableOf = (definition: AppDefinition, id: string) =>
  definition.tables.find((table) => table.id === id)!;
const fieldIds = (definition: AppDefinition, tableId: string) =>
  tableOf(definition, tableId).fields.map((f) => f.id);

describe('viewerDefinition: what a role may not see is not sent', () => {
  it('the hidden fields, the other roles and the automations appear nowhere in the JSON', () => {
    for (const actor of [staff, visitor]) {
      const { definition } = cut(actor);
      const json = JSON.stringify(definition);
      for (const secret of [...HIDDEN, 'payroll_runs', 'manager', 'hr@x.test', 'hiddenFields'])
        expect(json, `${actor.kind}: ${secret}`).not.toContain(secret);
      expect(AppDefinition.safeParse(definition).success).toBe(true);
    }
  });

  it('drops views that cannot work without a hidden field, or whose filter or sort uses one', () => {
    const { definition } = cut(staff);
    expect(viewIds(definition)).toEqual([
      'people',
      'grouped',
      'level_board',
      'starts',
      'heads',
      'cards',
      'person',
      'team',
      'edit_profile',
    ]);
    expect(definition.navigation).toEqual([{ viewId: 'people' }, { viewId: 'edit_profile' }]);
  });

  it('removes hidden columns, card fields, sections and related-list columns, keeping the rest', () => {
    const { definition } = cut(staff);
    expect(viewOf(definition, 'people')).toMatchObject({ columns: ['name', 'level'] });
    expect(viewOf(definition, 'grouped')).not.toHaveProperty('groupByFieldId');
    expect(viewOf(definition, 'level_board')).toMatchObject({ cardFields: ['bonus_pct'] });
    expect(viewOf(definition, 'cards')).toMatchObject({ fields: ['level'] });
    expect(viewOf(definition, 'person')).toMatchObject({
      sections: [{ label: 'Basics', fields: ['name', 'level'] }],
    });
    expect(viewOf(definition, 'team')).toMatchObject({
      sections: [{ fields: ['name', 'headcount'] }],
      relatedLists: [{ relationFieldId: 'members', columns: ['name'] }],
    });
  });

  it('drops computed fields, lookups and rollups that read a hidden field, also through another computed field', () => {
    const { definition } = cut(staff);
    expect(fieldIds(definition, 'employees')).toEqual([
      'name',
      'bonus_pct',
      'bonus_x2',
      'level',
      'stage',
      'start_date',
      'team',
    ]);
    expect(fieldIds(definition, 'teams')).toEqual([
      'name',
      'members',
      'headcount',
      'lead',
      'lead_name',
      'state',
    ]);
  });

  it('leaves out rules that read a hidden field, and moves the role may not make', () => {
    const { definition } = cut(staff);
    const employees = tableOf(definition, 'employees');
    expect(employees.validationRules?.map((rule) => rule.id)).toEqual(['named']);
    // Only managers may move an employee's stage: staff see it read-only, without the machine.
    expect(employees.stateMachine).toBeUndefined();
    expect(employees.fields.find((field) => field.id === 'stage')).toMatchObject({ readOnly: true });
    expect(tableOf(definition, 'teams').stateMachine?.transitions).toEqual([
      { id: 'close', from: ['open'], to: 'closed', roles: ['staff'] },
      { id: 'reopen', from: ['closed'], to: 'open', guard: 'record.headcount > 0.0' },
    ]);
  });

  it('a state machine whose guard reads a hidden field is left out', () => {
    const app = staffApp();
    app.tables[1]!.stateMachine!.transitions[1]!.guard = 'record.payroll > 0.0';
    expect(tableOf(cut(staff, app).definition, 'teams').stateMachine).toBeUndefined();
  });

  it('forms: the role must be allowed and the right must match the mode; hidden parts are cut', () => {
    const { definition } = cut(staff);
    const form = viewOf(definition, 'edit_profile');
    expect(form).toMatchObject({
      sections: [{ label: 'You', fields: ['name', 'bonus_pct', 'level'] }],
      visibility: [{ fieldId: 'level', visibleWhen: 'record.bonus_pct > 1.0' }],
      // The view it would open is gone, so it shows its message instead.
      submit: { label: 'Save', after: 'show_message' },
      allowedRoles: ['staff'],
    });
    expect(viewIds(cut(self).definition)).toContain('edit_profile');
    const noUpdate = staffApp();
    noUpdate.access.roles[2]!.tables[0]!.update = false;
    expect(viewIds(cut(self, noUpdate).definition)).not.toContain('edit_profile');
    expect(viewIds(cut(owner).definition)).toContain('hire');
    const anyone = staffApp();
    (anyone.views.find((view) => view.id === 'hire') as Extract<View, { kind: 'form' }>).allowedRoles =
      'anyone';
    expect(viewOf(cut(visitor, anyone).definition, 'hire')).toMatchObject({ allowedRoles: 'anyone' });
  });

  it('a field hidden by the role but used in a filter removes the view even when it is shown nowhere else', () => {
    const app = staffApp();
    app.views.push({
      id: 'juniors',
      label: 'Juniors',
      kind: 'card_grid',
      tableId: 'employees',
      titleFieldId: 'name',
      fields: [],
      filter: { combinator: 'and', conditions: [{ fieldId: 'review_q3', op: 'is_empty' }] },
    });
    expect(viewIds(cut(owner, app).definition)).toContain('juniors');
    expect(viewIds(cut(staff, app).definition)).not.toContain('juniors');
  });

  it('a hidden primary field gives way to the first visible field', () => {
    const app = staffApp();
    app.tables[0]!.primaryFieldId = 'salary_x7';
    expect(tableOf(cut(staff, app).definition, 'employees').primaryFieldId).toBe('name');
  });
});

describe('viewerDefinition: rights and access', () => {
  it('gives rights per kept table, with own-rows scope', () => {
    expect(cut(staff).rights).toEqual({
      employees: { create: true, read: true, update: true, delete: false, ownRowsOnly: false },
      teams: { create: false, read: true, update: true, delete: false, ownRowsOnly: false },
    });
    expect(cut(self).rights).toEqual({
      employees: { create: false, read: true, update: true, delete: false, ownRowsOnly: true },
    });
    expect(Object.keys(cut(owner).rights)).toEqual(['employees', 'teams', 'payroll_runs']);
  });

  it('keeps only the caller’s role, without hidden fields; the owner gets every role and view', () => {
    expect(cut(staff).definition.access).toEqual({
      level: 'public',
      defaultRoleId: 'staff',
      roles: [{ id: 'staff', label: 'Staff', tables: staffApp().access.roles[1]!.tables }],
    });
    const mine = cut(owner).definition;
    const { automations: _, ...rest } = staffApp();
    expect(mine).toEqual({ ...rest, automations: [] });
  });

  it('a caller who may use no table gets a placeholder that names nothing of the app', () => {
    const app = staffApp();
    app.access.level = 'invite_only';
    const { definition, rights } = cut(visitor, app);
    expect(definition.tables).toEqual([NO_TABLE]);
    expect(definition.views).toEqual([]);
    expect(rights).toEqual({
      [NO_TABLE.id]: { create: false, read: false, update: false, delete: false, ownRowsOnly: false },
    });
    expect(AppDefinition.safeParse(definition).success).toBe(true);
    const unknown = cut({ kind: 'end_user', endUserId: 'e', roleId: 'gone' }).definition;
    expect(unknown.access.roles).toEqual([{ id: 'gone', label: 'No role', tables: [] }]);
  });
});

// ---- every example app, for every kind of caller -------------------------------------------

const folder = new URL('../../schemas/examples/', import.meta.url);
const examples = readdirSync(folder)
  .filter((name) => name.endsWith('.app.json'))
  .map((name) => ({
    name,
    app: AppDefinition.parse(JSON.parse(readFileSync(new URL(name, folder), 'utf8'))),
  }));

function actorsOf(app: AppDefinition): [string, Actor][] {
  return [
    ['owner', owner],
    ['visitor', { kind: 'visitor', roleId: app.access.defaultRoleId }],
    ...app.access.roles.map((role): [string, Actor] => [
      role.id,
      { kind: 'end_user', endUserId: 'e', roleId: role.id },
    ]),
  ];
}

function filterIds(group: unknown): string[] {
  const g = group as { conditions?: { fieldId?: string }[] } | undefined;
  return (g?.conditions ?? []).flatMap((c) => ('fieldId' in c ? [c.fieldId!] : filterIds(c)));
}

const exprIds = (source: string) =>
  (referencedPaths(source) ?? []).flatMap(([root, id]) => (root === 'record' && id ? [id] : []));

/** Every field a definition names, as [tableId, fieldId], found independently of the code under test. */
function fieldReferences(app: AppDefinition): [string, string][] {
  const refs: [string, string][] = [];
  const add = (tableId: string, ids: (string | undefined)[]) => {
    for (const id of ids) if (id !== undefined) refs.push([tableId, id]);
  };
  for (const table of app.tables) {
    add(table.id, [table.primaryFieldId, ...table.fields.map((f) => f.id)]);
    for (const field of table.fields) {
      if (field.type === 'computed') add(table.id, exprIds(field.expression));
      if (field.type === 'lookup' || field.type === 'rollup') add(table.id, [field.relationFieldId]);
      if (field.type === 'relation') add(field.targetTableId, [field.inverseFieldId]);
    }
    for (const rule of table.validationRules ?? []) add(table.id, exprIds(rule.expression));
    const machine = table.stateMachine;
    if (machine)
      add(table.id, [
        machine.fieldId,
        ...machine.transitions.flatMap((t) => (t.guard ? exprIds(t.guard) : [])),
      ]);
  }
  for (const view of app.views) {
    const t = view.tableId;
    add(t, filterIds('filter' in view ? view.filter : undefined));
    if ('sort' in view)
      add(
        t,
        (view.sort ?? []).map((key) => key.fieldId),
      );
    if (view.kind === 'list') add(t, [...view.columns, view.groupByFieldId]);
    if (view.kind === 'detail' || view.kind === 'form')
      add(
        t,
        view.sections.flatMap((s) => s.fields),
      );
    if (view.kind === 'form')
      for (const rule of view.visibility ?? []) add(t, [rule.fieldId, ...exprIds(rule.visibleWhen)]);
    if (view.kind === 'card_grid') add(t, [view.titleFieldId, view.imageFieldId, ...view.fields]);
    if (view.kind === 'kanban') add(t, [view.groupByFieldId, view.cardTitleFieldId, ...view.cardFields]);
    if (view.kind === 'calendar')
      add(t, [view.startFieldId, view.endFieldId, view.titleFieldId, view.colorFieldId]);
    if (view.kind === 'chart') add(t, [view.xFieldId, view.yFieldId, view.groupByFieldId]);
  }
  return refs;
}

/** Field ids a role hides, per table. */
function hiddenOf(app: AppDefinition, roleId: string): Set<string> {
  const role = app.access.roles.find((r) => r.id === roleId);
  return new Set((role?.hiddenFields ?? []).map((ref) => `${ref.tableId}.${ref.fieldId}`));
}

function checkCut(app: AppDefinition, actor: Actor, label: string) {
  const { definition, rights } = viewerDefinition(app, actor);
  const parsed = AppDefinition.safeParse(JSON.parse(JSON.stringify(definition)));
  expect(parsed.success, `${label}: ${parsed.error?.message}`).toBe(true);
  expect(Object.keys(rights).sort(), label).toEqual(definition.tables.map((t) => t.id).sort());
  expect(definition.automations, label).toEqual([]);
  if (actor.kind !== 'owner') {
    const hidden = hiddenOf(app, actor.roleId);
    const leaks = fieldReferences(definition).filter(([t, f]) => hidden.has(`${t}.${f}`));
    expect(leaks, label).toEqual([]);
    expect(
      definition.access.roles.map((r) => r.id),
      label,
    ).toEqual([actor.roleId]);
  }
  // Every reference still resolves. What a role's cut may break: some states are out of its
  // reach (it sees only the moves it may make), and a table whose visible fields are all
  // relations or files has no field left that can name a row.
  const validated = validateApp(definition);
  const onlyLinks = (path: string) => {
    const table = definition.tables[Number(/^tables\[(\d+)\]/.exec(path)?.[1])];
    return table?.fields.every((f) => f.type === 'relation' || f.type === 'attachment') ?? false;
  };
  const problems = validated.ok
    ? []
    : validated.errors.filter(
        (e) =>
          !/no transition leads to/.test(e.message) &&
          !(/cannot name a row/.test(e.message) && onlyLinks(e.path)),
      );
  expect(problems, label).toEqual([]);
}

describe('viewerDefinition over every example app', () => {
  it.each(examples)(
    '$name parses and leaks nothing, for the owner, a visitor and every role',
    ({ name, app }) => {
      for (const [who, actor] of actorsOf(app)) checkCut(app, actor, `${name} as ${who}`);
    },
  );

  it('holds whatever fields a role hides (property)', () => {
    const cases = examples.map(({ app }) => app);
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.infiniteStream(fc.boolean()),
        fc.constantFrom<'visitor' | 'end_user'>('visitor', 'end_user'),
        (original, coin, kind) => {
          const app = structuredClone(original);
          app.access.level = 'public';
          const role = app.access.roles[0]!;
          role.hiddenFields = app.tables.flatMap((table) =>
            table.fields
              .filter(() => coin.next().value)
              .map((field) => ({ tableId: table.id, fieldId: field.id })),
          );
          role.tables = app.tables.map((table) => ({
            tableId: table.id,
            create: coin.next().value,
            read: true,
            update: coin.next().value,
            delete: false,
            rowScope: 'all',
          }));
          const actor: Actor =
            kind === 'visitor' ? { kind, roleId: role.id } : { kind, endUserId: 'e', roleId: role.id };
          checkCut(app, actor, `${app.slug} hiding ${role.hiddenFields.length} fields`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
