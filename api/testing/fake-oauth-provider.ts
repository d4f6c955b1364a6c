import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';

/**
 * A local OAuth 2.0 provider for tests and development: /authorize approves at once (or denies
 * when told to), /token checks PKCE (S256) and rotates refresh tokens, /revoke records what it
 * was given. Counters let a test see how often each endpoint was called.
 */
export interface FakeOAuthProvider {
  url: string;
  clientId: string;
  clientSecret: string;
  calls: { authorize: number; authorizationCode: number; refresh: number; revoke: number };
  /** Every token handed to /revoke, in order. */
  revoked: string[];
  /** The next /authorize redirects with error=access_denied. */
  denyNext(): void;
  /** Refresh grants fail with invalid_grant, as when the builder revoked the app at the provider. */
  rejectRefreshes(reject?: boolean): void;
  /** Lifetime of the access tokens issued from now on, in seconds. */
  setExpiresIn(seconds: number): void;
  /** Answers refresh grants this much later, so two concurrent refreshes overlap. */
  setRefreshDelay(ms: number): void;
  close(): Promise<void>;
}

interface PendingCode {
  redirectUri: string;
  challenge: string;
  scope: string;
}

const token = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export async function startFakeOAuthProvider(
  options: { port?: number; clientId?: string; clientSecret?: string; expiresIn?: number } = {},
): Promise<FakeOAuthProvider> {
  const clientId = options.clientId ?? 'fake-client-id';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  let expiresIn = options.expiresIn ?? 3600;
  let deny = false;
  let rejectRefresh = false;
  let refreshDelay = 0;
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, string>(); // refresh token → scope
  const calls = { authorize: 0, authorizationCode: 0, refresh: 0, revoke: 0 };
  const revoked: string[] = [];

  const issue = (response: ServerResponse, scope: string) => {
    const refresh = token('refresh');
    refreshTokens.set(refresh, scope);
    sendJson(response, 200, {
      access_token: token('access'),
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: refresh,
      scope,
    });
  };

  const authorize = (url: URL, response: ServerResponse) => {
    calls.authorize++;
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state') ?? '';
    const challenge = url.searchParams.get('code_challenge');
    if (!redirectUri || url.searchParams.get('client_id') !== clientId) {
      return sendJson(response, 400, { error: 'invalid_request', error_description: 'unknown client' });
    }
    const back = new URL(redirectUri);
    back.searchParams.set('state', state);
    if (deny) {
      deny = false;
      back.searchParams.set('error', 'access_denied');
    } else if (!challenge || url.searchParams.get('code_challenge_method') !== 'S256') {
      back.searchParams.set('error', 'invalid_request');
    } else {
      const code = token('code');
      codes.set(code, { redirectUri, challenge, scope: url.searchParams.get('scope') ?? '' });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.toString() });
    response.end();
  };

  const tokenEndpoint = async (request: IncomingMessage, response: ServerResponse) => {
    const form = await readForm(request);
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return sendJson(response, 401, { error: 'invalid_client' });
    }
    if (form.get('grant_type') === 'authorization_code') {
      calls.authorizationCode++;
      const pending = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!pending || pending.redirectUri !== form.get('redirect_uri') || pending.challenge !== challenge) {
        return sendJson(response, 400, {
          error: 'invalid_grant',
          error_description: 'code or PKCE verifier',
        });
      }
      return issue(response, pending.scope);
    }
    if (form.get('grant_type') === 'refresh_token') {
      calls.refresh++;
      if (refreshDelay > 0) await new Promise((resolve) => setTimeout(resolve, refreshDelay));
      const old = form.get('refresh_token') ?? '';
      const scope = refreshTokens.get(old);
      if (rejectRefresh || scope === undefined) {
        return sendJson(response, 400, {
          error: 'invalid_grant',
          error_description: 'refresh token revoked',
        });
      }
      refreshTokens.delete(old); // rotation: an old refresh token works once
      return issue(response, scope);
    }
    return sendJson(response, 400, { error: 'unsupported_grant_type' });
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    if (request.method === 'GET' && url.pathname === '/authorize') return authorize(url, response);
    if (request.method === 'POST' && url.pathname === '/token') {
      tokenEndpoint(request, response).catch(() => sendJson(response, 500, { error: 'server_error' }));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/revoke') {
      readForm(request).then((form) => {
        calls.revoke++;
        const revokedToken = form.get('token') ?? '';
        revoked.push(revokedToken);
        refreshTokens.delete(revokedToken);
        response.writeHead(200);
        response.end();
      });
      return;
    }
    sendJson(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    calls,
    revoked,
    denyNext: () => {
      deny = true;
    },
    rejectRefreshes: (reject = true) => {
      rejectRefresh = reject;
    },
    setExpiresIn: (seconds) => {
      expiresIn = seconds;
    },
    setRefreshDelay: (ms) => {
      refreshDelay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Standalone: `node api/testing/fake-oauth-provider.ts` (PORT, default 4010) for local development
// with OAUTH_<PROVIDER>_BASE_URL pointing at it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const provider = await startFakeOAuthProvider({ port: Number(process.env.PORT ?? 4010) });
  console.log(
    `fake OAuth provider at ${provider.url} (client id ${provider.clientId}, secret ${provider.clientSecret})`,
  );
}
