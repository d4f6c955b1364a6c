import { z } from 'zod';
import {
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
} from '../../ports/outbound-http.ts';

// The Worker side of the outbound port: workflow calls, polling and OAuth token calls leave through
// the Worker's own fetch(). The checks that need no I/O are the shared ones (https only, a DNS name
// the connection declares, never an IP literal, headers that cannot split a request); redirects are
// followed by hand so every hop passes them again; the body is counted while it is read, under one
// deadline for the whole exchange.
//
// What this adapter cannot do is vet DNS answers: a Worker has no resolver of its own, fetch()
// resolves inside Cloudflare. What stands in for the Node adapter's address check there is that a
// deployed Worker's subrequests leave through Cloudflare's public egress, which does not route to
// private (RFC 1918, ULA), loopback or link-local addresses: a host name that resolves to one
// fails to connect rather than reaching an internal service (this Worker has no Tunnel, VPC or
// service binding that would open a path inside). That protection is Cloudflare's, not this code's.
// Under `wrangler dev --local` fetch() is the host machine's, which *can* reach private addresses:
// a local run is not a sandbox for hostile workflows.

/** OUTBOUND_DEV_HOSTS: `api.fake.test=127.0.0.1:4010,…`, local runs only (plain http to a test double). */
const DevHosts = z.string().transform((text, ctx) => {
  const hosts = new Map<string, string>();
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9.-]+)=(127\.0\.0\.1|\[::1\]):(\d{1,5})$/i.exec(entry);
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `OUTBOUND_DEV_HOSTS: "${entry}" must look like api.fake.test=127.0.0.1:4010`,
      });
      return z.NEVER;
    }
    hosts.set(match[1]!.toLowerCase().replace(/\.$/, ''), `${match[2]}:${port}`);
  }
  return hosts;
});

export interface WorkerOutboundOptions {
  /** OUTBOUND_DEV_HOSTS as set for a local run; empty in a deployment. */
  devHosts?: string;
  /** The fetch to send with (tests give one; the Worker's global otherwise). */
  fetch?: typeof fetch;
}

export function workerOutboundHttp(options: WorkerOutboundOptions = {}): OutboundHttp {
  const devHosts = DevHosts.parse(options.devHosts ?? '');
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return { send: (request) => exchange(request, devHosts, send) };
}

async function exchange(
  request: OutboundRequest,
  devHosts: ReadonlyMap<string, string>,
  send: typeof fetch,
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
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, request.timeoutMs);
  const onAbort = () => deadline.abort();
  if (request.signal?.aborted) deadline.abort();
  else request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (let redirects = 0; ; redirects++) {
      const dev = devHosts.get(checked.hostname);
      const target = dev ? new URL(`${hop.url.pathname}${hop.url.search}`, `http://${dev}`) : hop.url;
      const response = await send(target, {
        method: hop.method,
        headers: hop.headers,
        ...(hop.body === undefined ? {} : { body: hop.body as BodyInit }),
        redirect: 'manual',
        signal: deadline.signal,
      });
      const location = response.headers.get('location');
      if (isRedirect(response.status) && location) {
        await response.body?.cancel().catch(() => {});
        if (redirects >= maxRedirects)
          throw new OutboundRefused(
            'too_many_redirects',
            `${checked.hostname} redirected more than ${maxRedirects} times`,
          );
        hop = redirectTarget(hop, response.status, location);
        checked = checkOutboundUrl(hop.url, request.allowedHosts, isDev);
        hop.url = checked.url;
        continue;
      }
      const body = await readCapped(response, request.maxResponseBytes, checked.hostname);
      return {
        status: response.status,
        headers: flatHeaders(response.headers),
        body,
        url: hop.url.toString(),
      };
    }
  } catch (error) {
    if (timedOut)
      throw new OutboundRefused(
        'timeout',
        `${checked.hostname} did not answer within ${request.timeoutMs} ms`,
      );
    if (request.signal?.aborted) throw request.signal.reason;
    if (error instanceof OutboundRefused) throw error;
    // fetch()'s own message may quote the URL, which can carry a query credential: not repeated.
    throw new OutboundRefused('network', `${checked.hostname} could not be reached`);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

/** Counts bytes as they arrive (after the Worker's fetch has decoded any compression). */
async function readCapped(
  response: Response,
  max: number,
  hostname: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new OutboundRefused('response_too_large', `${hostname} answered with more than ${max} bytes`);
  const declared = Number(response.headers.get('content-length'));
  const encoded = response.headers.has('content-encoding');
  if (!encoded && Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}

/** Lower-case names; the encoding headers go, since the body handed on is already decoded. */
function flatHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  if (out['content-encoding']) {
    delete out['content-encoding'];
    delete out['content-length'];
  }
  return out;
}
