import type { SupabaseClient } from '@supabase/supabase-js';
import { createContext, type ReactNode, useContext } from 'react';
import type { StudioConfig } from '../../../schemas/index.ts';
import type { ApiClient } from '../api/api-client.ts';

/** Everything created once at boot from `/studio-config.json`. */
export interface Studio {
  config: StudioConfig;
  supabase: SupabaseClient;
  api: ApiClient;
}

const StudioContext = createContext<Studio | null>(null);

export function StudioProvider({ studio, children }: { studio: Studio; children: ReactNode }) {
  return <StudioContext.Provider value={studio}>{children}</StudioContext.Provider>;
}

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio() must be used inside <StudioProvider>');
  return studio;
}
