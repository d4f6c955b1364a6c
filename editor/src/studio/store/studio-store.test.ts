import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../../schemas/definitions.ts';
import type { AppVersion } from '../../../../schemas/index.ts';
import { exampleWorkflows, recipes } from '../model/examples.fixture.ts';
import { addField, addTable, deleteStep, deleteTable, renameTable, updateField } from '../model/index.ts';
import { selectCanRedo, selectCanUndo } from './history-slice.ts';
import { saveRequest } from './save-slice.ts';
import { createStudioStore } from './studio-store.ts';

function clock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('definition and history', () => {
  it('applies an edit, records it, and undoes and redoes it', () => {
    const app = recipes();
    const store = createStudioStore(app);
    const result = store.getState().apply((d) => addTable(d, { label: 'Cooks' }));
    expect(result.ok).toBe(true);
    expect(store.getState().definition.tables).toHaveLength(4);
    expect(selectCanUndo(store.getState())).toBe(true);
    store.getState().undo();
    expect(store.getState().definition).toBe(app);
    expect(selectCanRedo(store.getState())).toBe(true);
    store.getState().redo();
    expect(store.getState().definition.tables.at(-1)!.label).toBe('Cooks');
  });

  it('records nothing for a refused edit and returns the reason', () => {
    const store = createStudioStore(recipes());
    const result = store.getState().apply((d) => renameTable(d, { tableId: 'recipes', label: '' }));
    expect(result).toEqual({ ok: false, reason: 'A name must not be empty.' });
    expect(store.getState().past).toEqual([]);
  });

  it('clears redo when a new edit is made', () => {
    const store = createStudioStore(recipes());
    store.getState().apply((d) => addTable(d));
    store.getState().undo();
    store.getState().apply((d) => addTable(d, { label: 'Other' }));
    expect(store.getState().future).toEqual([]);
  });

  it('keeps at most the history limit, dropping the oldest steps', () => {
    const store = createStudioStore(recipes(), { historyLimit: 3 });
    for (let i = 0; i < 5; i++) store.getState().apply((d) => addTable(d));
    expect(store.getState().past).toHaveLength(3);
    for (let i = 0; i < 5; i++) store.getState().undo();
    expect(store.getState().definition.tables).toHaveLength(5); // 3 + the 2 steps beyond the limit
  });

  it('coalesces rapid edits with one key (typing a label) into one undo step, and not after a pause', () => {
    const time = clock();
    const app = recipes();
    const store = createStudioStore(app, { now: time.now, coalesceMs: 1000 });
    const type = (label: string) =>
      store
        .getState()
        .apply((d) => renameTable(d, { tableId: 'recipes', label }), { coalesceKey: 'label:table:recipes' });
    for (const label of ['D', 'Di', 'Dis', 'Dish']) {
      type(label);
      time.advance(300);
    }
    expect(store.getState().past).toHaveLength(1);
    time.advance(2000);
    type('Dishes');
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().definition.tables[0]!.label).toBe('Dish');
    store.getState().undo();
    expect(store.getState().definition).toBe(app);
  });
});

describe('problems', () => {
  it('runs the validator on every change and places each problem on its node and field row', () => {
    const store = createStudioStore(recipes());
    expect(store.getState().problems.all).toEqual([]);
    store.getState().apply((d) =>
      updateField(d, {
        tableId: 'recipes',
        fieldId: 'total_minutes',
        patch: { expression: 'record.nope' },
      }),
    );
    const problems = store.getState().problems;
    expect(problems.all).toHaveLength(1);
    expect(problems.all[0]).toMatchObject({
      path: 'tables[0].fields[9].expression',
      nodeId: 'table:recipes',
      fieldId: 'total_minutes',
      where: 'field "Total time (min)" of table "Recipes"',
    });
    expect(problems.byNode.get('table:recipes')).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().problems.all).toEqual([]);
  });

  it('places workflow problems on step nodes', () => {
    const store = createStudioStore(exampleWorkflows.dailyDigestBot);
    store.getState().apply((d) => deleteStep(d, { stepId: 'fetch_merged' }));
    const nodes = [...store.getState().problems.byNode.keys()];
    expect(nodes).toEqual(['step:summarise_repo']);
  });

  it('does not validate a definition twice (undo returns the memoised problems)', () => {
    const store = createStudioStore(recipes());
    store
      .getState()
      .apply((d) =>
        updateField(d, { tableId: 'recipes', fieldId: 'total_minutes', patch: { expression: 'x' } }),
      );
    const first = store.getState().problems;
    store.getState().undo();
    store.getState().redo();
    expect(store.getState().problems).toBe(first);
  });
});

describe('selection', () => {
  it('selects several nodes, toggles one, and forgets nodes an edit removed', () => {
    const store = createStudioStore<AppDefinition>(recipes());
    store.getState().select(['table:recipes']);
    store.getState().select(['table:cook_log', 'view:log_cooking'], 'add');
    store.getState().select(['table:recipes'], 'toggle');
    expect(store.getState().selected).toEqual(['table:cook_log', 'view:log_cooking']);
    store.getState().apply((d) => deleteTable(d, { tableId: 'cook_log' }));
    expect(store.getState().selected).toEqual([]);
  });
});

describe('save state', () => {
  it('is dirty after an edit, clean after saving or undoing back to the saved draft', () => {
    const store = createStudioStore(recipes(), { baseVersion: 3 });
    expect(saveRequest(store.getState())).toBeNull();
    store.getState().apply((d) => addTable(d));
    expect(store.getState().dirty).toBe(true);
    expect(saveRequest(store.getState())).toMatchObject({ baseVersion: 3 });
    store.getState().undo();
    expect(store.getState().dirty).toBe(false);
    store.getState().redo();
    store.getState().markSaved(4);
    expect(store.getState()).toMatchObject({ dirty: false, baseVersion: 4 });
  });

  it('stays dirty for an edit made while a save was on its way', () => {
    const store = createStudioStore(recipes(), { baseVersion: 1 });
    store.getState().apply((d) => addTable(d));
    const sent = saveRequest(store.getState())!;
    store.getState().apply((d) => addField(d, { tableId: 'table', spec: { type: 'date' } }));
    store.getState().markSaved(2, sent.definition);
    expect(store.getState()).toMatchObject({ dirty: true, baseVersion: 2 });
    expect(saveRequest(store.getState())).toMatchObject({ baseVersion: 2 });
  });

  it('on a conflict stops autosave and never overwrites; loading the server copy starts over', () => {
    const store = createStudioStore(recipes(), { baseVersion: 1 });
    store.getState().apply((d) => addTable(d));
    store.getState().markConflict();
    expect(store.getState().conflict).toBe(true);
    expect(saveRequest(store.getState())).toBeNull();
    const theirs = recipes();
    store.getState().loadDefinition(theirs, 5);
    expect(store.getState()).toMatchObject({
      definition: theirs,
      baseVersion: 5,
      dirty: false,
      conflict: false,
      past: [],
    });
  });
});

describe('versions', () => {
  it('holds the history list and the two versions chosen for the diff, older first', () => {
    const store = createStudioStore(recipes());
    const version = (n: number): AppVersion => ({
      version: n,
      author: 'builder',
      createdAt: '2026-01-01T00:00:00Z',
      published: false,
      summary: `edit ${n}`,
    });
    store.getState().setVersions([version(3), version(2), version(1)]);
    store.getState().chooseVersion(3);
    expect(store.getState().compared).toBeNull();
    store.getState().chooseVersion(1);
    expect(store.getState().compared).toEqual({ older: 1, newer: 3 });
    store.getState().chooseVersion(2);
    expect(store.getState().compared).toEqual({ older: 1, newer: 2 });
    store.getState().chooseVersion(2);
    expect(store.getState().chosen).toEqual([1]);
    store.getState().setVersions([version(3)]);
    expect(store.getState().chosen).toEqual([]);
  });

  it('gives each open definition a store of its own', () => {
    const a = createStudioStore(recipes());
    const b = createStudioStore(recipes());
    a.getState().apply((d) => addTable(d));
    expect(b.getState().past).toEqual([]);
  });
});
