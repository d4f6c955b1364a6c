import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundRefused, type OutboundRequest, parseBody } from '../../ports/outbound-http.ts';
import { readConfig } from './config.ts';
import { DevHostsSetting, nodeOutboundHttp, pinnedLookup } from './outbound-http.ts';

// The ordinary life of the Node adapter, against a local server that stands in for a real API
// through OUTBOUND_DEV_HOSTS. The attacks are in outbound-http.attack.test.ts.

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let port = 0;
const seen: Seen[] = [];
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  if (req.url === '/see-other') {
    res.writeHead(303, { location: '/echo?after=303' });
    return void res.end();
  }
  if (req.url === '/gzip') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    return void res.end(gzipSync(JSON.stringify({ packed: true, asked: req.headers['accept-encoding'] })));
  }
  if (req.url === '/moved') {
    res.writeHead(301, { location: 'https://hooks.fake.test/landed' });
    return void res.end();
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('set-cookie', ['a=1', 'b=2']);
  res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, body }));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const lookups: string[] = [];
const outbound = () =>
  nodeOutboundHttp({
    devHosts: new Map([
      ['api.fake.test', { host: '127.0.0.1', port }],
      ['hooks.fake.test', { host: '127.0.0.1', port }],
    ]),
    lookup: async (hostname) => {
      lookups.push(hostname);
      throw Object.assign(new Error('no DNS in this test'), { code: 'ENOTFOUND' });
    },
  });

const request = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  url,
  method: 'GET',
  headers: [],
  allowedHosts: ['api.fake.test', 'hooks.fake.test'],
  timeoutMs: 3000,
  maxResponseBytes: 100_000,
  ...extra,
});

describe('calling a service through a local double', () => {
  it('sends a JSON body and reads a JSON answer, with the real host name in Host', async () => {
    seen.length = 0;
    const response = await outbound().send(
      request('https://api.fake.test/contacts?page=2', {
        method: 'post',
        headers: [
          ['Content-Type', 'application/json'],
          ['Authorization', 'Bearer t-1'],
        ],
        body: JSON.stringify({ name: 'Ada' }),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.url).toBe('https://api.fake.test/contacts?page=2');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(parseBody(response)).toEqual({
      method: 'POST',
      url: '/contacts?page=2',
      host: 'api.fake.test',
      body: '{"name":"Ada"}',
    });
    expect(seen[0]!.headers['content-length']).toBe('14');
    expect(seen[0]!.headers.authorization).toBe('Bearer t-1');
    expect(lookups).toEqual([]);
  });

  it('sends bytes as they are', async () => {
    const response = await outbound().send(
      request('https://api.fake.test/upload', { method: 'PUT', body: new Uint8Array([104, 105]) }),
    );
    expect((parseBody(response) as { body: string }).body).toBe('hi');
  });

  it('follows 303 with a GET without body', async () => {
    seen.length = 0;
    const response = await outbound().send(
      request('https://api.fake.test/see-other', {
        method: 'POST',
        headers: [['Content-Type', 'text/plain']],
        body: 'payload',
      }),
    );
    expect(response.url).toBe('https://api.fake.test/echo?after=303');
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/see-other', 'payload'],
      ['GET', '/echo?after=303', ''],
    ]);
    expect(seen[1]!.headers['content-type']).toBeUndefined();
  });

  it('follows a redirect to another allowed host and reports the final URL', async () => {
    const response = await outbound().send(request('https://api.fake.test/moved'));
    expect(response.url).toBe('https://hooks.fake.test/landed');
    expect((parseBody(response) as { host: string }).host).toBe('hooks.fake.test');
  });

  it('asks for an uncompressed answer, and decodes one that comes compressed anyway', async () => {
    const response = await outbound().send(
      request('https://api.fake.test/gzip', { headers: [['Accept-Encoding', 'gzip']] }),
    );
    expect(parseBody(response)).toEqual({ packed: true, asked: 'identity' });
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('a resolver that never answers is a timeout', async () => {
    const stuck = nodeOutboundHttp({ lookup: () => new Promise(() => {}) });
    const started = Date.now();
    const error = await stuck
      .send(request('https://slow.fake.test/', { allowedHosts: ['*.fake.test'], timeoutMs: 200 }))
      .catch((e: unknown) => e);
    expect((error as OutboundRefused).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a local double is still only reachable when the connection allows its host', async () => {
    const error = await outbound()
      .send(request('https://api.fake.test/', { allowedHosts: ['hooks.fake.test'] }))
      .catch((e: unknown) => e);
    expect((error as OutboundRefused).code).toBe('host_not_allowed');
  });

  it('refuses a header that would split the request before connecting', async () => {
    seen.length = 0;
    const error = await outbound()
      .send(request('https://api.fake.test/', { headers: [['X-A', 'v\r\nX-Injected: 1']] }))
      .catch((e: unknown) => e);
    expect((error as OutboundRefused).code).toBe('bad_header');
    expect(seen).toEqual([]);
  });

  it('a DNS failure is dns_failed, naming the host', async () => {
    const error = await outbound()
      .send(request('https://elsewhere.fake.test/', { allowedHosts: ['*.fake.test'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    expect((error as OutboundRefused).code).toBe('dns_failed');
    expect((error as OutboundRefused).message).toContain('elsewhere.fake.test');
  });
});

describe('the pinned lookup', () => {
  it('answers only the vetted address, in both shapes Node asks for', () => {
    const lookup = pinnedLookup({ address: '93.184.216.34', family: 4 }) as unknown as (
      host: string,
      options: { all?: boolean },
      callback: (...args: unknown[]) => void,
    ) => void;
    const answers: unknown[][] = [];
    lookup('evil.example', {}, (...args) => answers.push(args));
    lookup('evil.example', { all: true }, (...args) => answers.push(args));
    expect(answers).toEqual([
      [null, '93.184.216.34', 4],
      [null, [{ address: '93.184.216.34', family: 4 }]],
    ]);
  });
});

describe('OUTBOUND_DEV_HOSTS', () => {
  it('maps host names to loopback ports', () => {
    const config = readConfig({
      OUTBOUND_DEV_HOSTS: 'api.fake.test=127.0.0.1:4010, Hooks.Fake.Test=[::1]:4011',
    });
    expect([...(config.outboundDevHosts ?? [])]).toEqual([
      ['api.fake.test', { host: '127.0.0.1', port: 4010 }],
      ['hooks.fake.test', { host: '::1', port: 4011 }],
    ]);
    expect(readConfig({}).outboundDevHosts).toBeUndefined();
  });

  it('is refused in production', () => {
    expect(() =>
      readConfig({ NODE_ENV: 'production', OUTBOUND_DEV_HOSTS: 'api.fake.test=127.0.0.1:4010' }),
    ).toThrow(/OUTBOUND_DEV_HOSTS: must not be set when NODE_ENV=production/);
  });

  it.each([
    'api.fake.test=10.0.0.1:80',
    'api.fake.test=169.254.169.254:80',
    'api.fake.test=localhost:80',
    'api.fake.test=127.0.0.2:80',
    '127.0.0.1=127.0.0.1:80',
    'api.fake.test=127.0.0.1:0',
    'api.fake.test',
  ])('refuses %s, naming the variable', (value) => {
    expect(DevHostsSetting.safeParse(value).success).toBe(false);
    expect(() => readConfig({ OUTBOUND_DEV_HOSTS: value })).toThrow(/OUTBOUND_DEV_HOSTS/);
  });

  it('the adapter itself refuses a dev host that is not loopback', () => {
    expect(() =>
      nodeOutboundHttp({
        devHosts: new Map([['api.fake.test', { host: '10.0.0.1' as '127.0.0.1', port: 80 }]]),
      }),
    ).toThrow(/must map to 127.0.0.1 or ::1/);
  });
});
