import type { OAuthProvider } from '../../../schemas/index.ts';

interface ProviderCopy {
  label: string;
  /** What the form starts with; the builder may change it. */
  hosts: string;
  scopesExample: string;
}

/** The sign-ins the platform offers, as the Connections page names and prefills them. */
export const OAUTH_PROVIDERS: Record<OAuthProvider, ProviderCopy> = {
  google: {
    label: 'Google',
    hosts: '*.googleapis.com',
    scopesExample: 'https://www.googleapis.com/auth/gmail.send',
  },
  slack: { label: 'Slack', hosts: 'slack.com', scopesExample: 'chat:write channels:read' },
  github: { label: 'GitHub', hosts: 'api.github.com', scopesExample: 'repo read:user' },
  generic: { label: 'another OAuth provider', hosts: '', scopesExample: 'read write' },
};

export const providerLabel = (provider: string): string =>
  provider in OAUTH_PROVIDERS ? OAUTH_PROVIDERS[provider as OAuthProvider].label : provider;

/** Scopes as typed in one box: separated by spaces, commas or lines, each once. */
export function parseScopes(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}
