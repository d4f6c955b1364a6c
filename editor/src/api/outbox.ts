import { useQuery } from '@tanstack/react-query';
import { OutboxList } from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';

export const outboxKey = ['outbox'] as const;

/** The builder's outbox, newest first. Polled, so a sign-in link asked for a moment ago shows up. */
export function useOutbox() {
  const { api } = useStudio();
  return useQuery({
    queryKey: outboxKey,
    queryFn: () => api.request('GET', '/api/outbox', OutboxList),
    refetchInterval: 15_000,
  });
}
