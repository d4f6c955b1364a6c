import type { SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import { ApiError } from './api-error.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /**
   * Error statuses whose body is an answer in `schema`'s shape rather than an error, e.g. a 422
   * from publishing carries the review's findings.
   */
  answerStatuses?: readonly number[];
  /** Cancels the request (the server sees the connection close and stops its work too). */
  signal?: AbortSignal;
}

export interface ApiClient {
  /** Calls `/api/*` as the signed-in builder and parses the answer with `schema`. */
  request<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<z.infer<S>>;
  /** Calls an endpoint that answers 204 with no body. */
  send(method: Method, path: string, body?: unknown): Promise<void>;
}

/**
 * The studio's only way to reach `/api/*`. The bearer token comes from supabase-js on every call
 * (not cached here) so a refreshed session is picked up without a reload.
 */
export function createApiClient(supabase: SupabaseClient): ApiClient {
  async function call(
    method: Method,
    path: string,
    body: unknown,
    answerStatuses: readonly number[] = [],
    signal?: AbortSignal,
  ): Promise<Response> {
    const { data } = await supabase.auth.getSession();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (data.session) headers.Authorization = `Bearer ${data.session.access_token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch {
      if (signal?.aborted) throw new ApiError(0, 'cancelled', 'Cancelled.');
      throw new ApiError(
        0,
        'network_error',
        'Could not reach the server. Check your connection and try again.',
      );
    }
    if (response.ok || answerStatuses.includes(response.status)) return response;

    const error = await ApiError.fromResponse(response);
    // A token the server no longer accepts cannot be repaired here; dropping the local session
    // sends the builder to the login page instead of leaving every panel in an error state.
    if (response.status === 401 && data.session) void supabase.auth.signOut({ scope: 'local' });
    throw error;
  }

  return {
    async request(method, path, schema, body, options) {
      const response = await call(method, path, body, options?.answerStatuses, options?.signal);
      const json: unknown = await response.json().catch(() => undefined);
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new ApiError(
          response.status,
          'unexpected_response',
          `The server's answer to ${method} ${path} was not in the expected shape.`,
        );
      }
      return parsed.data;
    },
    async send(method, path, body) {
      await call(method, path, body);
    },
  };
}
