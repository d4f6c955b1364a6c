import { createContext, type ReactNode, useContext } from 'react';
import type { WorkflowApp } from './record-targets.ts';

/**
 * What the workflow panels need beyond the definition's store, given by the page: the builder's
 * apps (so record steps offer their tables and fields instead of bare ids), and whether the
 * builder may edit at all (a reviewer reading a diff may not).
 */
export interface WorkflowEditing {
  apps?: readonly WorkflowApp[];
  readOnly?: boolean;
}

const EditingContext = createContext<WorkflowEditing>({});

export function WorkflowEditingProvider({
  value,
  children,
}: {
  value: WorkflowEditing;
  children: ReactNode;
}) {
  return <EditingContext.Provider value={value}>{children}</EditingContext.Provider>;
}

/** The page's apps and edit rights; without a provider, no apps are known and editing is allowed. */
export function useWorkflowEditing(): WorkflowEditing {
  return useContext(EditingContext);
}
