import { describe, expect, it } from 'vitest';
import type { Field, Role } from '../../schemas/definitions.ts';
import { recipesApp } from './diff.fixtures.ts';
import { type Definition, diffDefinitions } from './diff.ts';
import { applyJsonPatch } from './json-patch.ts';

type FieldOf<T extends Field['type']> = Extract<Field, { type: T }>;

/** Diffs a against b, checking on the way that the patch turns a into b exactly. */
function diff<T extends Definition>(a: T, b: T) {
  const result = diffDefinitions(a, b);
  expect(applyJsonPatch(a, result.patch)).toEqual({ ok: true, value: b });
  return result;
}

function summaries<T extends Definition>(a: T, edit: (b: T) => void): string[] {
  const b = structuredClone(a);
  edit(b);
  return diff(a, b).changes.map((change) => change.summary);
}

describe('app: tables and fields', () => {
  const app = recipesApp();

  it('tells a renamed field as renamed, patched at its label only', () => {
    const b = structuredClone(app);
    b.tables[0]!.fields[0]!.label = 'Name';
    expect(diff(app, b)).toEqual({
      changes: [
        {
          kind: 'renamed',
          entity: 'field',
          id: 'title',
          path: 'tables[0].fields[0]',
          summary: 'field "Title" renamed to "Name" in table "Recipes"',
          before: 'Title',
          after: 'Name',
        },
      ],
      patch: [{ op: 'replace', path: '/tables/0/fields/0/label', value: 'Name' }],
    });
  });

  it('tells a reordered field as moved, with one move, not a removal and an addition', () => {
    const b = structuredClone(app);
    b.tables[0]!.fields.unshift(b.tables[0]!.fields.pop()!);
    const result = diff(app, b);
    expect(result.changes).toEqual([
      {
        kind: 'moved',
        entity: 'field',
        id: 'notes',
        path: 'tables[0].fields[0]',
        summary: 'field "Notes" moved in table "Recipes"',
        before: 3,
        after: 0,
      },
    ]);
    expect(result.patch).toEqual([{ op: 'move', from: '/tables/0/fields/3', path: '/tables/0/fields/0' }]);
  });

  it('tells a type change and replaces the field whole', () => {
    const b = structuredClone(app);
    b.tables[0]!.fields[1] = { id: 'servings', label: 'Servings', type: 'text' };
    const result = diff(app, b);
    expect(result.changes).toMatchObject([
      {
        kind: 'changed',
        entity: 'field',
        path: 'tables[0].fields[1]',
        summary: 'field "Servings" type changed from number to text',
      },
    ]);
    expect(result.patch).toEqual([
      { op: 'replace', path: '/tables/0/fields/1', value: b.tables[0]!.fields[1] },
    ]);
  });

  it('tells added and removed fields with their table', () => {
    expect(
      summaries(app, (b) => {
        b.tables[0]!.fields.splice(3, 1);
        b.tables[0]!.fields.push({ id: 'rating', label: 'Rating', type: 'rating', max: 5 });
      }),
    ).toEqual(['field "Notes" removed from table "Recipes"', 'field "Rating" added to table "Recipes"']);
  });

  it('tells field properties with their old and new values', () => {
    expect(
      summaries(app, (b) => {
        const [title, servings, course] = b.tables[0]!.fields as [
          FieldOf<'text'>,
          FieldOf<'number'>,
          FieldOf<'single_select'>,
        ];
        title.maxLength = 80;
        servings.required = true;
        delete servings.min;
        course.options.push({ id: 'side', label: 'Side', color: 'lime' });
      }),
    ).toEqual([
      'field "Title" max length changed from 120 to 80',
      'field "Servings" required set to true',
      'field "Servings" min removed',
      'field "Course" options changed',
    ]);
  });

  it('tells tables added, removed, renamed, moved and their references by label', () => {
    const result = diff(app, {
      ...app,
      tables: [
        { ...app.tables[1]!, label: 'Groceries' },
        { ...app.tables[0]!, primaryFieldId: 'notes' },
        {
          id: 'menus',
          label: 'Menus',
          primaryFieldId: 'name',
          fields: [{ id: 'name', label: 'Name', type: 'text' }],
        },
      ],
    });
    expect(result.changes.map(({ kind, path, summary }) => [kind, path, summary])).toEqual([
      ['added', 'tables[2]', 'table "Menus" added'],
      ['renamed', 'tables[0]', 'table "Ingredients" renamed to "Groceries"'],
      // Of two swapped tables one moved past the other; the diff tells the one it moved.
      ['moved', 'tables[1]', 'table "Recipes" moved'],
      ['changed', 'tables[1]', 'table "Recipes" primary field changed from "Title" to "Notes"'],
    ]);
    expect(summaries(app, (b) => b.tables.splice(1, 1))).toEqual(['table "Ingredients" removed']);
  });
});

describe('app: views, automations, access, navigation', () => {
  const app = recipesApp();

  it('tells a filter change and patches only the condition that changed', () => {
    const b = structuredClone(app);
    const filter = b.views[1]!.kind === 'list' ? b.views[1]!.filter! : undefined;
    filter!.conditions[1] = { fieldId: 'servings', op: 'lte', value: 4 };
    const result = diff(app, b);
    expect(result.changes).toMatchObject([
      {
        kind: 'changed',
        entity: 'view',
        id: 'quick_mains',
        path: 'views[1]',
        summary: 'view "Quick mains" filter changed',
      },
    ]);
    expect(result.patch).toEqual([{ op: 'replace', path: '/views/1/filter/conditions/1/value', value: 4 }]);
  });

  it('tells a filter added or removed', () => {
    const filter = {
      combinator: 'and' as const,
      conditions: [{ fieldId: 'course', op: 'is_empty' as const }],
    };
    expect(summaries(app, (b) => Object.assign(b.views[0]!, { filter }))).toEqual([
      'view "All recipes" filter added',
    ]);
    expect(summaries(app, (b) => Object.assign(b.views[1]!, { filter: undefined }))).toEqual([
      'view "Quick mains" filter removed',
    ]);
  });

  it('tells views added, removed, renamed, re-pointed and of another kind', () => {
    expect(
      summaries(app, (b) => {
        b.views.splice(1, 1);
        b.views.push({
          id: 'open',
          label: 'Open tasks',
          kind: 'list',
          tableId: 'recipes',
          columns: ['title'],
          pageSize: 10,
        });
        b.views[0]!.label = 'Everything';
        Object.assign(b.views[0]!, { tableId: 'ingredients', columns: ['name'], sort: undefined });
        b.views[1] = {
          id: 'add_recipe',
          label: 'Add recipe',
          kind: 'detail',
          tableId: 'recipes',
          sections: [{ label: 'All', fields: ['title'] }],
        };
      }),
    ).toEqual([
      'view "Quick mains" removed',
      'view "Open tasks" added',
      'view "All recipes" renamed to "Everything"',
      'view "Everything" table changed from "Recipes" to "Ingredients"',
      'view "Everything" columns changed',
      'view "Everything" sort removed',
      'view "Add recipe" kind changed from form to detail',
    ]);
  });

  it('tells automations added, removed and changed', () => {
    expect(
      summaries(app, (b) =>
        Object.assign(b.automations[0]!, { enabled: false, condition: 'record.servings > 2' }),
      ),
    ).toEqual([
      'automation "Tell the cook" enabled set to false',
      'automation "Tell the cook" condition set to "record.servings > 2"',
    ]);
    expect(summaries(app, (b) => b.automations.pop())).toEqual(['automation "Tell the cook" removed']);
  });

  it('tells the access level at access.level', () => {
    const b = structuredClone(app);
    b.access.level = 'public';
    expect(diff(app, b)).toEqual({
      changes: [
        {
          kind: 'changed',
          entity: 'access',
          path: 'access.level',
          summary: 'access level changed from private to public',
          before: 'private',
          after: 'public',
        },
      ],
      patch: [{ op: 'replace', path: '/access/level', value: 'public' }],
    });
  });

  it('tells roles and their table permissions in words', () => {
    expect(
      summaries(app, (b) => {
        const [cook, guest] = b.access.roles as [Role, Role];
        b.access.defaultRoleId = 'cook';
        cook.label = 'Chef';
        cook.tables.pop();
        guest.tables[0] = { ...guest.tables[0]!, update: true, read: false, rowScope: 'own' };
        guest.tables.push({
          tableId: 'ingredients',
          create: false,
          read: true,
          update: false,
          delete: false,
          rowScope: 'all',
        });
        b.access.roles.push({ id: 'editor', label: 'Editor', tables: [] });
      }),
    ).toEqual([
      'role "Editor" added',
      'role "Cook" renamed to "Chef"',
      'role "Chef" lost access to table "Ingredients"',
      'role "Guest" gained access to table "Ingredients" (read)',
      'role "Guest" may now update and may no longer read and sees only own rows in table "Recipes"',
      'access default role changed from "Guest" to "Chef"',
    ]);
  });

  it('tells navigation items by their view', () => {
    expect(
      summaries(app, (b) => {
        b.navigation.splice(1, 1);
        b.navigation[1]!.label = 'Add one';
        b.navigation.push(b.navigation.shift()!);
      }),
    ).toEqual([
      'view "Quick mains" removed from navigation',
      'view "New recipe" renamed to "Add one" in navigation',
      'view "All recipes" moved in navigation',
    ]);
    const withoutQuick = {
      ...app,
      navigation: app.navigation.filter((item) => item.viewId !== 'quick_mains'),
    };
    expect(diff(withoutQuick, app).changes).toMatchObject([
      {
        kind: 'added',
        entity: 'navigation',
        id: 'quick_mains',
        path: 'navigation[1]',
        summary: 'view "Quick mains" added to navigation',
      },
    ]);
  });

  it('tells the app renamed and its settings', () => {
    expect(
      summaries(app, (b) => Object.assign(b, { name: 'Kitchen', themeColor: '#16a34a', icon: '🍲' })),
    ).toEqual([
      'app "Cookbook" renamed to "Kitchen"',
      'app theme colour changed from #4f46e5 to #16a34a',
      'app icon set to "🍲"',
    ]);
  });
});
