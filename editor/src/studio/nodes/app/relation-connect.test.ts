import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../../runtime/definitions/index.ts';
import { fieldHandleId, tableNodeId, viewNodeId } from '../../graph/node-ids.ts';
import { recipes } from '../../model/examples.fixture.ts';
import { connectRelation } from '../../model/index.ts';
import { relationEnds } from './relation-connect.ts';

const join = (source: string, sourceField: string | null, target: string, targetField: string | null) => ({
  source,
  target,
  sourceHandle: sourceField && fieldHandleId(sourceField, 'source'),
  targetHandle: targetField && fieldHandleId(targetField, 'target'),
});

describe('reading a canvas connection as a relation', () => {
  it('takes the two tables and rows a builder joined, and connecting them keeps the app valid', () => {
    const app = recipes();
    const result = relationEnds(
      app,
      join(tableNodeId('cook_log'), 'occasion', tableNodeId('ingredients'), 'unit'),
    );
    expect(result).toEqual({
      ok: true,
      ends: {
        source: { tableId: 'cook_log', fieldId: 'occasion' },
        target: { tableId: 'ingredients', fieldId: 'unit' },
      },
    });
    if (!result.ok) return;
    const connected = connectRelation(app, { ...result.ends, cardinality: 'many_to_many' });
    expect(connected.ok && validateApp(connected.definition).ok).toBe(true);
    const fields = connected.ok ? connected.definition.tables.find((t) => t.id === 'cook_log')!.fields : [];
    // The new relation sits right after the row it was dragged from.
    expect(fields[fields.findIndex((f) => f.id === 'occasion') + 1]).toMatchObject({
      type: 'relation',
      targetTableId: 'ingredients',
    });
  });

  it('accepts two rows of one table (a table may relate to itself)', () => {
    expect(
      relationEnds(recipes(), join(tableNodeId('recipes'), 'title', tableNodeId('recipes'), 'summary')).ok,
    ).toBe(true);
  });

  it('refuses anything but two field rows of tables in the app, saying what to do', () => {
    const app = recipes();
    const cases = [
      join(viewNodeId('recipe_form'), 'title', tableNodeId('recipes'), 'title'),
      join(tableNodeId('recipes'), null, tableNodeId('cook_log'), 'occasion'),
      join(tableNodeId('gone'), 'title', tableNodeId('cook_log'), 'occasion'),
      join(tableNodeId('recipes'), 'ghost_row', tableNodeId('cook_log'), 'occasion'),
      join(tableNodeId('recipes'), 'title', tableNodeId('recipes'), 'title'),
    ];
    const reasons = cases.map((connection) => {
      const result = relationEnds(app, connection);
      return result.ok ? 'accepted' : result.reason;
    });
    expect(reasons).toEqual([
      expect.stringContaining('joins two tables'),
      expect.stringContaining('handle of a field row'),
      expect.stringContaining('not in the app any more'),
      expect.stringContaining('has no field "ghost_row"'),
      expect.stringContaining('cannot be related to itself'),
    ]);
  });
});
