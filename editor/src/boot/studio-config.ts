import { StudioConfig } from '../../../schemas/index.ts';

/** Thrown when the server does not answer `/studio-config.json` with a usable config. */
export class StudioConfigError extends Error {
  override name = 'StudioConfigError';
}

/** Fetches what the studio needs before anyone can sign in. */
export async function loadStudioConfig(signal?: AbortSignal): Promise<StudioConfig> {
  let response: Response;
  try {
    response = await fetch('/studio-config.json', { headers: { Accept: 'application/json' }, signal });
  } catch {
    throw new StudioConfigError('Could not reach the Build Practical server. Is it running?');
  }
  if (!response.ok) {
    throw new StudioConfigError(`The server answered ${response.status} for /studio-config.json.`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = StudioConfig.safeParse(body);
  if (!parsed.success) {
    throw new StudioConfigError('The server sent a studio configuration this version cannot read.');
  }
  // In embedded mode Auth is served by the very server that answered this request, so the page's
  // own origin is the right base even when the server names itself differently (localhost vs
  // 127.0.0.1, a dev proxy), and Auth calls stay same-origin for the server's CSP.
  const base = parsed.data.authMode === 'embedded' ? window.location.origin : parsed.data.supabaseUrl;
  return { ...parsed.data, supabaseUrl: new URL(base, window.location.origin).href.replace(/\/$/, '') };
}
