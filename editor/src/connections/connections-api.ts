import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ConnectionList,
  ConnectionSummary,
  type CreateApiKeyConnectionBody,
  type StartOAuthBody,
  StartOAuthResponse,
} from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';

/** Under 'connections' so a change here also refreshes each workflow's pickers (setup-api.ts). */
export const connectionsKey = ['connections'] as const;

export function useConnections() {
  const { api } = useStudio();
  return useQuery({
    queryKey: connectionsKey,
    queryFn: () => api.request('GET', '/api/connections', ConnectionList),
  });
}

/** Stores an API key; the answer (and the cache) carries only its last four characters. */
export function useCreateApiKeyConnection() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyConnectionBody) =>
      api.request('POST', '/api/connections', ConnectionSummary, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  });
}

/**
 * Asks for the provider's sign-in address. The caller sends the browser there; the provider
 * returns it to `/oauth/callback`, which lands on `/app/connections?connected=<id>`.
 */
export function useStartOAuth() {
  const { api } = useStudio();
  return useMutation({
    mutationFn: (body: z.input<typeof StartOAuthBody>) =>
      api.request('POST', '/api/connections/oauth/start', StartOAuthResponse, body),
  });
}

export function useDeleteConnection() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.send('DELETE', `/api/connections/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  });
}
