import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { memoryRateLimiter } from '../ports/rate-limiter.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import type { AppEnv, Platform } from './context.ts';
import { HttpError } from './errors.ts';
import { API_REQUESTS_PER_MINUTE, corsFor, corsHeaders, handleError, securityHeaders } from './middleware.ts';

let db: Db;
let server: TestServer;
let builder: Builder;

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { rateLimiter: memoryRateLimiter() });
  builder = await signUpBuilder(server.url, 'kernel');
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('kernel', () => {
  it('GET /health says which database it runs on', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(await response.json()).toMatchObject({ status: 'ok', db: db.kind, auth: 'embedded' });
  });

  it.each([
    ['/health', undefined],
    ['/api/features', undefined],
    ['/api/features', 'builder'],
    ['/auth/v1/user', undefined],
    ['/app/settings', undefined],
    ['/api/nowhere', 'builder'],
  ])('puts security headers on %s', async (path, who) => {
    const response = await api(server.url, who ? builder : null, 'GET', path);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('answers CORS preflights only for configured origins', async () => {
    const preflight = await fetch(`${server.url}/api/features`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the studio for page paths, never for API or auth paths', async () => {
    const page = await fetch(`${server.url}/app/features/123`);
    expect([200, 503]).toContain(page.status);
    const apiMiss = await fetch(`${server.url}/auth/v1/nothing`);
    expect(apiMiss.status).toBe(404);
    expect(apiMiss.headers.get('content-type')).toContain('application/json');
  });

  it(`rate-limits a builder past ${API_REQUESTS_PER_MINUTE} requests a minute with Retry-After`, async () => {
    const flood = await signUpBuilder(server.url, 'flood');
    for (let i = 0; i < API_REQUESTS_PER_MINUTE; i++) {
      await server.platform.rateLimiter.hit(`api:${flood.id}`, API_REQUESTS_PER_MINUTE, 60_000);
    }
    const limited = await api(server.url, flood, 'GET', '/api/features');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { error: { message: string; limit: { name: string } } };
    expect(body.error.limit.name).toBe('api_requests_per_minute');
    // Other builders are not affected.
    expect((await api(server.url, builder, 'GET', '/api/features')).status).toBe(200);
  });
});

/** A bare Hono app as the kernel runs one (errors as JSON), without Node bindings: the Worker's way. */
function kernelApp() {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use('*', async (c, next) => {
    c.set('platform', { log: { info() {}, error() {} } } as unknown as Platform);
    await next();
  });
  return app;
}

describe('CORS', () => {
  const DATA = '/u/kernel/some-app/rest/v1/tasks';
  it('a published app answers any origin, on rows, errors and preflights', async () => {
    const rows = await fetch(`${server.url}${DATA}`, { headers: { origin: 'https://anywhere.example' } });
    const missing = await fetch(`${server.url}/u/nobody/nothing/rest/v1/tasks`, {
      headers: { origin: 'https://anywhere.example' },
    });
    expect(missing.status).toBe(404);
    for (const response of [rows, missing]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toBe('content-range,retry-after');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const preflight = await fetch(`${server.url}${DATA}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://anywhere.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'prefer',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('prefer');
  });

  it('the builder API answers only its configured origins, on every kind of response', async () => {
    const app = kernelApp();
    app.use('*', corsFor({ corsOrigins: ['https://studio.example'] } as Platform));
    app.get('/json', (c) => c.json({ ok: true }));
    app.get('/raw', () => new Response('raw', { headers: { vary: 'Accept' } }));
    app.get('/thrown', () => {
      throw new HttpError(409, 'conflict', 'no');
    });
    for (const path of ['/json', '/raw', '/thrown']) {
      const allowed = await app.request(path, { headers: { origin: 'https://studio.example' } });
      expect(allowed.headers.get('access-control-allow-origin'), path).toBe('https://studio.example');
      expect(allowed.headers.get('access-control-expose-headers'), path).toBe(
        'x-supabase-api-version,retry-after',
      );
      expect(allowed.headers.get('vary'), path).toContain('Origin');
      const other = await app.request(path, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    expect(
      (await app.request('/raw', { headers: { origin: 'https://studio.example' } })).headers.get('vary'),
    ).toBe('Accept, Origin');
    const preflight = await app.request('/json', {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.example', 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://studio.example');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
  });
});

describe('default headers where there is no Node response (the Worker)', () => {
  it('are added to every response that has none of its own, and a route keeps its own', async () => {
    const app = kernelApp();
    app.use('*', securityHeaders({ studio: { authMode: 'embedded' } } as Platform));
    app.use(
      '*',
      corsHeaders({
        origin: '*',
        allowHeaders: ['prefer'],
        allowMethods: ['GET'],
        exposeHeaders: ['content-range'],
      }),
    );
    app.get('/json', (c) => c.json({ ok: true }));
    app.get('/file', () => new Response('x', { headers: { 'content-security-policy': 'sandbox' } }));
    app.get('/thrown', () => {
      throw new HttpError(409, 'conflict', 'no');
    });
    for (const path of ['/json', '/file', '/thrown']) {
      const response = await app.request(path);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('strict-transport-security'), path).toBe(
        'max-age=31536000; includeSubDomains',
      );
      expect(response.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(response.headers.get('access-control-expose-headers'), path).toBe('content-range');
      expect(response.headers.get('content-security-policy'), path).toBe(
        path === '/file'
          ? 'sandbox'
          : "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
      );
    }
  });
});

describe('routing', () => {
  it("every route fits Hono's one-regex router (a static path beside a :param sibling would not)", () => {
    // Hono falls back to its trie router for every request when one route does not fit (measured:
    // four times slower a match); /api/shared-with-me/* lives outside /api/apps/:id for that.
    const app = createApp({ studio: { authMode: 'embedded' }, corsOrigins: [] } as unknown as Platform);
    app.router.match('GET', '/u/someone/some-app/rest/v1/tasks');
    expect(app.router.name).toBe('SmartRouter + RegExpRouter');
  });
});
