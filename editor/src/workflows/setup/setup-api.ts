import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  WorkflowConnectionList,
  WorkflowSecretList,
  WorkflowSecretStatus,
} from '../../../../schemas/index.ts';
import { useStudio } from '../../boot/studio-context.tsx';

/** Everything a workflow's Setup reads, under one prefix so a save can refresh it at once. */
export const setupKey = (id: string) => ['workflows', id, 'setup'] as const;
const secretsKey = (id: string) => [...setupKey(id), 'secrets'] as const;
const bindingsKey = (id: string) => [...setupKey(id), 'connections'] as const;

const base = (id: string) => `/api/workflows/${encodeURIComponent(id)}`;
const SecretSaved = WorkflowSecretStatus.pick({ configured: true, last4: true });
const BindingSaved = z.object({ status: z.string() });

/** The secrets the workflow's saved version declares: configured or not, and a value's last four. */
export function useWorkflowSecrets(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: secretsKey(id),
    queryFn: () => api.request('GET', `${base(id)}/secrets`, WorkflowSecretList),
  });
}

export function usePutWorkflowSecret(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ secretId, value }: { secretId: string; value: string }) =>
      api.request('PUT', `${base(id)}/secrets/${encodeURIComponent(secretId)}`, SecretSaved, { value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secretsKey(id) }),
  });
}

export function useRemoveWorkflowSecret(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (secretId: string) =>
      api.send('DELETE', `${base(id)}/secrets/${encodeURIComponent(secretId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secretsKey(id) }),
  });
}

/** The connections the saved version declares, each with the stored connection bound to it. */
export function useWorkflowBindings(id: string) {
  const { api } = useStudio();
  return useQuery({
    queryKey: bindingsKey(id),
    queryFn: () => api.request('GET', `${base(id)}/connections`, WorkflowConnectionList),
  });
}

export function useBindConnection(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ declId, connectionId }: { declId: string; connectionId: string }) =>
      api.request('PUT', `${base(id)}/connections/${encodeURIComponent(declId)}`, BindingSaved, {
        connectionId,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bindingsKey(id) }),
  });
}

export function useUnbindConnection(id: string) {
  const { api } = useStudio();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (declId: string) =>
      api.send('DELETE', `${base(id)}/connections/${encodeURIComponent(declId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bindingsKey(id) }),
  });
}
