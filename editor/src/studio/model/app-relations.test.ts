import { describe, expect, it } from 'vitest';
import { applied, issuesOf, recipes } from './examples.fixture.ts';
import { addTable, connectRelation } from './index.ts';

describe('connect two fields to create a relation', () => {
  it('creates the relation after the source row and its inverse after the target row, each naming the other', () => {
    const app = recipes();
    const result = applied(
      connectRelation(app, {
        source: { tableId: 'cook_log', fieldId: 'occasion' },
        target: { tableId: 'ingredients', fieldId: 'name' },
        cardinality: 'many_to_many',
      }),
    );
    const log = result.definition.tables.find((t) => t.id === 'cook_log')!;
    const ingredients = result.definition.tables.find((t) => t.id === 'ingredients')!;
    expect(log.fields[1]).toEqual({
      id: 'ingredients',
      label: 'Ingredients',
      type: 'relation',
      targetTableId: 'ingredients',
      cardinality: 'many_to_many',
      inverseFieldId: 'cook_log',
    });
    expect(ingredients.fields[1]).toEqual({
      id: 'cook_log',
      label: 'Cook log',
      type: 'relation',
      targetTableId: 'cook_log',
      cardinality: 'many_to_many',
      inverseFieldId: 'ingredients',
    });
    expect(result.created).toEqual([
      { entity: 'field', id: 'ingredients', tableId: 'cook_log' },
      { entity: 'field', id: 'cook_log', tableId: 'ingredients' },
    ]);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('gives the inverse the mirrored cardinality for each choice', () => {
    const base = applied(addTable(recipes(), { label: 'Cooks' })).definition;
    for (const [cardinality, inverse] of [
      ['many_to_one', 'one_to_many'],
      ['one_to_many', 'many_to_one'],
      ['many_to_many', 'many_to_many'],
    ] as const) {
      const result = applied(
        connectRelation(base, { source: { tableId: 'cook_log' }, target: { tableId: 'cooks' }, cardinality }),
      );
      const back = result.definition.tables.find((t) => t.id === 'cooks')!.fields.at(-1)!;
      expect(back).toMatchObject({ type: 'relation', cardinality: inverse });
      expect(issuesOf(result.definition), cardinality).toEqual([]);
    }
  });

  it('connects a table to itself with two distinct fields', () => {
    const result = applied(
      connectRelation(recipes(), {
        source: { tableId: 'recipes' },
        target: { tableId: 'recipes' },
        cardinality: 'many_to_one',
        label: 'Based on',
        inverseLabel: 'Variations',
      }),
    );
    const fields = result.definition.tables[0]!.fields.slice(-2);
    expect(fields.map((f) => [f.id, f.label])).toEqual([
      ['based_on', 'Based on'],
      ['variations', 'Variations'],
    ]);
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('refuses a table that does not exist', () => {
    expect(
      connectRelation(recipes(), {
        source: { tableId: 'recipes' },
        target: { tableId: 'nope' },
        cardinality: 'many_to_one',
      }).ok,
    ).toBe(false);
  });
});
