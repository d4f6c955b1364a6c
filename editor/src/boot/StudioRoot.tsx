import { createClient } from '@supabase/supabase-js';
import { QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { createApiClient } from '../api/api-client.ts';
import { errorMessage } from '../api/api-error.ts';
import { AuthProvider } from '../auth/auth-context.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { router } from '../router.tsx';
import { createQueryClient } from './query-client.ts';
import { loadStudioConfig } from './studio-config.ts';
import { type Studio, StudioProvider } from './studio-context.tsx';

type BootState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; studio: Studio };

const queryClient = createQueryClient();

/** Loads `/studio-config.json`, builds the supabase-js and API clients once, then renders the studio. */
export function StudioRoot() {
  const [state, setState] = useState<BootState>({ status: 'loading' });

  const boot = useCallback((signal?: AbortSignal) => {
    setState({ status: 'loading' });
    loadStudioConfig(signal).then(
      (config) => {
        const supabase = createClient(config.supabaseUrl, config.supabaseAnonKey);
        setState({ status: 'ready', studio: { config, supabase, api: createApiClient(supabase) } });
      },
      (error: unknown) => {
        if (!signal?.aborted) setState({ status: 'failed', message: errorMessage(error) });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    boot(controller.signal);
    return () => controller.abort();
  }, [boot]);

  if (state.status === 'loading') {
    return (
      <div className="flex min-h-dvh items-center justify-center text-indigo-600">
        <Spinner size="lg" label="Starting the studio…" />
      </div>
    );
  }
  if (state.status === 'failed') {
    return (
      <div className="mx-auto max-w-lg px-4 py-24">
        <ErrorAlert title="The studio could not start" message={state.message} onRetry={() => boot()} />
      </div>
    );
  }
  return (
    <StudioProvider studio={state.studio}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </StudioProvider>
  );
}
