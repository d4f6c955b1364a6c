import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DefinitionDiff } from '../../../runtime/definitions/diff-change.ts';
import {
  Reviewer,
  ReviewerList,
  SavedVersion,
  SharedWorkflowList,
  WorkflowDetail,
  WorkflowList,
  WorkflowVersionList,
} from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { ApiError } from './api-error.ts';
import { queryKeys } from './query-keys.ts';

const workflowPath = (id: string) => `/api/workflows/${encodeURIComponent(id)}`;

export function useWorkflowList() {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.workflows,
    queryFn: () => api.request('GET', '/api/workflows', WorkflowList),
  });
}

/** Workflows other builders share with the signed-in builder for review (read-only). */
export function useSharedWorkflows() {
  const { api } = useStudio();
  return useQuery({
    queryKey: [...queryKeys.workflows, 'shared-with-me'],
    queryFn: () => api.request('GET', '/api/shared-with-me/workflows', SharedWorkflowList),
  });
}

export function useWorkflow(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.workflow(id),
    queryFn: () => api.request('GET', workflowPath(id), WorkflowDetail),
    retry: (n, error) => !(error instanceof ApiError && error.status === 404) && n < 2,
    // The canvas owns the definition once loaded; a background refetch must not replace an edit.
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCreateWorkflow() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (definition: unknown) =>
      api.request('POST', '/api/workflows', WorkflowDetail, { definition }),
    onSuccess: (workflow) => {
      queryClient.setQueryData(queryKeys.workflow(workflow.id), workflow);
      return queryClient.invalidateQueries({ queryKey: queryKeys.workflows, exact: true });
    },
  });
}

export function saveWorkflowDraft(
  api: ReturnType<typeof useStudio>['api'],
  id: string,
  definition: unknown,
  baseVersion: number,
) {
  return api.request('PUT', workflowPath(id), WorkflowDetail, { definition, baseVersion });
}

export function useWorkflowVersions(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.workflowVersions(id),
    queryFn: () => api.request('GET', `${workflowPath(id)}/versions`, WorkflowVersionList),
  });
}

export function useWorkflowVersion(id: string, version: number | null) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.workflowVersion(id, version ?? 0),
    enabled: version !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => api.request('GET', `${workflowPath(id)}/versions/${version}`, SavedVersion),
  });
}

export function useWorkflowDiff(id: string, pair: readonly [number, number] | null) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.workflowDiff(id, pair?.[0] ?? 0, pair?.[1] ?? 0),
    enabled: pair !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      api.request('GET', `${workflowPath(id)}/versions/${pair![0]}/diff/${pair![1]}`, DefinitionDiff),
  });
}

const reviewersKey = (id: string) => [...queryKeys.workflow(id), 'reviewers'] as const;

/** The builders who may read this workflow's versions and diffs (only its owner may list them). */
export function useWorkflowReviewers(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: reviewersKey(id),
    queryFn: async () => (await api.request('GET', `${workflowPath(id)}/reviewers`, ReviewerList)).reviewers,
  });
}

export function useAddWorkflowReviewer(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (username: string) =>
      api.request('POST', `${workflowPath(id)}/reviewers`, Reviewer, { username }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewersKey(id) }),
  });
}

export function useRemoveWorkflowReviewer(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (username: string) =>
      api.send('DELETE', `${workflowPath(id)}/reviewers/${encodeURIComponent(username)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewersKey(id) }),
  });
}
