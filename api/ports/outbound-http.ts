import { hostAllowed } from '../../runtime/definitions/workflow-references.ts';
import type { ConnectionRequest, ConnectionResponse } from '../../runtime/workflows/ports.ts';
import type { Connection } from '../../schemas/workflow/connections.ts';
import { addressRange } from './ip-ranges.ts';

// The sandboxed door out of the platform: call_api and send_message steps, polling triggers and
// OAuth token calls all leave through it. Only hosts a connection declares, only over https, only
// to public addresses, with a byte cap and a deadline. The rules that need no I/O live here, so the
// Node and Worker adapters enforce exactly the same ones.

export interface OutboundRequest {
  url: string;
  method: string;
  headers: [string, string][];
  body?: string | Uint8Array;
  /** The connection's allowedHosts (`api.example.com`, `*.example.com`). */
  allowedHosts: readonly string[];
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  maxResponseBytes: number;
  signal?: AbortSignal;
  /** Default 5. */
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Backed by a plain ArrayBuffer, so it can be handed to `new Response(...)` as is. */
  body: Uint8Array<ArrayBuffer>;
  /** The final URL after redirects. It may carry a query credential: redact before logging it. */
  url: string;
}

export interface OutboundHttp {
  send(request: OutboundRequest): Promise<OutboundResponse>;
}

export type OutboundRefusal =
  | 'https_required'
  | 'host_not_allowed'
  | 'private_address'
  | 'dns_failed'
  | 'too_many_redirects'
  | 'response_too_large'
  | 'timeout'
  | 'bad_url'
  | 'bad_header'
  | 'network';

/** Why a request was not made or not finished. The message names the host, never a credential. */
export class OutboundRefused extends Error {
  constructor(
    readonly code: OutboundRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export const DEFAULT_MAX_REDIRECTS = 5;

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}$/;
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/;

export interface CheckedUrl {
  url: URL;
  /** Lower case, without a trailing dot: what DNS, SNI and the Host header use. */
  hostname: string;
}

/**
 * Checks a URL before anything is sent to it (the first request and every redirect alike): no user
 * info, a DNS name (never an IP literal, even if listed) that the connection allows, https unless
 * `plainHttp(hostname)` says the host is a local test double.
 */
export function checkOutboundUrl(
  raw: string | URL,
  allowedHosts: readonly string[],
  plainHttp: (hostname: string) => boolean = () => false,
): CheckedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('bad_url', 'the request URL is not a valid absolute URL');
  }
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  if (url.username || url.password)
    throw new OutboundRefused('bad_url', `the URL to ${hostname} must not carry a user name or password`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundRefused('https_required', `only https URLs may be called (got ${url.protocol})`);
  const range = addressRange(hostname);
  if (range !== null) {
    throw range === 'public'
      ? new OutboundRefused('host_not_allowed', `IP address ${hostname} may not be called; use a host name`)
      : new OutboundRefused('private_address', `${hostname} is a ${range.replace('_', '-')} address`);
  }
  if (!DNS_NAME.test(hostname) || INTERNAL_NAME.test(hostname))
    throw new OutboundRefused('host_not_allowed', `${hostname} is not a public host name`);
  if (!allowedHosts.some((pattern) => hostAllowed(hostname, pattern)))
    throw new OutboundRefused(
      'host_not_allowed',
      `${hostname} is not in the connection's allowedHosts (${allowedHosts.join(', ') || 'none'})`,
    );
  if (url.protocol === 'http:' && !plainHttp(hostname))
    throw new OutboundRefused('https_required', `${hostname} must be called over https`);
  url.hostname = hostname;
  url.hash = '';
  return { url, hostname };
}

/** Refuses a DNS answer unless every address in it is public (one private answer is enough to refuse). */
export function vetAddresses(hostname: string, addresses: readonly string[]): void {
  if (addresses.length === 0) throw new OutboundRefused('dns_failed', `${hostname} has no address`);
  for (const address of addresses) {
    const range = addressRange(address);
    if (range !== 'public')
      throw new OutboundRefused(
        'private_address',
        `${hostname} resolves to ${range ? `a ${range.replace('_', '-')}` : 'an unreadable'} address (${address})`,
      );
  }
}

export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Headers that carry no credential, kept when a redirect leaves the origin; all others are dropped. */
const CROSS_ORIGIN_SAFE = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'user-agent',
]);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language']);

export interface HopRequest {
  url: URL;
  method: string;
  headers: [string, string][];
  body?: string | Uint8Array;
}

/**
 * The request a redirect asks for, as browsers make it: 303 (and 301/302 after a POST) becomes a
 * GET without body; leaving the origin drops every header that could hold a credential. The caller
 * checks the new URL with `checkOutboundUrl` like a first request.
 */
export function redirectTarget(current: HopRequest, status: number, location: string): HopRequest {
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    throw new OutboundRefused('bad_url', `${current.url.hostname} redirected to an invalid URL`);
  }
  const toGet =
    (status === 303 && current.method !== 'HEAD') ||
    ((status === 301 || status === 302) && current.method === 'POST');
  let headers = current.headers;
  if (toGet) headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
  if (url.origin !== current.url.origin)
    headers = headers.filter(([name]) => CROSS_ORIGIN_SAFE.has(name.toLowerCase()));
  return {
    url,
    method: toGet ? 'GET' : current.method,
    headers,
    ...(toGet || current.body === undefined ? {} : { body: current.body }),
  };
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
/** Set by the adapter (framing, routing, encoding); a caller's value could smuggle a request. */
const ADAPTER_HEADERS = new Set([
  'accept-encoding',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
]);

/** Drops headers the adapter owns and refuses malformed ones (which could split a request). */
export function checkHeaders(headers: readonly [string, string][]): [string, string][] {
  for (const [name, value] of headers) {
    if (!TOKEN.test(name))
      throw new OutboundRefused('bad_header', `header name "${name.slice(0, 60)}" is invalid`);
    if (/[\r\n\0]/.test(value))
      throw new OutboundRefused('bad_header', `header ${name} has a line break or NUL in its value`);
  }
  return headers.filter(([name]) => !ADAPTER_HEADERS.has(name.toLowerCase()));
}

export type OutboundCredential =
  | { kind: 'api_key'; value: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'none' };

export interface BuiltRequest {
  url: string;
  method: ConnectionRequest['method'];
  headers: [string, string][];
  body?: string;
}

/**
 * Builds a call through a connection: base URL + path + query, the body as JSON unless it is text,
 * and the credential where the connection says (api_key: header, query or bearer; oauth2: bearer).
 * A header the step sets with the credential's name is replaced, never sent beside it.
 */
export function connectionRequest(
  connection: Connection,
  request: ConnectionRequest,
  credential: OutboundCredential,
): BuiltRequest {
  const url = joinUrl(connection, request.path);
  for (const [name, value] of request.query) url.searchParams.append(name, value);
  let headers = [...request.headers];
  const setHeader = (name: string, value: string) => {
    headers = headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    headers.push([name, value]);
  };
  const auth = connection.auth;
  const missing = () =>
    new Error(
      `connection "${connection.id}" needs its ${auth.kind === 'oauth2' ? 'OAuth token' : 'API key'}; connect it first`,
    );
  if (auth.kind === 'api_key') {
    if (credential.kind !== 'api_key') throw missing();
    if (auth.placement === 'header') setHeader(auth.name, credential.value);
    else if (auth.placement === 'bearer') setHeader('Authorization', `Bearer ${credential.value}`);
    else {
      url.searchParams.delete(auth.name);
      url.searchParams.append(auth.name, credential.value);
    }
  } else if (auth.kind === 'oauth2') {
    if (credential.kind !== 'bearer') throw missing();
    setHeader('Authorization', `Bearer ${credential.token}`);
  }
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const typed = headers.some(([name]) => name.toLowerCase() === 'content-type');
    if (!typed)
      headers.push([
        'Content-Type',
        typeof request.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      ]);
  }
  return { url: url.toString(), method: request.method, headers, ...(body === undefined ? {} : { body }) };
}

function joinUrl(connection: Connection, path: string): URL {
  if (!connection.baseUrl) {
    // Without a base URL the step names the whole URL; the host check still applies when sent.
    try {
      return new URL(path);
    } catch {
      throw new Error(`connection "${connection.id}" has no baseUrl, so the path must be a full https URL`);
    }
  }
  const base = new URL(connection.baseUrl);
  // Concatenated after a "/", so no path (`//evil.com`, `@evil.com`) can change the host.
  const joined = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of base.searchParams)
    if (!joined.searchParams.has(name)) joined.searchParams.append(name, value);
  joined.hash = '';
  return joined;
}

/** Replaces every secret (as is and URL-encoded) with [redacted]: for run logs and error messages. */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('[redacted]');
  return out;
}

/** The body as the executor sees it: parsed JSON when the answer says JSON (and is), else text. */
export function parseBody(response: Pick<OutboundResponse, 'headers' | 'body'>): unknown {
  const text = new TextDecoder().decode(response.body);
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/.test(type.trim())) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toConnectionResponse(response: OutboundResponse): ConnectionResponse {
  return { status: response.status, headers: response.headers, body: parseBody(response) };
}
