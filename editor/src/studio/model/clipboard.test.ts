import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { applied, exampleApps, exampleWorkflows, issuesOf, recipes, tinyApp } from './examples.fixture.ts';
import { copyFromApp, copyFromWorkflow, pasteIntoApp, pasteIntoWorkflow } from './index.ts';

describe('copy and paste tables and views', () => {
  it('pastes tables with fresh ids, their relation joining the copies, and the app stays valid', () => {
    const app = recipes();
    const clip = copyFromApp(app, { tables: ['recipes', 'ingredients'], views: ['recipe_detail'] });
    const result = applied(pasteIntoApp(app, clip));
    const [recipesCopy, ingredientsCopy] = result.definition.tables.slice(-2);
    expect(recipesCopy).toMatchObject({ id: 'recipes_2', label: 'Recipes 2' });
    expect(ingredientsCopy).toMatchObject({ id: 'ingredients_2', label: 'Ingredients 2' });
    expect(recipesCopy!.fields.find((f) => f.id === 'ingredients')).toMatchObject({
      targetTableId: 'ingredients_2',
      inverseFieldId: 'recipe',
    });
    // The relation to the cook log, which was not copied, now points there one-sided.
    const log = recipesCopy!.fields.find((f) => f.id === 'cook_log');
    expect(log).toMatchObject({ targetTableId: 'cook_log' });
    expect(log).not.toHaveProperty('inverseFieldId');
    expect(result.definition.views.at(-1)).toMatchObject({ id: 'recipe_detail_2', tableId: 'recipes_2' });
    expect(result.created.map((c) => c.id)).toEqual(['recipes_2', 'ingredients_2', 'recipe_detail_2']);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('pastes a view alone as a second view of the same table', () => {
    const app = recipes();
    const result = applied(pasteIntoApp(app, copyFromApp(app, { views: ['weeknight_dinners'] })));
    expect(result.definition.views.at(-1)).toMatchObject({ id: 'weeknight_dinners_2', tableId: 'recipes' });
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('into another app: drops relations to tables it lacks (with what depends on them) and views without a table', () => {
    const source = exampleApps.recipeTracker;
    const clip = copyFromApp(source, { tables: ['ingredients'], views: ['recipe_gallery'] });
    const result = applied(pasteIntoApp(tinyApp(), clip));
    const pasted = result.definition.tables.at(-1)!;
    expect(pasted.id).toBe('ingredients');
    expect(pasted.fields.some((f) => f.type === 'relation' || f.type === 'lookup')).toBe(false);
    expect(result.warnings).toEqual([
      '1 copied views or automations were left out: their table is not in this app',
    ]);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('refuses to paste workflow steps into an app', () => {
    expect(
      pasteIntoApp(recipes(), copyFromWorkflow(exampleWorkflows.dailyDigestBot, ['post_header'])).ok,
    ).toBe(false);
  });
});

describe('copy and paste steps', () => {
  it('pastes steps with fresh ids, links and expressions between them following the copies', () => {
    const def = exampleWorkflows.dailyDigestBot;
    const clip = copyFromWorkflow(def, ['fetch_merged', 'summarise_repo']);
    const result = applied(pasteIntoWorkflow(def, clip));
    const [fetch, summarise] = result.definition.steps.slice(-2);
    expect(fetch).toMatchObject({ id: 'fetch_merged_2', next: 'summarise_repo_2' });
    expect(summarise!.id).toBe('summarise_repo_2');
    expect(summarise).not.toHaveProperty('next'); // it led outside the copied steps
    expect(JSON.stringify(summarise)).toContain('steps.fetch_merged_2');
    expect(JSON.stringify(summarise)).not.toMatch(/steps\.fetch_merged\b(?!_2)/);
  });

  it('declares the connections pasted steps use in another workflow', () => {
    const clip = copyFromWorkflow(exampleWorkflows.dailyDigestBot, ['list_repos']);
    const target: WorkflowDefinition = { ...exampleWorkflows.slackReminderAgent, connections: [] };
    const result = applied(pasteIntoWorkflow(target, clip));
    expect(result.definition.connections.map((c) => c.id)).toEqual(['github']);
  });
});
