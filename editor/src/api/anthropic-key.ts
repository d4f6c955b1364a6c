import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AnthropicKeyStatus } from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { queryKeys } from './query-keys.ts';

const path = '/api/settings/anthropic-key';

export function useAnthropicKeyStatus() {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.anthropicKey,
    queryFn: () => api.request('GET', path, AnthropicKeyStatus),
  });
}

/** Saves the key; only the masked status the server answers is kept, never the key itself. */
export function useSaveAnthropicKey() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => api.request('PUT', path, AnthropicKeyStatus, { key }),
    onSuccess: (status) => queryClient.setQueryData(queryKeys.anthropicKey, status),
  });
}

export function useRemoveAnthropicKey() {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.send('DELETE', path),
    onSuccess: () =>
      queryClient.setQueryData<AnthropicKeyStatus>(queryKeys.anthropicKey, { configured: false }),
  });
}
