import { describe, expect, it } from 'vitest';
import { allExampleApps, applied, exampleApps, recipes } from '../model/examples.fixture.ts';
import { addAutomation, updateAutomation } from '../model/index.ts';
import { appGraph } from './app-graph.ts';
import type { RelationEdge, TableNode } from './graph-types.ts';
import { fieldHandleId } from './node-ids.ts';

describe('app graph', () => {
  it('has a node per table listing its fields with type and constraint marks', () => {
    const graph = appGraph(recipes());
    const table = graph.nodes.find((node) => node.id === 'table:recipes') as TableNode;
    expect(table.type).toBe('table');
    expect(table.data.fields[0]).toEqual({
      id: 'title',
      label: 'Title',
      type: 'text',
      marks: ['primary', 'required', 'unique'],
    });
    expect(table.data.fields.find((f) => f.id === 'total_minutes')!.marks).toEqual(['derived']);
    expect(table.data.fields.find((f) => f.id === 'ingredients')).toMatchObject({
      relation: { targetTableId: 'ingredients', cardinality: 'one_to_many' },
    });
  });

  it('draws each relation once, from its field row to the row of its other side, labelled with its cardinality', () => {
    const graph = appGraph(recipes());
    const relations = graph.edges.filter((edge): edge is RelationEdge => edge.type === 'relation');
    expect(relations.map((edge) => edge.id)).toEqual([
      'relation:recipes.ingredients',
      'relation:recipes.cook_log',
    ]);
    expect(relations[0]).toMatchObject({
      source: 'table:recipes',
      sourceHandle: fieldHandleId('ingredients', 'source'),
      target: 'table:ingredients',
      targetHandle: fieldHandleId('recipe', 'target'),
      label: 'one-to-many',
      data: { cardinality: 'one_to_many', inverseFieldId: 'recipe' },
    });
  });

  it('ends a one-sided relation at the target table’s primary row', () => {
    const app = recipes();
    const oneSided = {
      ...app,
      tables: app.tables.map((t) =>
        t.id === 'cook_log'
          ? { ...t, fields: t.fields.filter((f) => f.id !== 'recipe' && f.id !== 'recipe_title') }
          : t,
      ),
    };
    const edge = appGraph(oneSided).edges.find((e) => e.id === 'relation:recipes.cook_log');
    expect(edge).toMatchObject({
      target: 'table:cook_log',
      targetHandle: fieldHandleId('occasion', 'target'),
    });
  });

  it('attaches each view to its table, showing its kind, key settings and whether it is in the navigation', () => {
    const graph = appGraph(recipes());
    const calendar = graph.nodes.find((node) => node.id === 'view:cooking_calendar');
    expect(calendar).toMatchObject({
      type: 'view',
      data: {
        viewKind: 'calendar',
        tableId: 'cook_log',
        inNavigation: true,
        settings: [
          { label: 'Dates from', value: 'Cooked on' },
          { label: 'Shows', value: 'Month' },
        ],
      },
    });
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        id: 'view-of:cooking_calendar',
        source: 'table:cook_log',
        target: 'view:cooking_calendar',
      }),
    );
  });

  it('draws automations from their table to what they do: the table they update, whom they notify, the workflow they start', () => {
    let app = recipes();
    app = applied(
      addAutomation(app, { tableId: 'recipes', kind: 'start_workflow', workflowId: 'wf_digest' }),
    ).definition;
    const graph = appGraph(app);
    const edgesOf = (automationId: string) =>
      graph.edges.filter((edge) => edge.id.includes(`:${automationId}`));
    expect(edgesOf('five_stars_make_a_favourite').map((e) => [e.source, e.target])).toEqual([
      ['table:cook_log', 'automation:five_stars_make_a_favourite'],
      ['automation:five_stars_make_a_favourite', 'table:recipes'],
    ]);
    const started = graph.edges.find((e) => e.target === 'workflow:wf_digest');
    expect(started).toMatchObject({ type: 'action', sourceHandle: 'action:0' });
    expect(graph.nodes.find((n) => n.id === 'workflow:wf_digest')).toMatchObject({ type: 'workflowRef' });
    const notify = app.automations.find((a) => a.id === 'announce_new_recipe')!;
    expect(notify.actions[0]!.kind).toBe('notify');
    expect(edgesOf('announce_new_recipe').at(-1)!.target).toMatch(/^recipient:|^table:/);
  });

  it('sends a notification to an address field to that field’s row', () => {
    const app = applied(
      updateAutomation(exampleApps.recipeTracker, {
        automationId: 'announce_new_recipe',
        patch: {
          actions: [
            {
              kind: 'notify',
              channel: 'email',
              to: { kind: 'field', fieldId: 'title' },
              subject: 'Hi',
              body: 'New',
            },
          ],
        },
      }),
    ).definition;
    const edge = appGraph(app).edges.find((e) => e.id === 'automation-action:announce_new_recipe:0');
    expect(edge).toMatchObject({ target: 'table:recipes', targetHandle: fieldHandleId('title', 'target') });
  });

  it('gives every example a graph whose edges connect nodes it has, with unique ids', () => {
    for (const app of allExampleApps) {
      const { nodes, edges } = appGraph(app);
      const ids = new Set(nodes.map((n) => n.id));
      expect(ids.size).toBe(nodes.length);
      expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
      for (const edge of edges) {
        expect(ids.has(edge.source) && ids.has(edge.target), edge.id).toBe(true);
        if (edge.type === 'relation') {
          const target = nodes.find((n) => n.id === edge.target) as TableNode;
          expect(
            target.data.fields.some((f) => fieldHandleId(f.id, 'target') === edge.targetHandle),
            edge.id,
          ).toBe(true);
        }
      }
    }
  });
});
