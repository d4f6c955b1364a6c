import { useQuery } from '@tanstack/react-query';
import { Me } from '../../../schemas/index.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { queryKeys } from './query-keys.ts';

export function useMe() {
  const { api } = useStudio();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: () => api.request('GET', '/api/me', Me),
    staleTime: 5 * 60_000,
  });
}
