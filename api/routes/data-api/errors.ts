import type { Context } from 'hono';
import { HttpError } from '../../kernel/errors.ts';

/** An error in PostgREST's shape, which `@supabase/postgrest-js` hands to its caller as `error`. */
export class RestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 406 | 409 | 413 | 415 | 429,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Answers any failure of the data API as PostgREST would; unexpected ones are logged, not shown. */
export function restErrorResponse(c: Context, error: unknown) {
  if (error instanceof HttpError) {
    for (const [name, value] of Object.entries(error.extra.headers ?? {})) c.header(name, value);
    return c.json(
      { code: error.code, message: error.message, details: null, hint: null },
      error.status as 400,
    );
  }
  if (error instanceof RestError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(
      { code: error.code, message: error.message, details: error.details, hint: error.hint },
      error.status,
    );
  }
  throw error;
}
