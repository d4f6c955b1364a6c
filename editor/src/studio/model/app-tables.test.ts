import { describe, expect, it } from 'vitest';
import { applied, issuesOf, recipes } from './examples.fixture.ts';
import {
  addTable,
  renameAutomation,
  renameField,
  renameTable,
  renameView,
  setPrimaryField,
} from './index.ts';

describe('add table', () => {
  it('adds a table with a unique id and label and a text primary field, and the app stays valid', () => {
    const app = recipes();
    const first = applied(addTable(app, { label: 'Recipes' }));
    const table = first.definition.tables.at(-1)!;
    expect(table).toMatchObject({ id: 'recipes_2', label: 'Recipes 2', primaryFieldId: 'name' });
    expect(table.fields).toEqual([{ id: 'name', label: 'Name', type: 'text', required: true }]);
    expect(first.created).toEqual([{ entity: 'table', id: 'recipes_2' }]);
    expect(issuesOf(first.definition)).toEqual([]);
    const second = applied(addTable(first.definition));
    expect(second.definition.tables.at(-1)).toMatchObject({ id: 'table', label: 'Table' });
  });

  it('leaves the input untouched and shares the parts it did not change', () => {
    const app = recipes(); // frozen: a mutation would throw
    const next = applied(addTable(app)).definition;
    expect(next.tables[0]).toBe(app.tables[0]);
    expect(next.views).toBe(app.views);
  });
});

describe('rename', () => {
  it('changes labels while ids, and so every reference, stay', () => {
    const app = recipes();
    let next = applied(renameTable(app, { tableId: 'recipes', label: 'Dishes' })).definition;
    next = applied(renameField(next, { tableId: 'recipes', fieldId: 'title', label: 'Name' })).definition;
    next = applied(renameView(next, { viewId: 'recipe_gallery', label: 'Gallery' })).definition;
    next = applied(
      renameAutomation(next, { automationId: 'announce_new_recipe', label: 'Announce' }),
    ).definition;
    expect(next.tables[0]).toMatchObject({ id: 'recipes', label: 'Dishes', primaryFieldId: 'title' });
    expect(next.tables[0]!.fields[0]).toMatchObject({ id: 'title', label: 'Name' });
    expect(next.views.find((v) => v.id === 'recipe_gallery')?.label).toBe('Gallery');
    expect(next.automations[0]!.label).toBe('Announce');
    expect(issuesOf(next)).toEqual([]);
  });

  it('refuses an empty name, a name a sibling has, and a part that is gone', () => {
    const app = recipes();
    expect(renameTable(app, { tableId: 'recipes', label: ' ' })).toEqual({
      ok: false,
      reason: 'A name must not be empty.',
    });
    const taken = renameTable(app, { tableId: 'recipes', label: 'ingredients' });
    expect(taken).toEqual({ ok: false, reason: 'There is already a table named "ingredients".' });
    expect(renameField(app, { tableId: 'recipes', fieldId: 'summary', label: 'Title' }).ok).toBe(false);
    expect(renameView(app, { viewId: 'nope', label: 'X' }).ok).toBe(false);
  });
});

describe('primary field', () => {
  it('can be any readable field but not a file or a relation', () => {
    const app = recipes();
    expect(
      applied(setPrimaryField(app, { tableId: 'recipes', fieldId: 'summary' })).definition.tables[0]!
        .primaryFieldId,
    ).toBe('summary');
    expect(setPrimaryField(app, { tableId: 'recipes', fieldId: 'photo' }).ok).toBe(false);
  });
});
