import { describe, expect, it } from 'vitest';
import { allExampleApps, applied, issuesOf, recipes, tinyApp } from './examples.fixture.ts';
import { addAutomation, addView, updateView, VIEW_KINDS } from './index.ts';

describe('add view', () => {
  it('adds a valid view of every kind to every example table that can have one, or says why not', () => {
    for (const app of allExampleApps)
      for (const table of app.tables)
        for (const kind of VIEW_KINDS) {
          const result = addView(app, { tableId: table.id, kind });
          if (result.ok) expect(issuesOf(result.definition), `${app.slug} ${table.id} ${kind}`).toEqual([]);
          else expect(result.reason).toMatch(/add one first/);
        }
  });

  it('explains that a calendar needs a date field and a board a single-select field', () => {
    expect(addView(tinyApp(), { tableId: 'tasks', kind: 'calendar' })).toEqual({
      ok: false,
      reason: 'A calendar places rows by a date, and table "Tasks" has no date field; add one first.',
    });
    expect(addView(tinyApp(), { tableId: 'tasks', kind: 'kanban' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('single-select'),
    });
  });

  it('picks settings from the table: columns from its fields, the board from its first select, dates for the calendar', () => {
    const app = recipes();
    const list = applied(addView(app, { tableId: 'recipes', kind: 'list' }));
    expect(list.definition.views.at(-1)).toEqual({
      id: 'recipes_list',
      label: 'Recipes list',
      tableId: 'recipes',
      kind: 'list',
      columns: ['title', 'summary', 'cuisine', 'course', 'tags'],
      pageSize: 25,
    });
    const board = applied(addView(app, { tableId: 'recipes', kind: 'kanban' })).definition.views.at(-1);
    expect(board).toMatchObject({ kind: 'kanban', groupByFieldId: 'cuisine', cardTitleFieldId: 'title' });
    const calendar = applied(addView(app, { tableId: 'cook_log', kind: 'calendar' })).definition.views.at(-1);
    expect(calendar).toMatchObject({
      kind: 'calendar',
      startFieldId: 'cooked_on',
      titleFieldId: 'occasion',
      defaultRange: 'month',
    });
    const form = applied(addView(app, { tableId: 'recipes', kind: 'form' })).definition.views.at(-1);
    // Only fields a person fills in, and only the app's default role may submit.
    expect(form).toMatchObject({ kind: 'form', mode: 'create', allowedRoles: ['visitor'] });
    expect(JSON.stringify(form)).not.toContain('total_minutes');
  });

  it('adds views people open to the navigation, but not a detail view', () => {
    const app = recipes();
    const list = applied(addView(app, { tableId: 'recipes', kind: 'list' }));
    expect(list.definition.navigation.at(-1)).toEqual({ viewId: 'recipes_list' });
    const detail = applied(addView(app, { tableId: 'recipes', kind: 'detail' }));
    expect(detail.definition.navigation).toBe(app.navigation);
  });

  it('refuses a view setting the schema rejects', () => {
    const result = updateView(recipes(), { viewId: 'weeknight_dinners', patch: { pageSize: 1 } });
    expect(result.ok).toBe(false);
  });
});

describe('add automation', () => {
  it('adds an automation of each kind that validates, on a new row of its table', () => {
    const app = recipes();
    for (const kind of ['notify', 'update_record', 'start_workflow'] as const) {
      const result = applied(addAutomation(app, { tableId: 'cook_log', kind, workflowId: 'wf_1' }));
      const automation = result.definition.automations.at(-1)!;
      expect(automation).toMatchObject({
        tableId: 'cook_log',
        trigger: { on: 'create' },
        actions: [{ kind }],
      });
      expect(issuesOf(result.definition), kind).toEqual([]);
    }
  });

  it('notifies in the app, not by e-mail, until the builder picks who', () => {
    const result = applied(addAutomation(recipes(), { tableId: 'recipes', kind: 'notify' }));
    expect(result.definition.automations.at(-1)!.actions[0]).toMatchObject({
      channel: 'in_app',
      to: { kind: 'role', roleId: 'visitor' },
    });
  });

  it('asks which workflow to start', () => {
    expect(addAutomation(recipes(), { tableId: 'recipes', kind: 'start_workflow' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('choose the workflow'),
    });
  });
});
