import { describe, expect, it } from 'vitest';
import { applied, issuesOf, recipes } from './examples.fixture.ts';
import { isPlainFieldType } from './field-defaults.ts';
import {
  addField,
  addView,
  changeFieldType,
  fieldTypes,
  moveField,
  setFieldConstraints,
  setRelationCardinality,
  updateField,
} from './index.ts';

const fieldOf = (app: ReturnType<typeof recipes>, tableId: string, fieldId: string) =>
  app.tables.find((t) => t.id === tableId)!.fields.find((f) => f.id === fieldId);

describe('add field', () => {
  it('adds a field of every type whose defaults pass validation as they are', () => {
    const app = recipes();
    for (const type of fieldTypes()) {
      const spec =
        type === 'relation'
          ? { type, targetTableId: 'ingredients', cardinality: 'many_to_many' as const }
          : type === 'lookup'
            ? { type, relationFieldId: 'ingredients', targetFieldId: 'name' }
            : type === 'rollup'
              ? { type, relationFieldId: 'ingredients' }
              : { type };
      const result = applied(addField(app, { tableId: 'recipes', spec }));
      expect(issuesOf(result.definition), type).toEqual([]);
      expect(result.created[0]).toMatchObject({ entity: 'field', tableId: 'recipes' });
    }
  });

  it('gives a single select one option and an attachment safe types, size and count limits', () => {
    const app = recipes();
    const select = applied(addField(app, { tableId: 'recipes', spec: { type: 'single_select' } }));
    expect(fieldOf(select.definition, 'recipes', select.created[0]!.id)).toMatchObject({
      options: [{ id: 'option_1', label: 'Option 1', color: 'blue' }],
    });
    const files = applied(addField(app, { tableId: 'recipes', spec: { type: 'attachment' } }));
    const attachment = fieldOf(files.definition, 'recipes', files.created[0]!.id);
    expect(attachment).toMatchObject({ maxSizeMb: 10, maxFiles: 5 });
    // The security review blocks programs, scripts, pages and SVG, and warns on wildcards.
    for (const type of (attachment as { allowedTypes: string[] }).allowedTypes)
      expect(type).not.toMatch(/\*|svg|html|javascript|octet|\.exe|\.js/);
  });

  it('places the new field after the row it was added from, with a label unique in the table', () => {
    const app = recipes();
    const result = applied(
      addField(app, { tableId: 'recipes', spec: { type: 'text' }, afterFieldId: 'title' }),
    );
    const fields = result.definition.tables[0]!.fields;
    expect(fields[1]).toMatchObject({ id: 'text', label: 'Text', type: 'text' });
    const again = applied(addField(result.definition, { tableId: 'recipes', spec: { type: 'text' } }));
    expect(again.definition.tables[0]!.fields.at(-1)).toMatchObject({ id: 'text_2', label: 'Text 2' });
  });

  it('refuses a lookup without a relation to go through', () => {
    const result = addField(recipes(), {
      tableId: 'recipes',
      spec: { type: 'lookup', relationFieldId: 'title', targetFieldId: 'name' },
    });
    expect(result.ok).toBe(false);
  });
});

describe('change field type', () => {
  it('keeps id, label, required and the bounds the new type also has', () => {
    const app = recipes(); // servings: number, required, min 1, max 50, default 4, precision 0
    const result = applied(
      changeFieldType(app, { tableId: 'recipes', fieldId: 'servings', spec: { type: 'currency' } }),
    );
    expect(fieldOf(result.definition, 'recipes', 'servings')).toEqual({
      id: 'servings',
      label: 'Servings',
      type: 'currency',
      currency: 'USD',
      required: true,
      min: 1,
      max: 50,
      default: 4,
    });
    expect(issuesOf(result.definition)).toEqual([]);
  });

  it('drops settings the new type does not allow: unique on long text, required on computed', () => {
    const app = recipes(); // title: text, required, unique, max 120
    const long = applied(
      changeFieldType(app, { tableId: 'recipes', fieldId: 'title', spec: { type: 'long_text' } }),
    );
    expect(fieldOf(long.definition, 'recipes', 'title')).toEqual({
      id: 'title',
      label: 'Title',
      type: 'long_text',
      required: true,
      maxLength: 120,
    });
    expect(issuesOf(long.definition)).toEqual([]);
    const added = applied(addField(app, { tableId: 'recipes', spec: { type: 'number' } }));
    const id = added.created[0]!.id;
    const required = applied(
      setFieldConstraints(added.definition, {
        tableId: 'recipes',
        fieldId: id,
        constraints: { required: true },
      }),
    );
    const computed = applied(
      changeFieldType(required.definition, { tableId: 'recipes', fieldId: id, spec: { type: 'computed' } }),
    );
    expect(fieldOf(computed.definition, 'recipes', id)).toEqual({
      id,
      label: 'Number',
      type: 'computed',
      expression: '""',
      resultType: 'text',
    });
    expect(issuesOf(computed.definition)).toEqual([]);
  });

  it('gives every type change a valid result or a reason', () => {
    const app = recipes();
    for (const type of fieldTypes().filter(isPlainFieldType)) {
      const result = changeFieldType(app, { tableId: 'recipes', fieldId: 'cookbook_name', spec: { type } });
      if (result.ok) expect(issuesOf(result.definition), type).toEqual([]);
      else expect(result.reason, type).toMatch(/would break|cannot/);
    }
  });

  it('refuses a change that a form would not survive: a computed field cannot be filled in', () => {
    const result = changeFieldType(recipes(), {
      tableId: 'ingredients',
      fieldId: 'quantity',
      spec: { type: 'computed' },
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('view "Add an ingredient"') });
  });

  it('refuses a type that would break a view or expression elsewhere, naming it', () => {
    const app = applied(addView(recipes(), { tableId: 'recipes', kind: 'kanban' })).definition;
    const result = changeFieldType(app, { tableId: 'recipes', fieldId: 'cuisine', spec: { type: 'text' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/view "Recipes board".*select/);
    const expression = changeFieldType(app, {
      tableId: 'recipes',
      fieldId: 'servings',
      spec: { type: 'text' },
    });
    expect(expression.ok).toBe(false);
    if (!expression.ok) expect(expression.reason).toMatch(/Cost per serving|Servings/);
  });

  it('refuses to make the primary field a file', () => {
    const result = changeFieldType(recipes(), {
      tableId: 'recipes',
      fieldId: 'title',
      spec: { type: 'attachment' },
    });
    expect(result).toMatchObject({ ok: false });
  });

  it('takes the other side of a relation with it, and gives a new relation its inverse', () => {
    const app = recipes();
    const toRelation = applied(
      changeFieldType(app, {
        tableId: 'recipes',
        fieldId: 'cookbook_name',
        spec: { type: 'relation', targetTableId: 'cook_log', cardinality: 'one_to_many' },
      }),
    );
    const inverse = toRelation.created[0]!;
    expect(fieldOf(toRelation.definition, 'cook_log', inverse.id)).toMatchObject({
      type: 'relation',
      targetTableId: 'recipes',
      cardinality: 'many_to_one',
      inverseFieldId: 'cookbook_name',
    });
    expect(issuesOf(toRelation.definition)).toEqual([]);
    const back = applied(
      changeFieldType(toRelation.definition, {
        tableId: 'recipes',
        fieldId: 'cookbook_name',
        spec: { type: 'text' },
      }),
    );
    expect(fieldOf(back.definition, 'cook_log', inverse.id)).toBeUndefined();
    expect(back.removed[0]).toMatchObject({ entity: 'field', id: inverse.id, tableId: 'cook_log' });
    expect(issuesOf(back.definition)).toEqual([]);
  });
});

describe('relation cardinality', () => {
  it('changes both sides at once, and refuses when a rollup would aggregate a single row', () => {
    const app = recipes();
    const manyToMany = applied(
      changeFieldType(app, {
        tableId: 'cook_log',
        fieldId: 'recipe',
        spec: { type: 'relation', targetTableId: 'recipes', cardinality: 'many_to_many' },
      }),
    );
    expect(fieldOf(manyToMany.definition, 'cook_log', 'recipe')).toMatchObject({
      cardinality: 'many_to_many',
      inverseFieldId: 'cook_log',
    });
    expect(fieldOf(manyToMany.definition, 'recipes', 'cook_log')).toMatchObject({
      cardinality: 'many_to_many',
    });
    expect(manyToMany.removed).toEqual([]);
    // times_cooked and average_rating roll up recipes.cook_log: they need many rows.
    const toOne = setRelationCardinality(app, {
      tableId: 'recipes',
      fieldId: 'cook_log',
      cardinality: 'many_to_one',
    });
    expect(toOne).toMatchObject({
      ok: false,
      reason: expect.stringContaining('a rollup aggregates many rows'),
    });
  });
});

describe('constraints and settings', () => {
  it('sets required, unique and bounds, refusing what the validator rejects for the field', () => {
    const app = recipes();
    const ok = applied(
      setFieldConstraints(app, {
        tableId: 'recipes',
        fieldId: 'summary',
        constraints: { required: true, maxLength: 300 },
      }),
    );
    expect(fieldOf(ok.definition, 'recipes', 'summary')).toMatchObject({ required: true, maxLength: 300 });
    const computed = setFieldConstraints(app, {
      tableId: 'recipes',
      fieldId: 'total_minutes',
      constraints: { required: true },
    });
    expect(computed).toEqual({
      ok: false,
      reason: 'a computed field is filled by the platform; it cannot be required.',
    });
    const longText = setFieldConstraints(app, {
      tableId: 'recipes',
      fieldId: 'summary',
      constraints: { unique: true },
    });
    expect(longText.ok).toBe(false);
    const bounds = setFieldConstraints(app, {
      tableId: 'recipes',
      fieldId: 'servings',
      constraints: { min: 60 },
    });
    expect(bounds).toMatchObject({
      ok: false,
      reason: expect.stringContaining('min (60) is greater than max (50)'),
    });
  });

  it('clears a constraint with undefined', () => {
    const app = recipes();
    const result = applied(
      setFieldConstraints(app, { tableId: 'recipes', fieldId: 'title', constraints: { unique: undefined } }),
    );
    expect(fieldOf(result.definition, 'recipes', 'title')).not.toHaveProperty('unique');
  });

  it('accepts an expression being typed (the checker underlines it) but not a wrong shape', () => {
    const app = recipes();
    const typing = applied(
      updateField(app, {
        tableId: 'recipes',
        fieldId: 'total_minutes',
        patch: { expression: 'record.prep_' },
      }),
    );
    expect(issuesOf(typing.definition).join()).toMatch(/total_minutes|prep_/);
    expect(updateField(app, { tableId: 'recipes', fieldId: 'rating', patch: { max: 11 } }).ok).toBe(false);
  });
});

describe('reorder fields', () => {
  it('moves a field to a position, clamped to the table', () => {
    const app = recipes();
    const moved = applied(moveField(app, { tableId: 'recipes', fieldId: 'title', toIndex: 2 })).definition;
    expect(moved.tables[0]!.fields.slice(0, 3).map((f) => f.id)).toEqual(['summary', 'photo', 'title']);
    const last = applied(moveField(app, { tableId: 'recipes', fieldId: 'title', toIndex: 999 })).definition;
    expect(last.tables[0]!.fields.at(-1)!.id).toBe('title');
    expect(issuesOf(moved)).toEqual([]);
  });
});
