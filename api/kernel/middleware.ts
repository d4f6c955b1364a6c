import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ApiErrorBody } from '../../schemas/index.ts';
import type { AppEnv, Platform } from './context.ts';
import { HttpError } from './errors.ts';
import { InvalidTokenError } from './tokens.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The largest upload any attachment field may take (the schema caps maxSizeMb at 100). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** A general guard per builder; published apps and workflows have their own plan limits. */
export const API_REQUESTS_PER_MINUTE = 600;

export function errorResponse(c: Context, error: HttpError) {
  const body: ApiErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.extra.issues ? { issues: error.extra.issues } : {}),
      ...(error.extra.limit ? { limit: error.extra.limit } : {}),
      requestId: c.get('requestId'),
    },
  };
  for (const [name, value] of Object.entries(error.extra.headers ?? {})) c.header(name, value);
  return c.json(body, error.status);
}

/** errors: every failure leaves as JSON; an unexpected one as a 500 that reveals nothing. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof HttpError) return errorResponse(c, error);
  c.get('platform').log.error('request_failed', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: error.name,
    message: error.message,
  });
  return errorResponse(
    c,
    new HttpError(500, 'internal_error', 'Something went wrong on our side; it has been logged. Try again.'),
  );
}

export function platformContext(platform: Platform): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('platform', platform);
    c.set('requestId', crypto.randomUUID());
    await next();
  };
}

/** A header's name and value. */
type HeaderEntry = readonly [name: string, value: string];

/**
 * Headers every response of a path gets unless its route set its own. On Node they go onto the
 * raw response before the route runs, and Node merges them under the route's own headers when it
 * writes the head (the route's win). Elsewhere (the Worker) they are added to the route's response
 * after it, where it has none of its own. Setting them on the route's `Headers` object, as Hono's
 * `secureHeaders` and `cors` do, was a sixth of a data-API read's server CPU on Node.
 */
export function defaultHeaders(entries: readonly HeaderEntry[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = rawNodeResponse(c);
    if (raw) {
      for (const [name, value] of entries) raw.setHeader(name, value);
      return next();
    }
    await next();
    const headers = c.res.headers;
    for (const [name, value] of entries) if (!headers.has(name)) headers.set(name, value);
  };
}

/** The Node response behind a request (@hono/node-server passes it as `env.outgoing`), before its head is written. */
function rawNodeResponse(c: Context): { setHeader(name: string, value: string): unknown } | null {
  const outgoing = (c.env as { outgoing?: { setHeader?: unknown; headersSent?: boolean } } | undefined)
    ?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' && outgoing.headersSent === false
    ? (outgoing as { setHeader(name: string, value: string): unknown })
    : null;
}

/**
 * headers: strict defaults on every response, the studio's scripts from our own origin only. The
 * studio may also talk to the Supabase project it signs in with, when that is another origin. A
 * route that sets a stricter header of its own keeps it: file downloads send
 * `Content-Security-Policy: sandbox` so an uploaded document can never run as our origin.
 */
export function securityHeaders(platform: Platform): MiddlewareHandler<AppEnv> {
  const connectSrc =
    platform.studio.authMode === 'supabase'
      ? `'self' ${new URL(platform.studio.supabaseUrl).origin}`
      : "'self'";
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connectSrc}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return defaultHeaders([
    ['content-security-policy', policy],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ['origin-agent-cluster', '?1'],
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
    ['x-content-type-options', 'nosniff'],
    ['x-dns-prefetch-control', 'off'],
    ['x-download-options', 'noopen'],
    ['x-frame-options', 'SAMEORIGIN'],
    ['x-permitted-cross-domain-policies', 'none'],
    // Legacy XSS auditors are off: they opened more holes than they closed.
    ['x-xss-protection', '0'],
  ]);
}

interface CorsOptions {
  origin: '*' | ((origin: string) => string | null);
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
  maxAge?: number;
}

/**
 * CORS. Preflights (`OPTIONS`) are Hono's `cors`; on every other request the same headers are
 * added to the response the route made, after it made it. (Hono's `cors` sets them on `c.res`
 * before the route runs; Hono then rebuilds the route's response through a web-stream copy to
 * keep them — measured, a tenth of a data-API read's server CPU.)
 */
export function corsHeaders(options: CorsOptions): MiddlewareHandler<AppEnv> {
  const preflight = cors(options);
  const expose = options.exposeHeaders.join(',');
  const { origin } = options;
  if (origin === '*') {
    const always = defaultHeaders([
      ['access-control-allow-origin', '*'],
      ...(expose ? [['access-control-expose-headers', expose] as const] : []),
    ]);
    return (c, next) => (c.req.method === 'OPTIONS' ? preflight(c, next) : always(c, next));
  }
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const headers = c.res.headers;
    const allowed = origin(c.req.header('origin') ?? '');
    if (allowed) headers.set('access-control-allow-origin', allowed);
    if (expose) headers.set('access-control-expose-headers', expose);
    headers.append('vary', 'Origin');
  };
}

export const corsFor = (platform: Platform) =>
  corsHeaders({
    origin: (origin) => (platform.corsOrigins.includes(origin) ? origin : null),
    allowHeaders: ['authorization', 'content-type', 'apikey', 'x-client-info', 'x-supabase-api-version'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['x-supabase-api-version', 'retry-after'],
    maxAge: 600,
  });

const tooLarge = (max: number) =>
  // The rest of the body is never read, so the connection cannot carry another request.
  new HttpError(413, 'body_too_large', `body: must be at most ${max} bytes`, {
    headers: { connection: 'close' },
  });

/**
 * Bodies up to 1 MB. A declared Content-Length is judged from the header alone: Hono's bodyLimit
 * first asks for the request's body stream, which on Node makes the adapter build a full
 * `Request` for every request, GETs included (measured: a quarter of a webhook delivery's CPU);
 * the adapter's own fast read is then lost. Chunked bodies are counted by bodyLimit.
 */
export const limitBody = (
  options: { except?: (path: string) => boolean } = {},
): MiddlewareHandler<AppEnv> => {
  const counted = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw tooLarge(MAX_BODY_BYTES);
    },
  });
  return async (c, next) => {
    if (options.except?.(c.req.path)) return next();
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // A GET or HEAD is never read as having a body, so there is nothing to count (and asking the
    // adapter for its body stream would build the full Request after all). Other methods without
    // a length (HTTP/2 need not send one) are counted.
    if (length === undefined && !chunked && (c.req.method === 'GET' || c.req.method === 'HEAD'))
      return next();
    if (length !== undefined && !chunked) {
      if (!/^\d+$/.test(length.trim()) || Number(length) > MAX_BODY_BYTES) throw tooLarge(MAX_BODY_BYTES);
      return next();
    }
    return counted(c, next);
  };
};

/**
 * Uploads instead of the 1 MB limit: a declared length past the largest upload any field takes is
 * refused before anything is read. The route then counts the streamed bytes against the field's
 * own limit, without buffering them (Hono's bodyLimit would hold the whole body in memory).
 */
export const limitUploadBody = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_UPLOAD_BYTES) throw tooLarge(MAX_UPLOAD_BYTES);
  await next();
};

/** auth: `/api/*` needs a bearer token verified against the JWKS. */
export const requireBuilder = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new HttpError(401, 'unauthenticated', 'Sign in first: send Authorization: Bearer <access token>', {
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
  try {
    c.set('claims', await c.get('platform').verifier.verify(match[1]!));
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    throw new HttpError(401, 'invalid_token', `Sign in again: the access ${error.message}`, {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
  await next();
};

/** rate limit: per builder per minute, with Retry-After on a 429. */
export const limitRate = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const { rateLimiter } = c.get('platform');
  const decision = await rateLimiter.hit(`api:${c.get('claims').sub}`, API_REQUESTS_PER_MINUTE, 60_000);
  if (!decision.allowed) {
    const seconds = Math.max(1, Math.ceil((decision.resetAt - Date.now()) / 1000));
    throw new HttpError(
      429,
      'rate_limited',
      `Too many requests: at most ${API_REQUESTS_PER_MINUTE} a minute. Try again in ${seconds} s.`,
      {
        headers: { 'retry-after': String(seconds) },
        limit: {
          name: 'api_requests_per_minute',
          max: API_REQUESTS_PER_MINUTE,
          resetsAt: new Date(decision.resetAt).toISOString(),
        },
      },
    );
  }
  await next();
};
