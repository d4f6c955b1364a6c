import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../../schemas/definitions.ts';
import { automationNodeId, tableNodeId, viewNodeId } from '../../graph/node-ids.ts';
import { recipes } from '../../model/examples.fixture.ts';
import { addFromPalette, paletteTable } from './add-from-palette.ts';
import { paletteItems } from './palette-items.ts';

describe('adding from the palette', () => {
  it('adds every item the palette offers to the recipe tracker, leaving a valid app', () => {
    const items = paletteItems([{ id: 'weekly_digest', label: 'Weekly digest' }]);
    expect(items.length).toBeGreaterThan(30);
    for (const item of items) {
      const result = addFromPalette(recipes(), item.id, { tableId: 'recipes' });
      expect(result.ok, `${item.id}: ${!result.ok && result.reason}`).toBe(true);
      if (result.ok) expect(validateApp(result.definition).ok, item.id).toBe(true);
    }
  });

  it('puts a view on the chosen table, or on the first table when none is chosen or it is gone', () => {
    const created = (app: AppDefinition, tableId?: string) => {
      const result = addFromPalette(app, 'view:list', tableId ? { tableId } : {});
      if (!result.ok) throw new Error(result.reason);
      return result.definition.views.at(-1)!.tableId;
    };
    expect(created(recipes(), 'cook_log')).toBe('cook_log');
    expect(created(recipes())).toBe('recipes');
    expect(created(recipes(), 'gone')).toBe('recipes');
  });

  it('says why a table cannot have a view yet, and refuses unknown items', () => {
    const board = addFromPalette(recipes(), 'view:kanban', { tableId: 'cook_log' });
    expect(board).toMatchObject({ ok: false, reason: expect.stringContaining('single-select field') });
    expect(addFromPalette(recipes(), 'view:spreadsheet')).toMatchObject({ ok: false });
    expect(addFromPalette(recipes(), 'automation:start_workflow')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('choose the workflow'),
    });
  });

  it('starts the workflow named in the item', () => {
    const result = addFromPalette(recipes(), 'automation:start_workflow:weekly_digest');
    expect(result.ok && result.definition.automations.at(-1)!.actions[0]).toMatchObject({
      workflowId: 'weekly_digest',
    });
  });
});

describe('the table palette items go on', () => {
  it('is the selected table, or the table of a selected view or automation', () => {
    const app = recipes();
    expect(paletteTable(app, [tableNodeId('cook_log')])).toBe('cook_log');
    expect(paletteTable(app, [viewNodeId('ingredient_form')])).toBe('ingredients');
    expect(
      paletteTable(app, ['recipient:role:editor', automationNodeId('five_stars_make_a_favourite')]),
    ).toBe('cook_log');
    expect(paletteTable(app, [])).toBeUndefined();
    expect(paletteTable(app, [tableNodeId('gone')])).toBeUndefined();
  });
});
