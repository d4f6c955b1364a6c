import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DefinitionDiff } from '../../../runtime/definitions/diff-change.ts';
import {
  AppDetail,
  AppList,
  AppVersionList,
  EndUser,
  EndUserList,
  type InviteEndUserBody,
  PublishResult,
  Reviewer,
  ReviewerList,
  SavedVersion,
  SharedAppList,
} from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { ApiError } from './api-error.ts';
import { queryKeys } from './query-keys.ts';

const appPath = (id: string) => `/api/apps/${encodeURIComponent(id)}`;
const notFoundStops = (failureCount: number, error: unknown) =>
  !(error instanceof ApiError && error.status === 404) && failureCount < 2;

export function useAppList() {
  const { api } = useStudio();
  return useQuery({ queryKey: queryKeys.apps, queryFn: () => api.request('GET', '/api/apps', AppList) });
}

/** Apps other builders share with the signed-in builder for review (read-only). */
export function useSharedApps() {
  const { api } = useStudio();
  return useQuery({
    queryKey: [...queryKeys.apps, 'shared-with-me'],
    queryFn: () => api.request('GET', '/api/shared-with-me/apps', SharedAppList),
  });
}

export function useApp(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.app(id),
    queryFn: () => api.request('GET', appPath(id), AppDetail),
    retry: notFoundStops,
    // The canvas owns the definition once loaded; a background refetch must not replace an edit.
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCreateApp() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (definition: unknown) => api.request('POST', '/api/apps', AppDetail, { definition }),
    onSuccess: (app) => {
      queryClient.setQueryData(queryKeys.app(app.id), app);
      return queryClient.invalidateQueries({ queryKey: queryKeys.apps, exact: true });
    },
  });
}

/** Saves the canvas's definition as a new draft version; a 409 means someone saved in between. */
export function saveAppDraft(
  api: ReturnType<typeof useStudio>['api'],
  id: string,
  definition: unknown,
  baseVersion: number,
) {
  return api.request('PUT', appPath(id), AppDetail, { definition, baseVersion });
}

export function useDeleteApp() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.send('DELETE', appPath(id)),
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.app(id) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.apps, exact: true });
    },
  });
}

export function useAppVersions(id: string, enabled = true) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.appVersions(id),
    enabled,
    queryFn: () => api.request('GET', `${appPath(id)}/versions`, AppVersionList),
  });
}

export function useAppDiff(id: string, pair: readonly [number, number] | null) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.appDiff(id, pair?.[0] ?? 0, pair?.[1] ?? 0),
    enabled: pair !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => api.request('GET', `${appPath(id)}/versions/${pair![0]}/diff/${pair![1]}`, DefinitionDiff),
  });
}

/** One saved version's definition (versions never change, so it is fetched once). */
export function useAppVersion(id: string, version: number | null) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.appVersion(id, version ?? 0),
    enabled: version !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => api.request('GET', `${appPath(id)}/versions/${version}`, SavedVersion),
  });
}

/** Publishing answers 422 with the review's findings when something blocks it. */
export function usePublishApp(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api.request('POST', `${appPath(id)}/publish`, PublishResult, { version }, { answerStatuses: [422] }),
    onSuccess: (result) => {
      if (!result.published) return;
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.appVersions(id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.apps, exact: true }),
      ]);
    },
  });
}

export function useEndUsers(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.endUsers(id),
    queryFn: async () => (await api.request('GET', `${appPath(id)}/end-users`, EndUserList)).endUsers,
  });
}

export function useInviteEndUser(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteEndUserBody) => api.request('POST', `${appPath(id)}/end-users`, EndUser, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.endUsers(id) }),
  });
}

export function useRemoveEndUser(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endUserId: string) =>
      api.send('DELETE', `${appPath(id)}/end-users/${encodeURIComponent(endUserId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.endUsers(id) }),
  });
}

const reviewersKey = (id: string) => [...queryKeys.app(id), 'reviewers'] as const;

/** The builders who may read this app's versions and diffs (only its owner may list them). */
export function useAppReviewers(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: reviewersKey(id),
    queryFn: async () => (await api.request('GET', `${appPath(id)}/reviewers`, ReviewerList)).reviewers,
  });
}

export function useAddAppReviewer(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => api.request('POST', `${appPath(id)}/reviewers`, Reviewer, { username }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewersKey(id) }),
  });
}

export function useRemoveAppReviewer(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (username: string) =>
      api.send('DELETE', `${appPath(id)}/reviewers/${encodeURIComponent(username)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewersKey(id) }),
  });
}
