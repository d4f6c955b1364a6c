import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboundRefused, type OutboundRequest } from '../../ports/outbound-http.ts';
import { nodeOutboundHttp } from './outbound-http.ts';

// Server-side request forgery, tried for real: local servers stand in for the allowed service
// (mapped through devHosts), for a second allowed service, and for the victim inside the network.
// The resolver is played by the test, so a name can "resolve" anywhere. A refusal must come with
// the right code and without a single connection reaching the victim.

interface LocalServer {
  port: number;
  hits: string[];
  connections: number;
  headers: IncomingMessage['headers'][];
  close(): Promise<void>;
}

async function localServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LocalServer> {
  const state = { hits: [] as string[], connections: 0, headers: [] as IncomingMessage['headers'][] };
  const server = createServer((req, res) => {
    state.hits.push(req.url ?? '');
    state.headers.push(req.headers);
    res.on('error', () => {});
    handle(req, res);
  });
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get hits() {
      return state.hits;
    },
    get connections() {
      return state.connections;
    },
    get headers() {
      return state.headers;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    reset() {
      state.hits = [];
      state.connections = 0;
      state.headers = [];
    },
  } as LocalServer & { reset(): void };
}

const TEN_MB = 10 * 1024 * 1024;
/** About 10 kB on the wire, 10 MB once unpacked. */
const bomb = gzipSync(Buffer.alloc(TEN_MB));

/** Writes `total` bytes, minding backpressure, until done or the client hangs up. */
function pour(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 120);
  let sent = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const pump = () => {
    while (!closed && sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!closed) res.end();
  };
  pump();
}

let service: LocalServer & { reset(): void };
let hooks: LocalServer & { reset(): void };
let victim: LocalServer & { reset(): void };
const lookups: string[] = [];

const answers: Record<string, { address: string; family: number }[]> = {
  'loopback.fake.test': [{ address: '127.0.0.1', family: 4 }],
  'ten.fake.test': [{ address: '10.0.0.5', family: 4 }],
  'metadata.fake.test': [{ address: '169.254.169.254', family: 4 }],
  'six.fake.test': [{ address: '::1', family: 6 }],
  'mapped.fake.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'mixed.fake.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.0.0.5', family: 4 },
  ],
};

const outbound = () =>
  nodeOutboundHttp({
    devHosts: new Map([
      ['api.fake.test', { host: '127.0.0.1', port: service.port }],
      ['hooks.fake.test', { host: '127.0.0.1', port: hooks.port }],
    ]),
    lookup: async (hostname) => {
      lookups.push(hostname);
      const answer = answers[hostname];
      if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return answer;
    },
  });

const request = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  url,
  method: 'GET',
  headers: [],
  allowedHosts: ['*.fake.test'],
  timeoutMs: 3000,
  maxResponseBytes: 1024 * 1024,
  ...extra,
});

async function refusedWith(pending: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  return { code: (error as OutboundRefused).code, message: (error as OutboundRefused).message };
}

beforeAll(async () => {
  victim = (await localServer((_req, res) => res.end('inside'))) as typeof victim;
  hooks = (await localServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ headers: req.headers }));
  })) as typeof hooks;
  service = (await localServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      return void res.end();
    }
    if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    }
    if (url.pathname === '/big') {
      res.writeHead(200, { 'content-length': String(TEN_MB) });
      return pour(res, TEN_MB);
    }
    if (url.pathname === '/big-then-stall') {
      // Announces 10 MB, sends a little, then stalls: only an up-front check refuses it quickly.
      res.writeHead(200, { 'content-length': String(TEN_MB) });
      return void res.write('x');
    }
    if (url.pathname === '/bomb') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      return void res.end(bomb);
    }
    if (url.pathname === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return pour(res, TEN_MB);
    }
    if (url.pathname === '/hang') return; // never answers
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: url.pathname, headers: req.headers }));
  })) as typeof service;
});

afterAll(async () => {
  await Promise.all([service.close(), hooks.close(), victim.close()]);
});

beforeEach(() => {
  lookups.length = 0;
  service.reset();
  hooks.reset();
  victim.reset();
});

describe('a host that resolves inside is refused before any connection', () => {
  it.each([
    ['loopback.fake.test', '127.0.0.1'],
    ['ten.fake.test', '10.0.0.5'],
    ['metadata.fake.test', '169.254.169.254'],
    ['six.fake.test', '::1'],
    ['mapped.fake.test', '::ffff:127.0.0.1'],
    ['mixed.fake.test', '10.0.0.5'],
  ])('%s (answers %s)', async (host, address) => {
    const { code, message } = await refusedWith(outbound().send(request(`https://${host}:${victim.port}/`)));
    expect(code).toBe('private_address');
    expect(message).toContain(host);
    expect(message).toContain(address);
    expect(victim.connections).toBe(0);
  });

  it('a name that does not resolve is dns_failed', async () => {
    expect((await refusedWith(outbound().send(request('https://nowhere.fake.test/')))).code).toBe(
      'dns_failed',
    );
  });

  it('plain http to a host that is not a local double is refused without a lookup', async () => {
    const { code } = await refusedWith(outbound().send(request(`http://loopback.fake.test:${victim.port}/`)));
    expect(code).toBe('https_required');
    expect(lookups).toEqual([]);
    expect(victim.connections).toBe(0);
  });
});

describe('a redirect from the allowed service is checked like a first request', () => {
  const via = (to: string) => `https://api.fake.test/redirect?to=${encodeURIComponent(to)}`;

  it.each([
    ['http://127.0.0.1:{victim}/', 'private_address'],
    ['https://127.0.0.1:{victim}/', 'private_address'],
    ['http://[::ffff:127.0.0.1]:{victim}/', 'private_address'],
    ['http://169.254.169.254/latest/meta-data/', 'private_address'],
    ['https://loopback.fake.test:{victim}/', 'private_address'],
    ['https://evil.test/steal', 'host_not_allowed'],
    ['http://loopback.fake.test:{victim}/', 'https_required'],
    ['https://x@hooks.fake.test/', 'bad_url'],
  ])('to %s → %s, and the target never sees a connection', async (target, expected) => {
    const to = target.replace('{victim}', String(victim.port));
    const { code } = await refusedWith(outbound().send(request(via(to))));
    expect(code).toBe(expected);
    expect(service.hits).toHaveLength(1);
    expect(victim.connections).toBe(0);
    expect(hooks.connections).toBe(0);
    expect(lookups).not.toContain('evil.test');
  });

  it('a redirect loop stops at maxRedirects with too_many_redirects', async () => {
    expect((await refusedWith(outbound().send(request('https://api.fake.test/loop')))).code).toBe(
      'too_many_redirects',
    );
    expect(service.hits).toHaveLength(6); // the first request and 5 redirects
    expect(
      (await refusedWith(outbound().send(request('https://api.fake.test/loop', { maxRedirects: 1 })))).code,
    ).toBe('too_many_redirects');
    expect(service.hits).toHaveLength(6 + 2);
  });

  it('credentials are not carried to another host, but are kept on the same one', async () => {
    const headers: [string, string][] = [
      ['Authorization', 'Bearer tok-secret'],
      ['X-Api-Key', 'key-secret'],
      ['Cookie', 'session=cookie-secret'],
      ['Accept', 'application/json'],
    ];
    const away = await outbound().send(request(via('https://hooks.fake.test/echo'), { headers }));
    expect(away.url).toBe('https://hooks.fake.test/echo');
    const seen = hooks.headers[0]!;
    expect(seen.authorization).toBeUndefined();
    expect(seen['x-api-key']).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
    expect(seen.accept).toBe('application/json');
    expect(service.headers[0]!.authorization).toBe('Bearer tok-secret');

    await outbound().send(request(via('/echo'), { headers }));
    expect(service.headers[2]!.authorization).toBe('Bearer tok-secret');
    expect(service.headers[2]!['x-api-key']).toBe('key-secret');
  });
});

describe('a hostile answer cannot exhaust memory or time', () => {
  it('a 10 MB body with Content-Length is refused at the header for a 1 MB cap', async () => {
    const { code, message } = await refusedWith(outbound().send(request('https://api.fake.test/big')));
    expect(code).toBe('response_too_large');
    expect(message).toContain('api.fake.test');
  });

  it('an announced Content-Length over the cap is refused without waiting for the body', async () => {
    const started = Date.now();
    const { code } = await refusedWith(
      outbound().send(request('https://api.fake.test/big-then-stall', { timeoutMs: 2000 })),
    );
    expect(code).toBe('response_too_large');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a 10 MB chunked body without Content-Length is cut off while streaming', async () => {
    const { code } = await refusedWith(outbound().send(request('https://api.fake.test/big-chunked')));
    expect(code).toBe('response_too_large');
  });

  it('a small gzip body that unpacks to 10 MB is cut off while decoding', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { code } = await refusedWith(outbound().send(request('https://api.fake.test/bomb')));
    expect(code).toBe('response_too_large');
  });

  it('a server that never answers is a timeout within timeoutMs', async () => {
    const started = Date.now();
    const { code, message } = await refusedWith(
      outbound().send(request('https://api.fake.test/hang', { timeoutMs: 300 })),
    );
    const elapsed = Date.now() - started;
    expect(code).toBe('timeout');
    expect(message).toContain('300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it("the caller's signal aborts the request with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error('run stopped');
    setTimeout(() => controller.abort(reason), 100);
    const error = await outbound()
      .send(request('https://api.fake.test/hang', { signal: controller.signal, timeoutMs: 5000 }))
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
  });
});

describe('DNS rebinding', () => {
  it('the socket connects to the vetted address: DNS is asked once, never again at connect time', async () => {
    let calls = 0;
    const pinned = nodeOutboundHttp({
      lookup: async () => {
        calls++;
        // A public answer to pass the check, then loopback for whoever asks next.
        return [{ address: calls === 1 ? '100.128.0.1' : '127.0.0.1', family: 4 }];
      },
    });
    const error = await pinned
      .send(request(`https://flip.fake.test:${victim.port}/`, { timeoutMs: 400 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(['timeout', 'network']).toContain((error as OutboundRefused).code);
    // Had the socket resolved the name itself, the system resolver would have said ENOTFOUND.
    expect((error as OutboundRefused).message).not.toContain('ENOTFOUND');
    expect(calls).toBe(1);
    expect(victim.connections).toBe(0);
  });
});
