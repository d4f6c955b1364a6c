import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AdminBuilder, AdminBuilderList, type Plan } from '../../../schemas/index.ts';
import { ApiError } from '../api/api-error.ts';
import { queryKeys } from '../api/query-keys.ts';
import { useStudio } from '../boot/studio-context.tsx';

export const adminBuildersKey = ['admin', 'builders'] as const;

/** A 403 from `/api/admin/*`: the signed-in account is not the platform owner. */
export const isNotOwnerError = (error: unknown) => error instanceof ApiError && error.status === 403;

export function useAdminBuilders(enabled: boolean) {
  const { api } = useStudio();
  return useQuery({
    queryKey: adminBuildersKey,
    enabled,
    queryFn: () => api.request('GET', '/api/admin/builders', AdminBuilderList),
    // Asking again will not make a builder the owner.
    retry: (failureCount, error) => !isNotOwnerError(error) && failureCount < 2,
  });
}

function withPlan(list: AdminBuilderList | undefined, id: string, plan: Plan) {
  if (!list) return list;
  return { ...list, builders: list.builders.map((b) => (b.id === id ? { ...b, plan } : b)) };
}

/**
 * Sets one builder's plan. The table shows the new plan at once; a failure puts back the plan
 * this builder had — only theirs, so a change on another row that is still in flight survives.
 */
export function useSetBuilderPlan() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, plan }: { id: string; plan: Plan; previous: Plan }) =>
      api.request('PUT', `/api/admin/builders/${encodeURIComponent(id)}/plan`, AdminBuilder, { plan }),
    onMutate: async ({ id, plan }) => {
      await queryClient.cancelQueries({ queryKey: adminBuildersKey });
      queryClient.setQueryData<AdminBuilderList>(adminBuildersKey, (list) => withPlan(list, id, plan));
    },
    onError: (_error, { id, previous }) => {
      queryClient.setQueryData<AdminBuilderList>(adminBuildersKey, (list) => withPlan(list, id, previous));
    },
    onSuccess: (builder) => {
      queryClient.setQueryData<AdminBuilderList>(adminBuildersKey, (list) =>
        list ? { ...list, builders: list.builders.map((b) => (b.id === builder.id ? builder : b)) } : list,
      );
      // The owner may have changed their own plan.
      return queryClient.invalidateQueries({ queryKey: queryKeys.me, exact: true });
    },
  });
}
