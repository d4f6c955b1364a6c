import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../../../runtime/definitions/index.ts';
import { applied, exampleWorkflows, recipes } from '../model/examples.fixture.ts';
import {
  addStep,
  addTable,
  addView,
  deleteField,
  deleteStep,
  deleteView,
  renameField,
  renameStep,
} from '../model/index.ts';
import { diffGraph } from './diff-graph.ts';
import type { StudioGraph, TableNode } from './graph-types.ts';

const markOf = (graph: StudioGraph, id: string) => graph.nodes.find((n) => n.id === id)?.data.diff;
const rowsOf = (graph: StudioGraph, tableId: string) =>
  (graph.nodes.find((n) => n.id === `table:${tableId}`) as TableNode).data.fields.map((f) => [f.id, f.diff]);

describe('diff overlay', () => {
  it('marks added and changed nodes and field rows, and leaves the rest unchanged', () => {
    const before = recipes();
    let after = applied(addTable(before, { label: 'Cooks' })).definition;
    after = applied(
      renameField(after, { tableId: 'recipes', fieldId: 'summary', label: 'Blurb' }),
    ).definition;
    const graph = diffGraph(before, after, diffDefinitions(before, after));
    expect(markOf(graph, 'table:cooks')).toBe('added');
    expect(markOf(graph, 'table:recipes')).toBe('changed');
    expect(markOf(graph, 'table:ingredients')).toBe('unchanged');
    expect(markOf(graph, 'view:recipe_gallery')).toBe('unchanged');
    expect(rowsOf(graph, 'recipes').slice(0, 3)).toEqual([
      ['title', 'unchanged'],
      ['summary', 'changed'],
      ['photo', 'unchanged'],
    ]);
  });

  it('keeps removed parts as ghosts: a deleted view with its edge, a deleted row where it was', () => {
    const before = recipes();
    let after = applied(deleteView(before, { viewId: 'recipe_gallery' })).definition;
    after = applied(deleteField(after, { tableId: 'recipes', fieldId: 'photo' })).definition;
    const graph = diffGraph(before, after, diffDefinitions(before, after));
    expect(markOf(graph, 'view:recipe_gallery')).toBe('removed');
    expect(graph.edges.find((e) => e.id === 'view-of:recipe_gallery')?.data?.diff).toBe('removed');
    expect(rowsOf(graph, 'recipes').slice(0, 3)).toEqual([
      ['title', 'unchanged'],
      ['summary', 'unchanged'],
      ['photo', 'removed'],
    ]);
  });

  it('marks new relation edges added', () => {
    const before = recipes();
    const withKanban = applied(addView(before, { tableId: 'recipes', kind: 'kanban' })).definition;
    const graph = diffGraph(before, withKanban, diffDefinitions(before, withKanban));
    expect(graph.edges.find((e) => e.id === 'view-of:recipes_board')?.data?.diff).toBe('added');
    expect(graph.edges.find((e) => e.id === 'relation:recipes.ingredients')?.data?.diff).toBe('unchanged');
  });

  it('shows a workflow’s inserted, renamed and deleted steps, with the deleted one ghosted', () => {
    const before = exampleWorkflows.dailyDigestBot;
    let after = applied(
      addStep(before, { kind: 'state_set', at: { stepId: 'list_repos', link: 'next' } }),
    ).definition;
    after = applied(renameStep(after, { stepId: 'post_summary', label: 'Post it' })).definition;
    after = applied(deleteStep(after, { stepId: 'report_failure' })).definition;
    const graph = diffGraph(before, after, diffDefinitions(before, after));
    expect(markOf(graph, 'step:save_state')).toBe('added');
    expect(markOf(graph, 'step:post_summary')).toBe('changed');
    expect(markOf(graph, 'step:report_failure')).toBe('removed');
    expect(markOf(graph, 'step:list_repos')).toBe('changed'); // its next and on-error changed
    expect(markOf(graph, 'step:fetch_merged')).toBe('unchanged');
    expect(graph.edges.find((e) => e.id === 'list_repos:onError')?.data?.diff).toBe('removed');
    expect(graph.edges.find((e) => e.id === 'list_repos:next')?.data?.diff).toBe('changed');
  });

  it('marks nothing when the versions are the same', () => {
    const app = recipes();
    const graph = diffGraph(app, app, diffDefinitions(app, app));
    expect(new Set(graph.nodes.map((n) => n.data.diff))).toEqual(new Set(['unchanged']));
    expect(new Set(graph.edges.map((e) => e.data?.diff))).toEqual(new Set(['unchanged']));
  });
});
