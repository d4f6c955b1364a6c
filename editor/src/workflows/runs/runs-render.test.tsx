import { ReactFlowProvider } from '@xyflow/react';
import type { ComponentType, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../../schemas/definitions.ts';
import type { RunSummary } from '../../../../schemas/index.ts';
import { StudioStoreProvider } from '../../studio/canvas/store-context.tsx';
import { graphOf } from '../../studio/graph/diff-graph.ts';
import type { StudioNode } from '../../studio/graph/graph-types.ts';
import { exampleWorkflows } from '../../studio/model/examples.fixture.ts';
import { workflowRegistry } from '../../studio/nodes/workflow/workflow-registry.ts';
import { createStudioStore } from '../../studio/store/studio-store.ts';
import { RunList } from './RunList.tsx';
import type { RunOutcomes } from './run-outcomes.ts';
import { RunOverlayProvider } from './run-overlay.tsx';
import { RecordView } from './StepRunRecords.tsx';

// Server rendering (the repo has no DOM library): enough to prove each state says what a person
// needs to read, and that the overlay draws only when a run is selected.

const digest = exampleWorkflows.dailyDigestBot;
const now = new Date('2026-11-26T10:00:00.000Z');

function run(extra: Partial<RunSummary>): RunSummary {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    workflowId: '00000000-0000-4000-8000-0000000000aa',
    version: 3,
    trigger: 'webhook',
    status: 'succeeded',
    startedAt: '2026-11-26T09:55:00.000Z',
    finishedAt: '2026-11-26T09:55:01.000Z',
    durationMs: 1_200,
    error: null,
    ...extra,
  };
}

function list(props: Partial<Parameters<typeof RunList>[0]>): string {
  return renderToStaticMarkup(
    <RunList
      runs={undefined}
      loading={false}
      error={null}
      onRetry={() => {}}
      selectedRunId={null}
      onSelect={() => {}}
      now={now}
      {...props}
    />,
  );
}

describe('RunList', () => {
  it('shows loading, then an error with a retry, then the empty state', () => {
    expect(list({ loading: true })).toContain('Loading runs…');
    const failed = list({ error: new Error('The server had a problem (500).') });
    expect(failed).toContain('Could not load the runs');
    expect(failed).toContain('The server had a problem (500).');
    expect(failed).toContain('Try again');
    expect(list({ runs: [] })).toContain('No runs yet — send a test run or activate the workflow');
  });

  it('lists each run with its status, trigger, start and duration, the selected one pressed', () => {
    const html = list({
      runs: [
        run({
          id: '00000000-0000-4000-8000-000000000002',
          status: 'running',
          durationMs: null,
          trigger: 'manual',
        }),
        run({ status: 'failed', error: 'Step "list_repos" failed' }),
      ],
      selectedRunId: '00000000-0000-4000-8000-000000000001',
    });
    expect(html).toContain('data-run-status="running"');
    expect(html).toContain('Manual test');
    expect(html).toContain('data-run-status="failed"');
    expect(html).toContain('5 min ago');
    expect(html).toContain('1.2 s');
    expect(html).toContain('Step &quot;list_repos&quot; failed');
    expect(html.match(/aria-pressed="true"/g)).toHaveLength(1);
  });

  it('keeps the list when a refresh fails after it loaded', () => {
    const html = list({ runs: [run({})], error: new Error('offline') });
    expect(html).not.toContain('Could not load the runs');
    expect(html).toContain('data-run-status="succeeded"');
  });
});

function renderNode(
  node: StudioNode,
  outcomes: RunOutcomes | null,
  wrap?: (n: ReactNode) => ReactNode,
): string {
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
  const element = <Component {...props} />;
  return renderToStaticMarkup(
    <StudioStoreProvider store={createStudioStore(digest as WorkflowDefinition)}>
      <ReactFlowProvider>
        {outcomes ? (
          <RunOverlayProvider value={outcomes}>{wrap ? wrap(element) : element}</RunOverlayProvider>
        ) : (
          element
        )}
      </ReactFlowProvider>
    </StudioStoreProvider>,
  );
}

const nodeOf = (id: string) => graphOf(digest).nodes.find((n) => n.id === id)!;

describe('run overlay on the nodes', () => {
  const outcomes: RunOutcomes = new Map([
    ['trigger', { status: 'succeeded', attempts: 1, durationMs: 0, executions: 1, failures: 0 }],
    ['step:list_repos', { status: 'failed', attempts: 3, durationMs: 1_500, executions: 1, failures: 1 }],
    ['step:post_header', { status: 'not_reached', attempts: 0, durationMs: 0, executions: 0, failures: 0 }],
    [
      'step:digest_each_repo',
      { status: 'succeeded', attempts: 1, durationMs: 300, executions: 1, failures: 0, items: 3 },
    ],
  ]);

  it('draws nothing extra without a selected run', () => {
    expect(renderNode(nodeOf('step:list_repos'), null)).not.toContain('data-run-outcome');
  });

  it('rings a failed step red with its attempts and duration in words', () => {
    const html = renderNode(nodeOf('step:list_repos'), outcomes);
    expect(html).toContain('data-run-outcome="failed"');
    expect(html).toContain('ring-red-500');
    expect(html).toContain('3 attempts');
    expect(html).toContain('Run: Failed · 3 attempts · 1.5 s');
  });

  it('greys a step the run did not reach, and counts a loop’s items', () => {
    const skipped = renderNode(nodeOf('step:post_header'), outcomes);
    expect(skipped).toContain('data-run-outcome="not_reached"');
    expect(skipped).toContain('opacity-50');
    expect(renderNode(nodeOf('step:digest_each_repo'), outcomes)).toContain('3 items');
    expect(renderNode(nodeOf('trigger'), outcomes)).toContain('Started the run');
  });

  it('shows no outcome on a node drawn for a diff (another version than the run)', () => {
    const node = nodeOf('step:list_repos');
    const inDiff = { ...node, data: { ...node.data, diff: 'changed' } } as StudioNode;
    expect(renderNode(inDiff, outcomes)).not.toContain('data-run-outcome');
  });
});

describe('RecordView', () => {
  it('pretty-prints input and output and shows the error in red', () => {
    const html = renderToStaticMarkup(
      <RecordView
        record={{
          stepId: 'list_repos',
          kind: 'call_api',
          status: 'failed',
          input: { url: 'https://api.github.com/orgs/acme/repos', token: '[redacted]' },
          startedAt: '2026-11-26T09:55:00.000Z',
          durationMs: 420,
          attempts: 2,
          item: 0,
          error: { code: 'http_503', message: 'Service unavailable' },
        }}
      />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('text-red-800');
    expect(html).toContain('Service unavailable');
    expect(html).toContain('2 attempts');
    expect(html).toContain('item 1');
    expect(html).toContain('&quot;token&quot;: &quot;[redacted]&quot;');
    expect(html).toContain('{\n  &quot;url&quot;');
    expect(html).not.toContain('Output');
  });
});
