import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  AppDetail,
  type CopilotAcceptBody,
  CopilotAnswer,
  type CopilotAskBody,
  WorkflowDetail,
} from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { queryKeys } from './query-keys.ts';

/** What the co-pilot works on: an app's draft or a workflow's. */
export type CopilotTarget = 'app' | 'workflow';

const copilotPath = (target: CopilotTarget, id: string) =>
  `/api/${target === 'app' ? 'apps' : 'workflows'}/${encodeURIComponent(id)}/copilot`;

/** The draft as the server saved it after an accept (the same answer as saving a draft). */
export interface AcceptedDraft {
  definition: unknown;
  currentVersion: number;
}

export interface CopilotRequests {
  /** Asks for a patch on `baseVersion`; the answer is already applied and validated by the server. */
  ask(body: CopilotAskBody, signal?: AbortSignal): Promise<CopilotAnswer>;
  /**
   * Saves the proposal as an agent-authored draft version; the history and the cached detail are
   * refreshed so the History tab lists it and a reopened canvas starts from it.
   */
  accept(body: CopilotAcceptBody): Promise<AcceptedDraft>;
}

/** The co-pilot's two calls for one app or workflow, bound to the signed-in builder. */
export function useCopilotRequests(target: CopilotTarget, id: string): CopilotRequests {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMemo(() => {
    const path = copilotPath(target, id);
    return {
      ask: (body, signal) => api.request('POST', path, CopilotAnswer, body, signal ? { signal } : undefined),
      async accept(body) {
        if (target === 'app') {
          const detail = await api.request('POST', `${path}/accept`, AppDetail, body);
          queryClient.setQueryData(queryKeys.app(id), detail);
          void queryClient.invalidateQueries({ queryKey: queryKeys.appVersions(id) });
          void queryClient.invalidateQueries({ queryKey: queryKeys.apps, exact: true });
          return detail;
        }
        const detail = await api.request('POST', `${path}/accept`, WorkflowDetail, body);
        queryClient.setQueryData(queryKeys.workflow(id), detail);
        void queryClient.invalidateQueries({ queryKey: queryKeys.workflowVersions(id) });
        void queryClient.invalidateQueries({ queryKey: queryKeys.workflows, exact: true });
        return detail;
      },
    } satisfies CopilotRequests;
  }, [api, queryClient, target, id]);
}
