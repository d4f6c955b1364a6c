import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../../schemas/definitions.ts';
import recipes from '../../../../schemas/examples/recipe-tracker.app.json' with { type: 'json' };
import { diffGraph } from '../graph/diff-graph.ts';
import type { TableNodeData } from '../graph/graph-types.ts';
import { copilotPreview, previewNodeOf } from './copilot-preview.ts';

// The proposal on the canvas: the same change list and colours as a version diff.

const before = recipes as unknown as AppDefinition;
const dueDate = {
  op: 'add',
  path: '/tables/0/fields/-',
  value: { id: 'due_date', label: 'Due date', type: 'date' },
};

function proposedWith(patch: unknown[]): Record<string, unknown> {
  const applied = applyJsonPatch(before, patch);
  if (!applied.ok) throw new Error(applied.error.message);
  return applied.value as Record<string, unknown>;
}

describe('the co-pilot preview', () => {
  it('lists an added field and draws its row in the added colour on its table', () => {
    const shown = copilotPreview(before, proposedWith([dueDate]));
    if (!shown.ok) throw new Error(shown.problem.message);
    const added = shown.preview.diff.changes.filter((change) => change.kind === 'added');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ entity: 'field', id: 'due_date' });
    expect(added[0]!.summary).toMatch(/Due date/);
    expect(previewNodeOf(shown.preview, added[0]!)).toBe('table:recipes');

    const graph = diffGraph(shown.preview.before, shown.preview.after, shown.preview.diff);
    const table = graph.nodes.find((node) => node.id === 'table:recipes')!.data as TableNodeData;
    expect(table.fields.find((row) => row.id === 'due_date')?.diff).toBe('added');
    expect(table.fields.find((row) => row.id === 'title')?.diff).toBe('unchanged');
  });

  it('shows a removed table as a ghost found in the draft before', () => {
    const index = before.tables.findIndex((table) => table.id === 'cook_log');
    const proposed = proposedWith([{ op: 'remove', path: `/tables/${index}` }]);
    // Removing a table alone leaves dangling references; the preview still draws what was asked.
    const shown = copilotPreview(before, proposed);
    if (!shown.ok) throw new Error(shown.problem.message);
    const removed = shown.preview.diff.changes.find((c) => c.kind === 'removed' && c.entity === 'table');
    expect(removed).toBeDefined();
    expect(previewNodeOf(shown.preview, removed!)).toBe('table:cook_log');
  });

  it('refuses a proposal of another kind than the draft', () => {
    const shown = copilotPreview(before, { kind: 'workflow', name: 'x' });
    expect(shown.ok).toBe(false);
    expect(!shown.ok && shown.problem).toMatchObject({ kind: 'invalid' });
    expect(!shown.ok && shown.problem.message).toMatch(/workflow definition for this app/);
  });
});
