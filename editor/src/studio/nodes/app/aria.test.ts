import { describe, expect, it } from 'vitest';
import { appGraph } from '../../graph/app-graph.ts';
import type { AppNode } from '../../graph/graph-types.ts';
import { exampleApps } from '../../model/examples.fixture.ts';
import { appNodeAriaLabel } from './aria.ts';

describe('what a screen reader hears on a node', () => {
  const nodes = appGraph(exampleApps.crmLite).nodes as AppNode[];
  const find = (type: AppNode['type']) => nodes.find((node) => node.type === type)!;

  it('names every node of every kind, with its problems and its diff state', () => {
    for (const node of nodes) expect(appNodeAriaLabel(node).length, node.id).toBeGreaterThan(8);
    const table = find('table');
    expect(appNodeAriaLabel({ ...table, data: { ...table.data, diff: 'removed' } } as AppNode, 2)).toMatch(
      /^Table .+, \d+ fields, removed in this version, 2 problems$/,
    );
  });

  it('says what sets an automation off and what it watches', () => {
    const automation = nodes.find((node) => node.type === 'automation' && node.data.trigger === 'update')!;
    expect(appNodeAriaLabel(automation)).toMatch(
      /^Automation .+: when .+ changes, if its condition holds, \d+ actions?$/,
    );
  });
});
