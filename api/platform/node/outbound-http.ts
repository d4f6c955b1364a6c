import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { z } from 'zod';
import {
  type CheckedUrl,
  checkHeaders,
  checkOutboundUrl,
  DEFAULT_MAX_REDIRECTS,
  type HopRequest,
  isRedirect,
  type OutboundHttp,
  OutboundRefused,
  type OutboundRequest,
  type OutboundResponse,
  redirectTarget,
  vetAddresses,
} from '../../ports/outbound-http.ts';

// The Node side of the outbound port. It resolves each host itself, vets every address, and then
// connects to the vetted address only (a pinned `lookup`), so a DNS answer that changes between the
// check and the connect (rebinding) cannot steer the request inside. Redirects are followed by hand
// so each hop passes the same checks as the first.

/** A local test double standing in for a real host (OUTBOUND_DEV_HOSTS; never in production). */
export interface DevHost {
  host: '127.0.0.1' | '::1';
  port: number;
}

export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface NodeOutboundOptions {
  /** Hosts answered by a local server over plain http (tests and local development). */
  devHosts?: ReadonlyMap<string, DevHost>;
  /** DNS resolution; injectable so tests can play a resolver that answers private addresses. */
  lookup?: ResolveHost;
}

const systemResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export function nodeOutboundHttp(options: NodeOutboundOptions = {}): OutboundHttp {
  const devHosts = new Map(options.devHosts ?? []);
  for (const [name, target] of devHosts)
    if (target.host !== '127.0.0.1' && target.host !== '::1')
      throw new Error(`dev host ${name} must map to 127.0.0.1 or ::1`);
  const resolve = options.lookup ?? systemResolve;
  return { send: (request) => send(request, devHosts, resolve) };
}

/** One deadline for the whole exchange (DNS, every hop, the body), plus the caller's signal. */
class Deadline {
  readonly controller = new AbortController();
  private timedOut = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onAbort = () => this.controller.abort();

  constructor(
    readonly ms: number,
    private readonly outer?: AbortSignal,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, ms);
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Rejects as soon as the deadline or the caller aborts (DNS lookups cannot be cancelled). */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(new Error('aborted'));
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(new Error('aborted'));
      this.signal.addEventListener('abort', stop, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', stop));
    });
  }

  /** What the caller sees: a timeout, the caller's own abort reason, or an OutboundRefused. */
  translate(error: unknown, hostname: string): unknown {
    if (this.timedOut)
      return new OutboundRefused('timeout', `${hostname} did not answer within ${this.ms} ms`);
    if (this.outer?.aborted) return this.outer.reason;
    if (error instanceof OutboundRefused) return error;
    const code = (error as { code?: unknown } | null)?.code;
    return new OutboundRefused(
      'network',
      `${hostname} could not be reached (${typeof code === 'string' ? code : 'connection failed'})`,
    );
  }

  clear(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onAbort);
  }
}

async function send(
  request: OutboundRequest,
  devHosts: ReadonlyMap<string, DevHost>,
  resolve: ResolveHost,
): Promise<OutboundResponse> {
  const isDev = (hostname: string) => devHosts.has(hostname);
  const maxRedirects = request.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let checked = checkOutboundUrl(request.url, request.allowedHosts, isDev);
  let hop: HopRequest = {
    url: checked.url,
    method: request.method.toUpperCase(),
    headers: checkHeaders(request.headers),
    ...(request.body === undefined ? {} : { body: request.body }),
  };
  const deadline = new Deadline(request.timeoutMs, request.signal);
  try {
    for (let redirects = 0; ; redirects++) {
      const route = devHosts.get(checked.hostname) ?? (await vettedRoute(checked, resolve, deadline));
      const response = await exchange(route, hop, deadline.signal);
      const location = response.headers.location;
      if (isRedirect(response.statusCode ?? 0) && location) {
        response.destroy();
        if (redirects >= maxRedirects)
          throw new OutboundRefused(
            'too_many_redirects',
            `${checked.hostname} redirected more than ${maxRedirects} times`,
          );
        hop = redirectTarget(hop, response.statusCode ?? 0, location);
        checked = checkOutboundUrl(hop.url, request.allowedHosts, isDev);
        hop.url = checked.url;
        continue;
      }
      const body = await readCapped(response, request.maxResponseBytes, checked.hostname);
      const headers = flatHeaders(response);
      if (decoderFor(response)) {
        delete headers['content-encoding'];
        delete headers['content-length'];
      }
      return {
        status: response.statusCode ?? 0,
        headers,
        body,
        url: hop.url.toString(),
      };
    }
  } catch (error) {
    throw deadline.translate(error, checked.hostname);
  } finally {
    deadline.clear();
  }
}

interface VettedRoute {
  address: string;
  family: 4 | 6;
}

async function vettedRoute(
  checked: CheckedUrl,
  resolve: ResolveHost,
  deadline: Deadline,
): Promise<VettedRoute> {
  let answers: { address: string; family: number }[];
  try {
    answers = await deadline.race(resolve(checked.hostname));
  } catch (error) {
    if (deadline.signal.aborted) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    throw new OutboundRefused(
      'dns_failed',
      `${checked.hostname} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
  vetAddresses(
    checked.hostname,
    answers.map((answer) => answer.address),
  );
  const first = answers[0]!;
  return { address: first.address, family: first.address.includes(':') ? 6 : 4 };
}

/** A `lookup` that answers only the vetted address: the socket cannot connect anywhere else. */
export function pinnedLookup(route: VettedRoute): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: route.address, family: route.family }]);
    else callback(null, route.address, route.family);
  }) as LookupFunction;
}

function exchange(
  route: DevHost | VettedRoute,
  hop: HopRequest,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const { url } = hop;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of hop.headers) {
    const key = name.toLowerCase();
    const prior = headers[key];
    headers[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  headers.host = url.host;
  // Asked for as is; a server that compresses anyway is decoded under the same byte cap.
  headers['accept-encoding'] = 'identity';
  if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
  const common = { method: hop.method, path: `${url.pathname}${url.search}`, headers, signal, agent: false };
  const request =
    'port' in route
      ? http.request({ ...common, host: route.host, port: route.port })
      : https.request({
          ...common,
          host: url.hostname,
          port: url.port || 443,
          servername: url.hostname,
          lookup: pinnedLookup(route),
        });
  return new Promise((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
    request.end(hop.body);
  });
}

async function readCapped(
  response: IncomingMessage,
  max: number,
  hostname: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => {
    response.destroy();
    return new OutboundRefused('response_too_large', `${hostname} answered with more than ${max} bytes`);
  };
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  // Counted after decoding, so a small compressed bomb cannot unpack past the cap.
  const decoder = decoderFor(response);
  const source = decoder ? response.pipe(decoder) : response;
  if (decoder) response.once('error', (error) => decoder.destroy(error));
  for await (const chunk of source as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) throw tooLarge();
    chunks.push(chunk);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}

function decoderFor(response: IncomingMessage) {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return null;
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const DEV_NAME = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/;

/**
 * OUTBOUND_DEV_HOSTS: `api.fake.test=127.0.0.1:4010,hooks.fake.test=[::1]:4011`. Only loopback
 * targets: the setting exists so tests and local development can stand up fake services.
 */
export const DevHostsSetting = z.string().transform((text, ctx) => {
  const hosts = new Map<string, DevHost>();
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([^=\s]+)=(127\.0\.0\.1|\[::1\]|::1):(\d{1,5})$/.exec(entry);
    const name = match?.[1]?.toLowerCase().replace(/\.$/, '') ?? '';
    const port = Number(match?.[3]);
    if (!match || !DEV_NAME.test(name) || port < 1 || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" must look like api.fake.test=127.0.0.1:4010 (a host name mapped to a loopback port)`,
      });
      return z.NEVER;
    }
    hosts.set(name, { host: match[2] === '127.0.0.1' ? '127.0.0.1' : '::1', port });
  }
  return hosts;
});
