import { z } from 'zod';

/** What the studio needs to know before it can sign anyone in (served at `/studio-config.json`). */
export const StudioConfig = z.object({
  /** Base URL of Supabase Auth; in embedded mode the platform's own origin. */
  supabaseUrl: z.string(),
  supabaseAnonKey: z.string(),
  authMode: z.enum(['embedded', 'supabase']),
});
export type StudioConfig = z.infer<typeof StudioConfig>;
