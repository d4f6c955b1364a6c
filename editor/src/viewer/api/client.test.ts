import { describe, expect, it } from 'vitest';
import { createViewerClient, sessionKey } from './client.ts';

// Which session the viewer sends: an app session (invite-only sign-in) first, else the builder's
// own studio session on this origin (so a builder can use their private app), never an expired one.

function memoryStorage(entries: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    clear: () => map.clear(),
  };
}

const NOW = 1_800_000_000_000;
const BASE = '/u/alice/crm';

function recording(status = 200, body: unknown = []) {
  const sent: (string | null)[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    sent.push(((init?.headers ?? {}) as Record<string, string>).authorization ?? null);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

const studio = (expiresAt: number) =>
  JSON.stringify({ access_token: 'studio-jwt', expires_at: expiresAt / 1000 });

describe('the session the viewer sends', () => {
  it('sends the app session when there is one, before any studio session', async () => {
    const storage = memoryStorage({
      [sessionKey(BASE)]: JSON.stringify({ token: 'app-session', expiresAt: NOW + 60_000 }),
      'sb-127-auth-token': studio(NOW + 3_600_000),
    });
    const { sent, fetch } = recording();
    await createViewerClient(BASE, { fetch, storage, now: () => NOW }).rows('deals', 'select=id');
    expect(sent).toEqual(['Bearer app-session']);
  });

  it("sends the builder's studio session when there is no app session, so the owner opens a private app", async () => {
    const storage = memoryStorage({ 'sb-127-auth-token': studio(NOW + 3_600_000) });
    const { sent, fetch } = recording();
    await createViewerClient(BASE, { fetch, storage, now: () => NOW }).rows('deals', 'select=id');
    expect(sent).toEqual(['Bearer studio-jwt']);
  });

  it('sends nothing with an expired (or about to expire) studio session', async () => {
    const storage = memoryStorage({ 'sb-127-auth-token': studio(NOW + 10_000), 'other-key': 'x' });
    const { sent, fetch } = recording();
    await createViewerClient(BASE, { fetch, storage, now: () => NOW }).rows('deals', 'select=id');
    expect(sent).toEqual([null]);
  });

  it('stops sending a studio session the server refused', async () => {
    const storage = memoryStorage({ 'sb-127-auth-token': studio(NOW + 3_600_000) });
    const refused = recording(401, { error: { code: 'invalid_token', message: 'Sign in again' } });
    const client = createViewerClient(BASE, { fetch: refused.fetch, storage, now: () => NOW });
    await expect(client.rows('deals', 'select=id')).rejects.toMatchObject({ code: 'invalid_token' });
    await expect(client.rows('deals', 'select=id')).rejects.toMatchObject({ code: 'invalid_token' });
    expect(refused.sent).toEqual(['Bearer studio-jwt', null]);
  });
});
