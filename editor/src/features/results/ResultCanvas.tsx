import { ReactFlowProvider } from '@xyflow/react';
import { type ReactNode, useMemo, useState } from 'react';
import type { AppDefinition, WorkflowDefinition } from '../../../../schemas/definitions.ts';
import { appKind } from '../../apps/app-kind.tsx';
import { StudioCanvas } from '../../studio/canvas/StudioCanvas.tsx';
import { StudioStoreProvider } from '../../studio/canvas/store-context.tsx';
import { useCanvasPositions } from '../../studio/canvas/use-positions.ts';
import { memoryPositionStore } from '../../studio/graph/positions.ts';
import type { StudioDefinition } from '../../studio/model/edit-result.ts';
import { AppCanvasProvider } from '../../studio/nodes/app/app-canvas-context.tsx';
import { WorkflowEditingProvider } from '../../studio/nodes/workflow/shared/workflow-context.tsx';
import type { DefinitionKind } from '../../studio/page/definition-kind.ts';
import { createStudioStore } from '../../studio/store/studio-store.ts';
import { RunSelectionProvider } from '../../workflows/runs/run-selection.tsx';
import { workflowKind } from '../../workflows/workflow-kind.tsx';

// The implementer's result drawn on the studio's canvas before approval, read-only: the same
// tables, views and steps the builder will edit once it is theirs. Positions live only as long as
// the page (the candidate is not a saved definition yet).

type Candidate =
  | { kind: 'components'; definition: AppDefinition }
  | { kind: 'workflows'; definition: WorkflowDefinition };

export function ResultCanvas({ candidate, featureId }: { candidate: Candidate; featureId: string }) {
  const label =
    candidate.kind === 'components' ? 'The built app on the canvas' : 'The built workflow on the canvas';
  return (
    <section
      aria-label={label}
      data-testid="result-canvas"
      className="h-[28rem] overflow-hidden rounded-xl border border-neutral-200 bg-neutral-50"
    >
      {candidate.kind === 'components' ? (
        <Drawn kind={appKind} definition={candidate.definition} id={`feature-${featureId}`} label={label}>
          {(canvas) => (
            <AppCanvasProvider published={false} readOnly>
              {canvas}
            </AppCanvasProvider>
          )}
        </Drawn>
      ) : (
        <Drawn
          kind={workflowKind}
          definition={candidate.definition}
          id={`feature-${featureId}`}
          label={label}
        >
          {(canvas) => (
            <WorkflowEditingProvider value={{ readOnly: true }}>
              <RunSelectionProvider id={`feature-${featureId}`} readOnly>
                {canvas}
              </RunSelectionProvider>
            </WorkflowEditingProvider>
          )}
        </Drawn>
      )}
    </section>
  );
}

function Drawn<D extends StudioDefinition>(props: {
  kind: DefinitionKind<D>;
  definition: D;
  id: string;
  label: string;
  children: (canvas: ReactNode) => ReactNode;
}) {
  const store = useMemo(() => createStudioStore(props.definition), [props.definition]);
  return (
    <StudioStoreProvider store={store as never}>
      <ReactFlowProvider>{props.children(<Canvas {...props} />)}</ReactFlowProvider>
    </StudioStoreProvider>
  );
}

function Canvas<D extends StudioDefinition>({
  kind,
  definition,
  id,
  label,
}: {
  kind: DefinitionKind<D>;
  definition: D;
  id: string;
  label: string;
}) {
  const [positions] = useState(memoryPositionStore);
  const graph = useMemo(() => {
    try {
      return kind.graph(definition);
    } catch {
      return { nodes: [], edges: [] };
    }
  }, [kind, definition]);
  const placement = useCanvasPositions(id, graph, positions);
  return <StudioCanvas label={label} graph={graph} placement={placement} registry={kind.registry} readOnly />;
}
