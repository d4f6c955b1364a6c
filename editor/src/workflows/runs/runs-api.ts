import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ActivationResult,
  type RerunBody,
  RunDetail,
  RunList,
  WebhookAccepted,
  type WorkflowDetail,
} from '../../../../schemas/index.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useStudio } from '../../boot/studio-context.tsx';
import { ActivationAnswer, isBlocked } from './activation-answer.ts';
import { isLive, runListInterval } from './run-status.ts';

const workflowPath = (id: string) => `/api/workflows/${encodeURIComponent(id)}`;
export const runsKey = (id: string) => [...queryKeys.workflow(id), 'runs'] as const;
export const runKey = (id: string, runId: string) => [...runsKey(id), runId] as const;

/** The newest runs, polled every 2 s while one is queued or running and every 10 s otherwise. */
export function useRuns(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: runsKey(id),
    queryFn: () => api.request('GET', `${workflowPath(id)}/runs?limit=50`, RunList),
    refetchInterval: (query) => runListInterval(query.state.data?.runs),
  });
}

/** One run with its step records; polled while it is still moving. */
export function useRun(id: string, runId: string | null) {
  const { api } = useStudio();
  return useQuery({
    queryKey: runKey(id, runId ?? ''),
    enabled: runId !== null,
    queryFn: () => api.request('GET', `${workflowPath(id)}/runs/${encodeURIComponent(runId!)}`, RunDetail),
    refetchInterval: (query) => (query.state.data && isLive(query.state.data.status) ? 2_000 : false),
  });
}

/** The workflow's header reads status and active version from the page's cached detail. */
function useSetActivation(id: string) {
  const queryClient = useQueryClient();
  return (result: ActivationResult) =>
    queryClient.setQueryData<WorkflowDetail>(queryKeys.workflow(id), (old) =>
      old ? { ...old, status: result.status, activeVersion: result.activeVersion } : old,
    );
}

export function useActivate(id: string) {
  const { api } = useStudio();
  const setActivation = useSetActivation(id);
  return useMutation({
    mutationFn: (): Promise<ActivationAnswer> =>
      api.request('POST', `${workflowPath(id)}/activate`, ActivationAnswer, {}, { answerStatuses: [422] }),
    onSuccess: (answer) => {
      if (!isBlocked(answer)) setActivation(answer);
    },
  });
}

export function useDeactivate(id: string) {
  const { api } = useStudio();
  const setActivation = useSetActivation(id);
  return useMutation({
    mutationFn: () => api.request('POST', `${workflowPath(id)}/deactivate`, ActivationResult, {}),
    onSuccess: setActivation,
  });
}

export function useRerun(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, ...body }: RerunBody & { runId: string }) =>
      api.request(
        'POST',
        `${workflowPath(id)}/runs/${encodeURIComponent(runId)}/rerun`,
        WebhookAccepted,
        body,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runsKey(id), exact: true }),
  });
}

/** Runs the current draft once with a sample trigger payload; answers with the finished run. */
export function useTestRun(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (trigger: unknown) =>
      api.request('POST', `${workflowPath(id)}/test-run`, RunDetail, { trigger }),
    onSuccess: (run) => {
      queryClient.setQueryData(runKey(id, run.id), run);
      return queryClient.invalidateQueries({ queryKey: runsKey(id), exact: true });
    },
  });
}
