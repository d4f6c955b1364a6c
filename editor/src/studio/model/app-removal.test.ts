import { describe, expect, it } from 'vitest';
import { allExampleApps, applied, exampleApps, issuesOf, recipes, tinyApp } from './examples.fixture.ts';
import {
  addField,
  addView,
  deleteAutomation,
  deleteField,
  deleteTable,
  deleteView,
  updateAutomation,
  updateView,
} from './index.ts';

const fieldIds = (app: ReturnType<typeof recipes>, tableId: string) =>
  app.tables.find((t) => t.id === tableId)?.fields.map((f) => f.id);

describe('delete field', () => {
  it('removes it from every view: columns, sections, card fields, filters and sorts', () => {
    const app = recipes();
    const result = applied(deleteField(app, { tableId: 'recipes', fieldId: 'cuisine' }));
    expect(fieldIds(result.definition, 'recipes')).not.toContain('cuisine');
    expect(JSON.stringify(result.definition.views.filter((v) => v.tableId === 'recipes'))).not.toContain(
      '"cuisine"',
    );
    expect(result.removed.map((r) => r.summary).join('\n')).toMatch(/removed from view/);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('takes a relation’s other side, and the lookups and rollups through it, reporting each', () => {
    const app = recipes();
    // Deleting the relation from the ingredients side: recipes.ingredients is its other side, and
    // the rollups through that are read by no expression but "Cost per serving"; drop that first.
    const cost = app.tables[0]!.fields.find((f) => f.id === 'cost_per_serving')!;
    expect(cost.type).toBe('computed');
    const withoutCost = applied(
      deleteField(app, { tableId: 'recipes', fieldId: 'cost_per_serving' }),
    ).definition;
    const result = applied(deleteField(withoutCost, { tableId: 'ingredients', fieldId: 'recipe' }));
    expect(fieldIds(result.definition, 'recipes')).not.toContain('ingredients');
    expect(fieldIds(result.definition, 'recipes')).not.toContain('ingredient_count');
    expect(fieldIds(result.definition, 'recipes')).not.toContain('estimated_cost');
    expect(fieldIds(result.definition, 'ingredients')).not.toContain('recipe_title');
    const removedFields = result.removed
      .filter((r) => r.entity === 'field')
      .map((r) => `${r.tableId}.${r.id}`);
    expect(removedFields).toEqual(
      expect.arrayContaining([
        'recipes.ingredients',
        'recipes.ingredient_count',
        'recipes.estimated_cost',
        'ingredients.recipe_title',
      ]),
    );
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('refuses when an expression reads the field, naming the expression', () => {
    const result = deleteField(recipes(), { tableId: 'recipes', fieldId: 'prep_time' });
    expect(result).toEqual({
      ok: false,
      reason:
        'Cannot delete: computed field "Total time (min)" of table "Recipes" reads field "Preparation time" of table "Recipes"; validation rule "takes_some_time" of table "Recipes" reads field "Preparation time" of table "Recipes". Change those expressions first.',
    });
  });

  it('gives the table another primary field when its primary one goes', () => {
    const app = applied(
      updateAutomation(recipes(), {
        automationId: 'announce_new_recipe',
        patch: {
          actions: [
            {
              kind: 'notify',
              channel: 'in_app',
              to: { kind: 'role', roleId: 'editor' },
              subject: 'New recipe',
              body: 'A recipe was added.',
            },
          ],
        },
      }),
    ).definition;
    const result = applied(deleteField(app, { tableId: 'recipes', fieldId: 'title' }));
    const table = result.definition.tables[0]!;
    expect(table.primaryFieldId).toBe('cookbook_name'); // the first text field left
    expect(result.removed).toContainEqual(
      expect.objectContaining({
        entity: 'table',
        id: 'recipes',
        summary: expect.stringContaining('named by'),
      }),
    );
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('gives a kanban another select field for its columns when its own is deleted', () => {
    const board = applied(addView(recipes(), { tableId: 'recipes', kind: 'kanban' }));
    const viewId = board.created[0]!.id;
    expect(board.definition.views.find((v) => v.id === viewId)).toMatchObject({ groupByFieldId: 'cuisine' });
    const result = applied(deleteField(board.definition, { tableId: 'recipes', fieldId: 'cuisine' }));
    expect(result.definition.views.find((v) => v.id === viewId)).toMatchObject({ groupByFieldId: 'course' });
    expect(result.removed).toContainEqual(
      expect.objectContaining({
        entity: 'view',
        id: viewId,
        summary: expect.stringContaining('is now "Course"'),
      }),
    );
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('removes a kanban, and its navigation item, when no select field is left for its columns', () => {
    let app = applied(addField(tinyApp(), { tableId: 'tasks', spec: { type: 'single_select' } })).definition;
    const board = applied(addView(app, { tableId: 'tasks', kind: 'kanban' }));
    app = board.definition;
    expect(app.navigation).toEqual([{ viewId: board.created[0]!.id }]);
    const result = applied(deleteField(app, { tableId: 'tasks', fieldId: 'status' }));
    expect(result.definition.views).toEqual([]);
    expect(result.definition.navigation).toEqual([]);
    expect(result.removed.map((r) => r.summary)).toEqual([
      'view "Tasks board" removed: its columns came from "Status" and no other single-select field is left',
      'navigation item of a removed view removed',
    ]);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('refuses to delete the last field of a table', () => {
    const app = exampleApps.recipeTracker;
    const single = {
      ...app,
      tables: [
        ...app.tables,
        {
          id: 'solo',
          label: 'Solo',
          primaryFieldId: 'name',
          fields: [{ id: 'name', label: 'Name', type: 'text' as const }],
        },
      ],
    };
    expect(deleteField(single, { tableId: 'solo', fieldId: 'name' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('needs at least one field'),
    });
  });

  it('leaves every example valid, or refuses with a reason, whatever field is deleted', () => {
    for (const app of allExampleApps)
      for (const table of app.tables)
        for (const field of table.fields) {
          const result = deleteField(app, { tableId: table.id, fieldId: field.id });
          if (result.ok)
            expect(issuesOf(result.definition), `${app.slug} ${table.id}.${field.id}`).toEqual([]);
          else expect(result.reason).toMatch(/^Cannot delete: .+ first\.$/);
        }
  });
});

describe('delete table, view, automation', () => {
  it('deletes a table with its views, automations, permissions, navigation and the relations into it', () => {
    const app = exampleApps.recipeTracker;
    const result = applied(deleteTable(app, { tableId: 'cook_log' }));
    const next = result.definition;
    expect(next.tables.map((t) => t.id)).toEqual(['recipes', 'ingredients']);
    expect(next.views.some((v) => v.tableId === 'cook_log')).toBe(false);
    expect(next.automations.some((a) => a.tableId === 'cook_log')).toBe(false);
    expect(JSON.stringify(next.access)).not.toContain('cook_log');
    expect(fieldIds(next, 'recipes')).not.toContain('cook_log');
    expect(fieldIds(next, 'recipes')).not.toContain('times_cooked');
    expect(next.navigation.map((n) => n.viewId)).not.toContain('log_cooking');
    expect(result.removed.map((r) => r.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining('removed with its table')]),
    );
    expect(issuesOf(next)).toEqual([]);
  });

  it('refuses to delete the only table', () => {
    expect(deleteTable(tinyApp(), { tableId: 'tasks' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('at least one table'),
    });
  });

  it('deletes a view with its navigation item, and a form that opened it shows its message instead', () => {
    const app = recipes();
    const form = app.views.find((v) => v.id === 'recipe_form')!;
    const redirecting = applied(
      updateView(app, {
        viewId: form.id,
        patch: { submit: { label: 'Save', after: 'open_view', viewId: 'weeknight_dinners' } },
      }),
    ).definition;
    const result = applied(deleteView(redirecting, { viewId: 'weeknight_dinners' }));
    expect(result.definition.navigation.map((n) => n.viewId)).not.toContain('weeknight_dinners');
    const after = result.definition.views.find((v) => v.id === 'recipe_form');
    expect(after).toMatchObject({ submit: { label: 'Save', after: 'show_message' } });
    expect(result.removed).toContainEqual(expect.objectContaining({ entity: 'view', id: 'recipe_form' }));
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('deletes an automation', () => {
    const result = applied(deleteAutomation(recipes(), { automationId: 'announce_new_recipe' }));
    expect(result.definition.automations.map((a) => a.id)).toEqual(['five_stars_make_a_favourite']);
    expect(result.removed).toEqual([]);
  });
});
