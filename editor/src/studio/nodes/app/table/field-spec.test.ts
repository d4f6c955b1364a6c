import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../../../schemas/definitions.ts';
import { recipes } from '../../../model/examples.fixture.ts';
import { addField, fieldTypes } from '../../../model/index.ts';
import { defaultFieldSpec } from './field-spec.ts';

const table = (app: AppDefinition, id: string) => app.tables.find((t) => t.id === id)!;

describe('the spec a new field starts with', () => {
  it('gives every type a field the model adds and the validator accepts, on a table with relations', () => {
    for (const type of fieldTypes()) {
      const app = recipes();
      const spec = defaultFieldSpec(app, table(app, 'recipes'), type);
      const result = addField(app, { tableId: 'recipes', spec });
      expect(result.ok, `${type}: ${!result.ok && result.reason}`).toBe(true);
      if (result.ok) expect(validateApp(result.definition).ok, type).toBe(true);
    }
  });

  it('rolls up through a relation that reaches many rows', () => {
    const app = recipes();
    const spec = defaultFieldSpec(app, table(app, 'recipes'), 'rollup');
    const relation = table(app, 'recipes').fields.find(
      (f) => f.id === (spec as { relationFieldId: string }).relationFieldId,
    );
    expect(relation).toMatchObject({ type: 'relation' });
    expect(relation?.type === 'relation' && relation.cardinality).not.toBe('many_to_one');
  });

  it('leaves the relation of a lookup open on a table without one, so the model says what to connect', () => {
    const app: AppDefinition = {
      ...recipes(),
      tables: [
        {
          ...table(recipes(), 'cook_log'),
          fields: [{ id: 'name', label: 'Name', type: 'text' }],
          primaryFieldId: 'name',
        },
      ],
      views: [],
      automations: [],
      navigation: [],
    };
    const result = addField(app, {
      tableId: 'cook_log',
      spec: defaultFieldSpec(app, app.tables[0]!, 'lookup'),
    });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('connect it to another table first');
  });

  it('points a relation at another table, or at its own table when it is the only one', () => {
    const app = recipes();
    expect(defaultFieldSpec(app, table(app, 'recipes'), 'relation')).toMatchObject({
      targetTableId: 'ingredients',
    });
    const alone = { ...app, tables: [table(app, 'cook_log')] };
    expect(defaultFieldSpec(alone, alone.tables[0]!, 'relation')).toMatchObject({
      targetTableId: 'cook_log',
    });
  });
});
