import { ApiError } from '../../api/api-error.ts';

/**
 * Why the co-pilot could not help, as the panel shows it: what happened and what to do next.
 * `settings` asks for a link to the settings page (the key is missing or was refused).
 */
export interface CopilotProblem {
  kind: 'request' | 'key' | 'invalid' | 'stale' | 'busy' | 'unsaved' | 'other';
  message: string;
  settings?: boolean;
}

export const SETTINGS_PATH = '/app/settings';

/** The draft moved on under the proposal: it was made for a version that is no longer the draft. */
export const STALE_PROBLEM: CopilotProblem = {
  kind: 'stale',
  message:
    'The draft changed since the co-pilot looked at it (an edit here, another tab or an agent), so its change no longer fits. Ask again.',
};

/** The draft could not be saved before asking; nothing was sent, and the edits are still on the canvas. */
export const UNSAVED_PROBLEM: CopilotProblem = {
  kind: 'unsaved',
  message:
    'Your latest edits could not be saved (see the status next to the name), so nothing was sent to the co-pilot. Your edits are kept; ask again once the draft shows Saved.',
};

/** The server's message as a sentence, whether or not it ended with a full stop. */
const sentence = (text: string) => `${text.replace(/[.\s]+$/, '')}.`;

/**
 * Maps a failed ask or accept to what the builder can act on. The server's message is kept where
 * it says something specific (why a patch was refused, how long to wait); the advice is ours.
 */
export function copilotProblem(error: unknown): CopilotProblem {
  if (!(error instanceof ApiError))
    return {
      kind: 'other',
      message: error instanceof Error && error.message ? error.message : 'Something went wrong. Ask again.',
    };
  if (error.code === 'anthropic_key_missing')
    return {
      kind: 'key',
      message: 'The co-pilot needs your Anthropic API key. Add it in Settings, then ask again.',
      settings: true,
    };
  // Our own 401 means the session ended (the client signs out); a refused Anthropic key has its code.
  if (error.code === 'anthropic_key_rejected')
    return {
      kind: 'key',
      message: `${error.message} (Anthropic refused the key saved in Settings; check or replace it there.)`,
      settings: true,
    };
  // Other 409s (a taken slug) carry their own reason, passed through below.
  if (error.status === 409 && error.code === 'version_conflict') return STALE_PROBLEM;
  if (error.status === 422) {
    const details = error.issues.map((issue) => sentence(`${issue.path}: ${issue.message}`));
    const reason = [sentence(error.message), ...details].join(' ');
    return {
      kind: 'invalid',
      message: `${reason} Try rewording the request, or ask for a smaller change.`,
    };
  }
  if (error.status === 429)
    return {
      kind: 'busy',
      message: `${sentence(error.message)} The model gets too many requests right now: wait, then ask again.`,
    };
  if (error.status === 503 || error.status === 529)
    return {
      kind: 'busy',
      message: `${sentence(error.message)} Nothing was changed; try again in a minute.`,
    };
  return { kind: 'other', message: error.message };
}
