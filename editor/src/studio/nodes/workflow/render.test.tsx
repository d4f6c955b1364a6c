import { ReactFlowProvider } from '@xyflow/react';
import type { ComponentType, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../../../../runtime/definitions/index.ts';
import type { WorkflowDefinition } from '../../../../../schemas/definitions.ts';
import { StudioStoreProvider } from '../../canvas/store-context.tsx';
import { diffGraph, graphOf } from '../../graph/diff-graph.ts';
import type { StepNodeData, StudioNode } from '../../graph/graph-types.ts';
import { allExampleWorkflows, exampleWorkflows } from '../../model/examples.fixture.ts';
import { STEP_KINDS, TRIGGER_KINDS } from '../../model/workflow-defaults.ts';
import { WorkflowPalette } from '../../palette/workflow/WorkflowPalette.tsx';
import { createStudioStore } from '../../store/studio-store.ts';
import { WorkflowEditingProvider } from './shared/workflow-context.tsx';
import { StepPanel } from './step/panel.tsx';
import { TriggerPanel } from './trigger/panel.tsx';
import { workflowRegistry } from './workflow-registry.ts';

// Server rendering is enough to prove every node and panel draws every example and every kind of
// broken draft without throwing, and says what a person needs (no DOM library in this repo).

function render(def: WorkflowDefinition, children: ReactNode, readOnly = false): string {
  const store = createStudioStore(def);
  return renderToStaticMarkup(
    <StudioStoreProvider store={store}>
      <WorkflowEditingProvider value={{ readOnly }}>
        <ReactFlowProvider>{children}</ReactFlowProvider>
      </WorkflowEditingProvider>
    </StudioStoreProvider>,
  );
}

function renderNode(def: WorkflowDefinition, node: StudioNode): string {
  const props = {
    id: node.id,
    type: node.type,
    data: node.data,
    selected: false,
    isConnectable: true,
    zIndex: 0,
    positionAbsoluteX: 0,
    positionAbsoluteY: 0,
    dragging: false,
    draggable: true,
    selectable: true,
    deletable: true,
  };
  const Component = workflowRegistry.nodeTypes[node.type!] as unknown as ComponentType<typeof props>;
  return render(def, <Component {...props} />);
}

function renderPanel(def: WorkflowDefinition, node: StudioNode): string {
  const Panel = workflowRegistry.panels[node.type!]!;
  return render(def, <Panel nodeId={node.id} />);
}

/** Drafts an agent, a half-finished edit or an old version may leave: saved, opened, never a crash. */
function brokenDrafts(): [string, WorkflowDefinition][] {
  const base = () => structuredClone(exampleWorkflows.dailyDigestBot) as WorkflowDefinition;
  const dangling = base();
  dangling.start = 'gone';
  dangling.steps[0]!.next = 'also_gone';
  const noConnections = { ...base(), connections: [] };
  const mail = structuredClone(exampleWorkflows.emailAutoResponder) as WorkflowDefinition;
  const condition = mail.steps.find((step) => step.kind === 'condition')!;
  if (condition.kind === 'condition') condition.branches[0]!.next = 'nowhere';
  const duplicate = base();
  duplicate.steps.push({ ...duplicate.steps[1]! });
  const badExpression = base();
  const post = badExpression.steps[1]!;
  if (post.kind === 'send_message') post.text = 'steps.nope. +';
  const shapeless = base() as unknown as {
    steps: Record<string, unknown>[];
    trigger: Record<string, unknown>;
  };
  delete shapeless.steps[0]!.method;
  delete shapeless.trigger.timezone;
  const hollow = structuredClone(exampleWorkflows.emailAutoResponder) as unknown as {
    steps: Record<string, unknown>[];
    trigger: Record<string, unknown>;
  };
  for (const step of hollow.steps) {
    delete step.branches;
    delete step.ai;
    delete step.retry;
    delete step.to;
  }
  hollow.steps.push(
    { id: 'rec', label: 'Rec', kind: 'update_record' },
    { id: 'loop', label: 'Loop', kind: 'for_each' },
  );
  delete hollow.trigger.verification;
  delete hollow.trigger.response;
  const polling = structuredClone(exampleWorkflows.slackReminderAgent) as unknown as {
    trigger: Record<string, unknown>;
  };
  delete polling.trigger.request;
  return [
    ['steps and a webhook missing whole parts', hollow as unknown as WorkflowDefinition],
    ['a polling trigger without its request', polling as unknown as WorkflowDefinition],
    ['dangling links and start', dangling],
    ['connections all removed', noConnections],
    ['a branch to a missing step', mail],
    ['a duplicated step id', duplicate],
    ['an expression that does not parse', badExpression],
    ['settings missing from its shape', shapeless as unknown as WorkflowDefinition],
  ];
}

describe('every workflow node and panel draws', () => {
  for (const def of allExampleWorkflows)
    it(`every node and panel of the example "${def.name}"`, () => {
      for (const node of graphOf(def).nodes) {
        const markup = renderNode(def, node);
        expect(markup).toContain('aria-label=');
        if (node.type !== 'trigger') expect(markup).toContain((node.data as StepNodeData).label);
        expect(renderPanel(def, node)).toMatch(/<label/);
      }
    });

  it('the digest shows its schedule in words, its loop, the connections used and labelled branch handles', () => {
    const def = exampleWorkflows.dailyDigestBot;
    const graph = graphOf(def);
    const trigger = renderNode(def, graph.nodes.find((node) => node.type === 'trigger')!);
    expect(trigger).toContain('Every weekday 08:00 Europe/Berlin');
    const loop = renderNode(def, graph.nodes.find((node) => node.type === 'forEach')!);
    expect(loop).toContain('For each active repository');
    const fetch = renderNode(def, graph.nodes.find((node) => node.id === 'step:fetch_merged')!);
    expect(fetch).toContain('GitHub (read-only token)');
    const mail = exampleWorkflows.emailAutoResponder;
    const route = graphOf(mail).nodes.find((node) => node.id === 'step:route_reply')!;
    const markup = renderNode(mail, route);
    for (const name of ['Shipping', 'Returns', 'Refunds', 'otherwise', '+ branch'])
      expect(markup).toContain(name);
    expect(markup).toContain('data-handleid="branch:shipping"');
  });

  for (const [name, def] of brokenDrafts())
    it(`a draft with ${name}`, () => {
      const graph = (() => {
        try {
          return graphOf(def);
        } catch {
          // The graph is not this folder's; the panels must still draw what the store holds.
          return { nodes: [], edges: [] };
        }
      })();
      for (const node of graph.nodes) {
        renderNode(def, node);
        renderPanel(def, node);
      }
      for (const step of def.steps) render(def, <StepPanel nodeId={`step:${step.id}`} />);
      render(def, <TriggerPanel nodeId="trigger" />);
    });

  it('shows a step’s problems on its node and at the top of its panel', () => {
    const [, def] = brokenDrafts().find(([name]) => name === 'dangling links and start')!;
    const node = graphOf(def).nodes.find((candidate) => candidate.id === 'step:list_repos')!;
    expect(renderNode(def, node)).toMatch(/\d+ problems?/);
    expect(renderPanel(def, node)).toMatch(/problems? to fix/);
  });

  it('a removed step in a diff is marked in words, and its panel says it is not in the workflow', () => {
    const before = exampleWorkflows.dailyDigestBot;
    const after = { ...before, steps: before.steps.filter((step) => step.id !== 'report_failure') };
    const { onError: _dropped, ...first } = after.steps[0]!;
    after.steps = [first as WorkflowDefinition['steps'][number], ...after.steps.slice(1)];
    const graph = diffGraph(before, after, diffDefinitions(before, after));
    const ghost = graph.nodes.find((node) => node.id === 'step:report_failure')!;
    expect(renderNode(after, ghost)).toContain('Removed');
    expect(renderPanel(after, ghost)).toContain('not in the workflow');
  });

  it('the panel is disabled for someone who may only read', () => {
    const def = exampleWorkflows.dailyDigestBot;
    const markup = render(def, <StepPanel nodeId="step:list_repos" />, true);
    expect(markup).toMatch(/<fieldset disabled=""/);
  });

  it('the palette offers every trigger and step kind, draggable', () => {
    const markup = render(exampleWorkflows.dailyDigestBot, <WorkflowPalette />);
    // Every step kind (Set values included) and every trigger kind.
    expect(markup.match(/draggable="true"/g)).toHaveLength(STEP_KINDS.length + TRIGGER_KINDS.length);
    expect(markup).toContain('Set values');
    expect(markup).toContain('(current)');
  });
});
