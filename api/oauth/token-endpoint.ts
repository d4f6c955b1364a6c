import * as oauth from 'oauth4webapi';
import type { OAuthClientConfig } from './providers.ts';
import { providerLabel } from './providers.ts';

/**
 * The token side of OAuth 2.0 with oauth4webapi: the authorization URL with PKCE (S256), the
 * code exchange, the refresh grant and revocation. Every call to a provider goes through the
 * injected `fetch`, so the platform can pass its SSRF-guarded fetch for builder-supplied URLs.
 */

export type OutboundFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch; null when the provider did not say (a token that lasts). */
  expiresAt: number | null;
  scopes: string[];
}

/**
 * A provider said no. `reason` is the provider's OAuth error code (invalid_grant, access_denied)
 * when it gave one; the message names the provider and never carries a token.
 */
export class OAuthProviderError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'OAuthProviderError';
  }
}

const serverOf = (client: OAuthClientConfig): oauth.AuthorizationServer => ({
  issuer: new URL(client.tokenUrl).origin,
  authorization_endpoint: client.authorizationUrl,
  token_endpoint: client.tokenUrl,
  ...(client.revocationUrl ? { revocation_endpoint: client.revocationUrl } : {}),
});

const clientOf = (client: OAuthClientConfig): oauth.Client => ({ client_id: client.clientId });

/**
 * Builder-supplied endpoints go through the injected (SSRF-guarded) fetch. Built-in providers'
 * endpoints are the platform's constants or its operator's OAUTH_<PROVIDER>_BASE_URL, never a
 * builder's input, so they use the runtime's fetch: that is also what lets a local fake work.
 */
const transport = (client: OAuthClientConfig, fetchFn: OutboundFetch): OutboundFetch =>
  client.provider === 'generic' ? fetchFn : (url, init) => fetch(url, init);

const requestOptions = (client: OAuthClientConfig, fetchFn: OutboundFetch) => ({
  [oauth.customFetch]: transport(client, fetchFn),
  [oauth.allowInsecureRequests]: client.allowInsecure,
  signal: AbortSignal.timeout(15_000),
});

// Slack answers with its own token types; they are bearer tokens all the same.
const TOKEN_TYPES: oauth.RecognizedTokenTypes = { bot: () => {}, user: () => {} };

export function newPkce() {
  return { state: oauth.generateRandomState(), verifier: oauth.generateRandomCodeVerifier() };
}

export async function authorizationUrl(
  client: OAuthClientConfig,
  input: { redirectUri: string; state: string; verifier: string; scopes: string[] },
): Promise<string> {
  const url = new URL(client.authorizationUrl);
  const params: Record<string, string> = {
    ...client.authorizationParams,
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: input.redirectUri,
    state: input.state,
    code_challenge: await oauth.calculatePKCECodeChallenge(input.verifier),
    code_challenge_method: 'S256',
  };
  if (input.scopes.length > 0) params.scope = input.scopes.join(client.scopeSeparator);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** What went wrong, in words a builder can act on; the provider's own text is not trusted. */
function explain(error: unknown, client: OAuthClientConfig, action: string): OAuthProviderError {
  const label = providerLabel(client.provider);
  let reason = 'unknown';
  if (error instanceof oauth.ResponseBodyError) reason = error.error;
  else if (error instanceof oauth.OperationProcessingError) {
    // GitHub and Slack report errors with a 200 and an `error` field instead of a 4xx.
    const body = (error.cause as { body?: { error?: unknown } } | undefined)?.body;
    reason = typeof body?.error === 'string' ? body.error : 'invalid_response';
  } else if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    reason = 'timeout';
  } else if (error instanceof TypeError) reason = 'unreachable';
  const what: Record<string, string> = {
    invalid_grant: `${label} refused the grant (it expired, was revoked or was already used)`,
    invalid_client: `${label} did not accept the platform's client id or secret`,
    invalid_response: `${label} answered with something that is not an OAuth token response`,
    timeout: `${label} did not answer within 15 s`,
    unreachable: `${label} could not be reached`,
  };
  const detail = what[reason] ?? `${label} answered with the error "${reason.slice(0, 60)}"`;
  return new OAuthProviderError(`Could not ${action}: ${detail}.`, reason);
}

function toTokenSet(response: oauth.TokenEndpointResponse, now: number, fallback?: string): TokenSet {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? fallback,
    expiresAt: typeof response.expires_in === 'number' ? now + response.expires_in * 1000 : null,
    scopes: response.scope ? response.scope.split(/[ ,]+/).filter(Boolean) : [],
  };
}

export async function exchangeCode(
  client: OAuthClientConfig,
  input: { callback: URLSearchParams; state: string; redirectUri: string; verifier: string },
  fetchFn: OutboundFetch,
  now: number,
): Promise<TokenSet> {
  const as = serverOf(client);
  try {
    // The state was already checked against the stored one; this also refuses an error answer.
    const callback = oauth.validateAuthResponse(as, clientOf(client), input.callback, input.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      clientOf(client),
      oauth.ClientSecretPost(client.clientSecret),
      callback,
      input.redirectUri,
      input.verifier,
      requestOptions(client, fetchFn),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, clientOf(client), response, {
      recognizedTokenTypes: TOKEN_TYPES,
    });
    return toTokenSet(tokens, now);
  } catch (error) {
    throw explain(error, client, `connect ${providerLabel(client.provider)}`);
  }
}

/** A new access token; providers that do not rotate keep the old refresh token valid. */
export async function refreshTokens(
  client: OAuthClientConfig,
  refreshToken: string,
  fetchFn: OutboundFetch,
  now: number,
): Promise<TokenSet> {
  const as = serverOf(client);
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      clientOf(client),
      oauth.ClientSecretPost(client.clientSecret),
      refreshToken,
      requestOptions(client, fetchFn),
    );
    const tokens = await oauth.processRefreshTokenResponse(as, clientOf(client), response, {
      recognizedTokenTypes: TOKEN_TYPES,
    });
    return toTokenSet(tokens, now, refreshToken);
  } catch (error) {
    throw explain(error, client, `refresh the ${providerLabel(client.provider)} token`);
  }
}

/** Tells the provider to forget a token. Callers treat a failure as best effort. */
export async function revokeToken(client: OAuthClientConfig, token: string, fetchFn: OutboundFetch) {
  if (client.revocationStyle === 'none' || !client.revocationUrl) return;
  if (client.revocationStyle === 'github') {
    const url = client.revocationUrl.replace('{client_id}', encodeURIComponent(client.clientId));
    const response = await transport(client, fetchFn)(url, {
      method: 'DELETE',
      headers: {
        authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
        accept: 'application/vnd.github+json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ access_token: token }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!response.ok && response.status !== 404) throw new OAuthProviderError('revocation failed', 'revoke');
    return;
  }
  const as = serverOf(client);
  const response = await oauth.revocationRequest(
    as,
    clientOf(client),
    oauth.ClientSecretPost(client.clientSecret),
    token,
    requestOptions(client, fetchFn),
  );
  await oauth.processRevocationResponse(response);
}
