import type { GenericOAuthClient, OAuthProvider } from '../../schemas/api/connections.ts';
import { HttpError } from '../kernel/errors.ts';

/** Where a provider signs builders in and issues tokens, and the platform's client there. */
export interface OAuthClientConfig {
  provider: OAuthProvider;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
  /** GitHub revokes through its REST API, not RFC 7009. */
  revocationStyle: 'rfc7009' | 'github' | 'none';
  clientId: string;
  clientSecret: string;
  /** Extra parameters for the authorization request (Google gives a refresh token only offline). */
  authorizationParams: Record<string, string>;
  /** Slack and GitHub separate scopes with commas, the others with spaces. */
  scopeSeparator: ' ' | ',';
  /**
   * http endpoints are allowed only when the operator pointed a built-in provider at a local fake
   * (OAUTH_<PROVIDER>_BASE_URL); builder-supplied endpoints are always https.
   */
  allowInsecure: boolean;
}

/** The deployment's OAuth clients: OAUTH_<PROVIDER>_CLIENT_ID / _CLIENT_SECRET / _BASE_URL. */
export type OAuthEnv = Readonly<Record<string, string | undefined>>;

interface BuiltIn {
  label: string;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
  revocationStyle: OAuthClientConfig['revocationStyle'];
  authorizationParams: Record<string, string>;
  scopeSeparator: ' ' | ',';
}

const BUILT_IN: Record<Exclude<OAuthProvider, 'generic'>, BuiltIn> = {
  google: {
    label: 'Google',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    revocationStyle: 'rfc7009',
    authorizationParams: { access_type: 'offline', prompt: 'consent' },
    scopeSeparator: ' ',
  },
  slack: {
    label: 'Slack',
    authorizationUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    revocationUrl: 'https://slack.com/api/auth.revoke',
    revocationStyle: 'rfc7009',
    authorizationParams: {},
    scopeSeparator: ',',
  },
  github: {
    label: 'GitHub',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    revocationUrl: 'https://api.github.com/applications/{client_id}/token',
    revocationStyle: 'github',
    authorizationParams: {},
    scopeSeparator: ',',
  },
};

/** A person's name for a provider, for messages ("reconnect Slack"). */
export const providerLabel = (provider: string) =>
  provider in BUILT_IN ? BUILT_IN[provider as keyof typeof BUILT_IN].label : provider;

/**
 * The client for `provider`: built-ins from the deployment's environment, generic from what the
 * builder supplied (kept sealed with the connection, since refreshing needs it again).
 */
export function oauthClientFor(
  provider: OAuthProvider,
  env: OAuthEnv,
  generic?: GenericOAuthClient,
): OAuthClientConfig {
  if (provider === 'generic') {
    if (!generic) throw new HttpError(400, 'invalid_request', 'generic: is required for a generic provider');
    return {
      provider,
      ...generic,
      revocationStyle: generic.revocationUrl ? 'rfc7009' : 'none',
      authorizationParams: {},
      scopeSeparator: ' ',
      allowInsecure: false,
    };
  }
  const known = BUILT_IN[provider];
  const prefix = `OAUTH_${provider.toUpperCase()}`;
  const clientId = env[`${prefix}_CLIENT_ID`];
  const clientSecret = env[`${prefix}_CLIENT_SECRET`];
  if (!clientId || !clientSecret) {
    throw new HttpError(
      503,
      'oauth_not_configured',
      `${known.label} sign-in is not set up on this platform: its operator must set ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET.`,
    );
  }
  // For tests and local development only: the same paths on a fake provider.
  const base = env[`${prefix}_BASE_URL`]?.replace(/\/+$/, '');
  return {
    provider,
    authorizationUrl: base ? `${base}/authorize` : known.authorizationUrl,
    tokenUrl: base ? `${base}/token` : known.tokenUrl,
    revocationUrl: base ? `${base}/revoke` : known.revocationUrl,
    revocationStyle: base ? 'rfc7009' : known.revocationStyle,
    clientId,
    clientSecret,
    authorizationParams: known.authorizationParams,
    scopeSeparator: known.scopeSeparator,
    allowInsecure: Boolean(base),
  };
}

export { providerMatches } from '../../schemas/workflow/provider-match.ts';
