import { ViewerError } from '../api/client.ts';

/**
 * What the viewer shows when loading the app (or any later request) fails: each answer of the
 * platform maps to one full page that says what happened and what to do.
 */
export type FailurePage =
  /** No published app at this address (or the app was unpublished). */
  | { kind: 'not-found' }
  /** A private app: only its builder can use it. */
  | { kind: 'private' }
  /** An invite-only app and no session (`ended`: the session expired or was signed out). */
  | { kind: 'sign-in'; reason: 'required' | 'ended' }
  /** Anything else: the connection, a limit, the server; the page offers Retry. */
  | { kind: 'failed'; title: string; message: string; offline: boolean };

export function failurePage(error: unknown): FailurePage {
  if (!(error instanceof ViewerError))
    return {
      kind: 'failed',
      title: 'Something went wrong',
      message:
        'The page hit an unexpected problem. Try again; if it keeps happening, tell the app’s builder.',
      offline: false,
    };
  if (error.code === 'app_sign_in_required') {
    const level = typeof error.extra.level === 'string' ? error.extra.level : null;
    const isPrivate = level ? level === 'private' : /private/i.test(error.message);
    return isPrivate ? { kind: 'private' } : { kind: 'sign-in', reason: 'required' };
  }
  if (error.code === 'invalid_token') return { kind: 'sign-in', reason: 'ended' };
  if (error.status === 404) return { kind: 'not-found' };
  if (error.status === 0)
    return {
      kind: 'failed',
      title: 'You seem to be offline',
      message: 'The app could not be reached. Check your connection, then try again.',
      offline: true,
    };
  if (error.status === 429)
    return { kind: 'failed', title: 'The app is busy', message: error.message, offline: false };
  if (error.status >= 500)
    return {
      kind: 'failed',
      title: 'The app is having trouble',
      message: 'The server could not answer just now. Try again in a moment.',
      offline: false,
    };
  return { kind: 'failed', title: 'The app could not be opened', message: error.message, offline: false };
}

/** Whether a failure of a request made inside a page means the whole app must be left (signed out). */
export function endsSession(error: unknown): boolean {
  return (
    error instanceof ViewerError && (error.code === 'invalid_token' || error.code === 'app_sign_in_required')
  );
}
