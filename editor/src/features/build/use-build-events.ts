import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type FeatureDetail, FeatureProgress } from '../../../../schemas/index.ts';
import { pipelineKeys } from '../../api/pipeline.ts';
import { openEventStream } from '../../api/sse.ts';
import { useStudio } from '../../boot/studio-context.tsx';

const RECONNECT_MS = 5_000;

/**
 * Follows a running build through `GET /api/features/:id/events`: each `progress` event is merged
 * into the cached detail at once (the stepper moves without a round trip) and the detail is
 * refetched for what the event does not carry (artifacts). Answers whether the stream is live, so
 * the page can poll instead while it is not; a dropped stream is reopened after a pause.
 */
export function useBuildEvents(featureId: string, building: boolean): { live: boolean } {
  const { supabase } = useStudio();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reconnect trigger
  useEffect(() => {
    if (!building) return;
    const controller = new AbortController();
    let reconnect: ReturnType<typeof setTimeout> | undefined;
    let ended = false;
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: pipelineKeys.detail(featureId) });
      void queryClient.invalidateQueries({ queryKey: pipelineKeys.runs(featureId) });
    };
    setLive(true);
    openEventStream(
      supabase,
      `/api/features/${encodeURIComponent(featureId)}/events`,
      (event) => {
        if (event.event === 'end') {
          ended = true;
          refresh();
          return;
        }
        if (event.event !== 'progress') return;
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        const progress = FeatureProgress.safeParse(data);
        if (!progress.success) return;
        queryClient.setQueryData<FeatureDetail>(pipelineKeys.detail(featureId), (old) =>
          old ? { ...old, ...progress.data } : old,
        );
        refresh();
      },
      { signal: controller.signal },
    )
      .catch(() => undefined)
      .finally(() => {
        if (controller.signal.aborted) return;
        setLive(false);
        refresh();
        // Closed without `end`: the connection dropped; poll meanwhile and try the stream again.
        if (!ended) reconnect = setTimeout(() => setAttempt((n) => n + 1), RECONNECT_MS);
      });
    return () => {
      controller.abort();
      clearTimeout(reconnect);
      setLive(false);
    };
  }, [featureId, building, attempt, supabase, queryClient]);

  return { live };
}
