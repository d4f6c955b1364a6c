import type { SupabaseClient } from '@supabase/supabase-js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  AgentRunList,
  ApproveResult,
  type BuildBody,
  ChatMessageList,
  FeatureDetail,
  type FeatureMode,
  type PipelineStage,
} from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { ApiError } from './api-error.ts';
import { queryKeys } from './query-keys.ts';
import { bearerHeader } from './sse.ts';

// The agent pipeline as the studio reads and drives it: a feature's detail (state, stage,
// artifacts), its chat, its agent runs, and the actions of the build panel. The streams (the BA's
// reply, build progress) live in features/*/use-*.ts on top of `openEventStream`.

const base = (id: string) => `/api/features/${encodeURIComponent(id)}`;

/** Under the feature's own key, so invalidating the feature refreshes all of these too. */
export const pipelineKeys = {
  detail: (id: string) => [...queryKeys.feature(id), 'detail'] as const,
  messages: (id: string) => [...queryKeys.feature(id), 'messages'] as const,
  runs: (id: string) => [...queryKeys.feature(id), 'runs'] as const,
};

const notFoundIsFinal = (failureCount: number, error: unknown) =>
  !(error instanceof ApiError && error.status === 404) && failureCount < 2;

export function useFeatureDetail(
  id: string,
  options: {
    enabled?: boolean;
    pollMs?: (status: FeatureDetail['status'] | undefined) => number | false;
  } = {},
) {
  const { api } = useStudio();
  const { pollMs } = options;
  return useQuery({
    queryKey: pipelineKeys.detail(id),
    enabled: options.enabled ?? true,
    queryFn: () => api.request('GET', base(id), FeatureDetail),
    // Asked after every fetch, so polling starts and stops with the build (and the stream's health).
    refetchInterval: pollMs ? (query) => pollMs(query.state.data?.status) : false,
    retry: notFoundIsFinal,
  });
}

export function useChatMessages(id: string, enabled = true) {
  const { api } = useStudio();
  return useQuery({
    queryKey: pipelineKeys.messages(id),
    enabled,
    queryFn: () => api.request('GET', `${base(id)}/messages`, ChatMessageList),
    retry: notFoundIsFinal,
  });
}

export function useAgentRuns(id: string, enabled = true) {
  const { api } = useStudio();
  return useQuery({
    queryKey: pipelineKeys.runs(id),
    enabled,
    queryFn: () => api.request('GET', `${base(id)}/runs`, AgentRunList),
  });
}

/** After any action the server answers with the feature's new state; the list's badges follow. */
function useRefreshFeature(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.feature(id) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.features, exact: true }),
    ]);
}

export function useSetMode(id: string) {
  const { api } = useStudio();
  const refresh = useRefreshFeature(id);
  return useMutation({
    mutationFn: (mode: FeatureMode) => api.request('POST', `${base(id)}/mode`, z.unknown(), { mode }),
    onSuccess: refresh,
  });
}

export function useStartBuild(id: string) {
  const { api } = useStudio();
  const refresh = useRefreshFeature(id);
  return useMutation({
    mutationFn: (body: BuildBody) => api.send('POST', `${base(id)}/build`, body),
    onSuccess: refresh,
  });
}

export function useRetryBuild(id: string) {
  const { api } = useStudio();
  const refresh = useRefreshFeature(id);
  return useMutation({
    mutationFn: (stage: PipelineStage | undefined) =>
      api.send('POST', `${base(id)}/retry`, stage ? { stage } : {}),
    onSuccess: refresh,
  });
}

/** A 422 is an answer, not an error: approval was refused and the blocking findings say why. */
export function useApprove(id: string) {
  const { api } = useStudio();
  const refresh = useRefreshFeature(id);
  return useMutation({
    mutationFn: () =>
      api.request('POST', `${base(id)}/approve`, ApproveResult, {}, { answerStatuses: [422] }),
    onSuccess: refresh,
  });
}

export function useReject(id: string) {
  const { api } = useStudio();
  const refresh = useRefreshFeature(id);
  return useMutation({
    mutationFn: (comment: string) => api.send('POST', `${base(id)}/reject`, { comment }),
    onSuccess: refresh,
  });
}

/**
 * Fetches the code bundle with the builder's token (a plain link cannot send it) and hands it to
 * the browser as a download.
 */
export async function downloadCodeZip(supabase: SupabaseClient, path: string, filename: string) {
  let response: Response;
  try {
    response = await fetch(path, { headers: await bearerHeader(supabase) });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download manager; revoking later frees the memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useDownloadCodeZip(id: string) {
  const { supabase } = useStudio();
  return useMutation({
    mutationFn: ({ path, filename }: { path?: string | null; filename: string }) =>
      downloadCodeZip(supabase, path ?? `${base(id)}/artifacts/code.zip`, filename),
  });
}
