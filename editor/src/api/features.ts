import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CreateFeatureBody, Feature, FeatureList } from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { ApiError } from './api-error.ts';
import { queryKeys } from './query-keys.ts';

export function useFeatureList() {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.features,
    queryFn: () => api.request('GET', '/api/features', FeatureList),
  });
}

export function useFeature(id: string, enabled = true) {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.feature(id),
    enabled,
    queryFn: () => api.request('GET', `/api/features/${encodeURIComponent(id)}`, Feature),
    // A 404 will not turn into a 200 by asking again.
    retry: (failureCount, error) => !(error instanceof ApiError && error.status === 404) && failureCount < 2,
  });
}

export function useCreateFeature() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateFeatureBody) => api.request('POST', '/api/features', Feature, body),
    onSuccess: (feature) => {
      queryClient.setQueryData(queryKeys.feature(feature.id), feature);
      return queryClient.invalidateQueries({ queryKey: queryKeys.features, exact: true });
    },
  });
}

export function useDeleteFeature() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.send('DELETE', `/api/features/${encodeURIComponent(id)}`),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.feature(id), exact: true });
      return queryClient.invalidateQueries({ queryKey: queryKeys.features, exact: true });
    },
  });
}
