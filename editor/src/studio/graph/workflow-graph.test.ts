import { describe, expect, it } from 'vitest';
import { allExampleWorkflows, exampleWorkflows } from '../model/examples.fixture.ts';
import type { StepNode } from './graph-types.ts';
import { workflowGraph } from './workflow-graph.ts';

describe('workflow graph', () => {
  it('leads from the trigger to the start step, and along each step’s next', () => {
    const graph = workflowGraph(exampleWorkflows.dailyDigestBot);
    expect(graph.nodes[0]).toMatchObject({ id: 'trigger', type: 'trigger', data: { triggerKind: 'cron' } });
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ id: 'start', source: 'trigger', target: 'step:list_repos' }),
    );
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        source: 'step:list_repos',
        sourceHandle: 'next',
        target: 'step:post_header',
        type: 'flow',
      }),
    );
  });

  it('draws on-error paths as error edges', () => {
    const edge = workflowGraph(exampleWorkflows.dailyDigestBot).edges.find(
      (e) => e.id === 'list_repos:onError',
    );
    expect(edge).toMatchObject({
      type: 'error',
      sourceHandle: 'onError',
      target: 'step:report_failure',
      label: 'on error',
    });
  });

  it('gives a condition a labelled handle per branch and one for otherwise', () => {
    const graph = workflowGraph(exampleWorkflows.slackReminderAgent);
    const condition = graph.nodes.find((n) => n.id === 'step:choose_reminder') as StepNode;
    expect(condition.data.outputs.map((o) => [o.handleId, o.label, o.target])).toEqual([
      ['branch:keeps_slipping', expect.any(String), 'suggest_split'],
      ['branch:urgent', expect.any(String), 'ping_urgent'],
      ['otherwise', 'otherwise', 'remind'],
      ['next', 'next', undefined],
      ['onError', 'on error', undefined],
    ]);
    const branch = graph.edges.find((e) => e.sourceHandle === 'branch:urgent');
    expect(branch).toMatchObject({ target: 'step:ping_urgent', label: condition.data.outputs[1]!.label });
  });

  it('groups a for-each body inside the loop node, the group before its children', () => {
    const graph = workflowGraph(exampleWorkflows.dailyDigestBot);
    const loop = graph.nodes.find((n) => n.id === 'step:digest_each_repo')!;
    expect(loop.type).toBe('forEach');
    const children = graph.nodes.filter((n) => n.parentId === loop.id).map((n) => n.id);
    expect(children).toEqual(['step:fetch_merged', 'step:summarise_repo', 'step:post_summary']);
    expect(graph.nodes.indexOf(loop)).toBeLessThan(
      graph.nodes.findIndex((n) => n.id === 'step:fetch_merged'),
    );
    expect(graph.nodes.find((n) => n.id === 'step:report_failure')!.parentId).toBeUndefined();
  });

  it('lists the connections each step and the trigger use', () => {
    const graph = workflowGraph(exampleWorkflows.slackReminderAgent);
    expect(graph.nodes[0]).toMatchObject({ data: { connections: [{ id: 'todoist' }] } });
    const remind = graph.nodes.find((n) => n.id === 'step:remind') as StepNode;
    expect(remind.data.connections).toEqual([expect.objectContaining({ id: 'slack', provider: 'slack' })]);
  });

  it('gives every example edges between nodes it has, with unique ids', () => {
    for (const def of allExampleWorkflows) {
      const { nodes, edges } = workflowGraph(def);
      const ids = new Set(nodes.map((n) => n.id));
      expect(ids.size).toBe(nodes.length);
      expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
      for (const edge of edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
  });
});
