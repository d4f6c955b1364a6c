import { describe, expect, it } from 'vitest';
import { exampleWorkflows, recipes } from '../model/examples.fixture.ts';
import {
  definitionNodeIds,
  fieldHandleId,
  fieldOfHandle,
  nodeIdOf,
  parseNodeId,
  selectionOf,
} from './node-ids.ts';

describe('node ids', () => {
  it('follow definition ids, so a node keeps its id through renames and undo', () => {
    expect(nodeIdOf('table', 'recipes')).toBe('table:recipes');
    expect(nodeIdOf('field', 'title', 'recipes')).toBe('table:recipes');
    expect(nodeIdOf('navigation', 'board')).toBe('view:board');
    expect(nodeIdOf('trigger', undefined)).toBe('trigger');
    expect(nodeIdOf('access', undefined)).toBeUndefined();
    expect(parseNodeId('step:a:b')).toEqual({ entity: 'step', id: 'a:b' });
    expect(parseNodeId('nonsense')).toBeUndefined();
  });

  it('name a field row’s handles and read the field back', () => {
    expect(fieldOfHandle(fieldHandleId('due_date', 'source'))).toBe('due_date');
    expect(fieldOfHandle('next')).toBeUndefined();
  });

  it('turn a multi-selection into the parts copy and delete work on', () => {
    expect(selectionOf(['table:a', 'view:b', 'step:c', 'automation:d', 'recipient:role:x'])).toEqual({
      tables: ['a'],
      views: ['b'],
      automations: ['d'],
      steps: ['c'],
    });
    expect(definitionNodeIds(recipes()).has('view:recipe_gallery')).toBe(true);
    expect(definitionNodeIds(exampleWorkflows.dailyDigestBot).has('trigger')).toBe(true);
  });
});
