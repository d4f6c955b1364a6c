import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../platform/node/config.ts';
import { createNodePlatform, type NodePlatform } from '../platform/node/platform.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// With SUPABASE_URL set, the platform runs no auth server of its own and verifies tokens through
// `{SUPABASE_URL}/auth/v1/.well-known/jwks.json`, fetched over HTTP. The embedded auth server
// speaks Supabase Auth's API, so here it plays the Supabase project.

let db: Db;
let supabase: TestServer;
let platform: NodePlatform;
let url: string;
let close: () => void;
let builder: Builder;

beforeAll(async () => {
  db = await openTestDb();
  supabase = await startTestServer(db);
  // Listen first on a port the system picks, then build the platform for that address.
  let handle: (request: Request) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server = serve({ fetch: (request) => handle(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const config = readConfig({
    PORT: String(port),
    DATA_DIR: '.tmp/unused',
    SUPABASE_URL: supabase.url,
    SUPABASE_ANON_KEY: 'anon-key-of-the-project',
  });
  platform = await createNodePlatform(config, { db, ephemeralKeys: true, log: { info() {}, error() {} } });
  handle = platform.app.fetch;
  close = () => server.close();
  url = `http://127.0.0.1:${port}`;
  builder = await signUpBuilder(supabase.url, 'hosted');
});
afterAll(async () => {
  close?.();
  await supabase?.stop();
  await db?.close();
});

describe('Supabase Auth mode (SUPABASE_URL + SUPABASE_ANON_KEY)', () => {
  it('tells the studio to sign in at the Supabase project', async () => {
    const config = await (await fetch(`${url}/studio-config.json`)).json();
    expect(config).toEqual({
      supabaseUrl: supabase.url,
      supabaseAnonKey: 'anon-key-of-the-project',
      authMode: 'supabase',
    });
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ auth: 'supabase' });
    // The studio's page may call the project's Auth, and nothing else off-origin.
    expect(health.headers.get('content-security-policy')).toContain(`connect-src 'self' ${supabase.url};`);
  });

  it('accepts the project’s tokens, verified through its JWKS URL', async () => {
    const me = await api(url, builder, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'hosted' });
  });

  it('refuses tokens from any other issuer and serves no auth endpoints itself', async () => {
    const stranger = await startTestServer(await openTestDb());
    try {
      const other = await signUpBuilder(stranger.url, 'stranger');
      expect((await api(url, other, 'GET', '/api/me')).status).toBe(401);
    } finally {
      await stranger.stop();
      await stranger.platform.db.close();
    }
    expect((await fetch(`${url}/auth/v1/.well-known/jwks.json`)).status).toBe(404);
  });
});
