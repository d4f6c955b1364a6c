import type { SupabaseClient } from '@supabase/supabase-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeatureList } from '../../../schemas/index.ts';
import { createApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';

function fakeSupabase(accessToken: string | null) {
  const signOut = vi.fn(async () => ({ error: null }));
  const supabase = {
    auth: {
      getSession: async () => ({ data: { session: accessToken ? { access_token: accessToken } : null } }),
      signOut,
    },
  } as unknown as SupabaseClient;
  return { supabase, signOut };
}

function answer(status: number, body?: unknown) {
  const fetchMock = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('createApiClient: how the studio calls /api/*', () => {
  it('sends the session access token as a bearer token and parses the answer', async () => {
    const fetchMock = answer(200, { features: [], usage: { active: 0, max: 20 } });
    const { supabase } = fakeSupabase('token-123');
    const list = await createApiClient(supabase).request('GET', '/api/features', FeatureList);
    expect(list.usage).toEqual({ active: 0, max: 20 });
    const headers = fetchMock.mock.calls[0]?.[1]?.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer token-123');
  });

  it("throws the server's message, issues and limit for a 403 limit answer", async () => {
    answer(403, {
      error: {
        code: 'limit_reached',
        message: 'At most 20 active features',
        limit: { name: 'features', max: 20 },
      },
    });
    const error = await createApiClient(fakeSupabase('t').supabase)
      .send('POST', '/api/features', { title: 'x' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'limit_reached',
      message: 'At most 20 active features',
    });
    expect((error as ApiError).limit?.max).toBe(20);
  });

  it('drops the local session when the server no longer accepts the token', async () => {
    answer(401, { error: { code: 'unauthenticated', message: 'Sign in first' } });
    const { supabase, signOut } = fakeSupabase('expired');
    await expect(createApiClient(supabase).send('GET', '/api/me')).rejects.toThrow('Sign in first');
    expect(signOut).toHaveBeenCalledWith({ scope: 'local' });
  });

  it('refuses an answer that does not match the schema instead of rendering it', async () => {
    answer(200, { features: 'nope' });
    const client = createApiClient(fakeSupabase('t').supabase);
    await expect(client.request('GET', '/api/features', FeatureList)).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });

  it('falls back to a readable message when the error body is not JSON', async () => {
    answer(502);
    await expect(createApiClient(fakeSupabase('t').supabase).send('GET', '/api/me')).rejects.toThrow(
      /server had a problem \(502\)/,
    );
  });
});
