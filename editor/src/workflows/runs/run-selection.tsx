import type { UseQueryResult } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import type { RunDetail } from '../../../../schemas/index.ts';
import { useWorkflowStore } from '../../studio/canvas/store-context.tsx';
import { outcomesByNode } from './run-outcomes.ts';
import { RunOverlayProvider } from './run-overlay.tsx';
import { useRun } from './runs-api.ts';

/** The run shown on the canvas, shared by the Runs tab, the inspector, the nodes and the header. */
interface RunSelection {
  workflowId: string;
  readOnly: boolean;
  runId: string | null;
  select(runId: string | null): void;
  run: UseQueryResult<RunDetail>;
}

const SelectionContext = createContext<RunSelection | null>(null);

export function useRunSelection(): RunSelection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('useRunSelection needs the workflow kind’s RunSelectionProvider');
  return selection;
}

/**
 * The workflow kind's context around the studio: which run is selected, its detail (polled while
 * it moves), and each node's outcome in it for the canvas overlay.
 */
export function RunSelectionProvider({
  id,
  readOnly,
  children,
}: {
  id: string;
  readOnly: boolean;
  children: ReactNode;
}) {
  const [runId, select] = useState<string | null>(null);
  const run = useRun(id, runId);
  const definition = useWorkflowStore((s) => s.definition);
  const outcomes = useMemo(() => {
    if (runId === null || !run.data || run.data.id !== runId) return null;
    try {
      return outcomesByNode(run.data, definition);
    } catch {
      // A draft the graph cannot read (saved half-edited) simply shows no overlay.
      return null;
    }
  }, [runId, run.data, definition]);
  const selection = useMemo(
    () => ({ workflowId: id, readOnly, runId, select, run }),
    [id, readOnly, runId, run],
  );
  return (
    <SelectionContext.Provider value={selection}>
      <RunOverlayProvider value={outcomes}>{children}</RunOverlayProvider>
    </SelectionContext.Provider>
  );
}
