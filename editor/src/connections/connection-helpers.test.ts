import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../schemas/index.ts';
import {
  connectionsFor,
  expiryLabel,
  fieldErrors,
  parseAllowedHosts,
  providerMatches,
} from './connection-helpers.ts';
import { parseScopes } from './oauth-providers.ts';

describe('parseAllowedHosts', () => {
  it('takes one host a line, drops blanks and repeats, lower-cases', () => {
    expect(parseAllowedHosts('api.stripe.com\n\n  Files.Stripe.com  \napi.stripe.com\n')).toEqual([
      'api.stripe.com',
      'files.stripe.com',
    ]);
  });

  it('also splits on commas and spaces, and keeps only the host of a pasted URL', () => {
    expect(parseAllowedHosts('https://api.example.com/v1/items, *.example.org hooks.slack.com/x')).toEqual([
      'api.example.com',
      '*.example.org',
      'hooks.slack.com',
    ]);
  });

  it('gives an empty list for an empty box', () => {
    expect(parseAllowedHosts(' \n \n')).toEqual([]);
  });
});

describe('providerMatches', () => {
  it('lets a Google sign-in serve Gmail and Google services, and nothing else', () => {
    expect(providerMatches('gmail', 'google')).toBe(true);
    expect(providerMatches('google_calendar', 'google')).toBe(true);
    expect(providerMatches('slack', 'google')).toBe(false);
  });

  it('lets a generic connection serve only services no built-in covers', () => {
    expect(providerMatches('notion', 'generic')).toBe(true);
    expect(providerMatches('slack', 'generic')).toBe(false);
  });

  it('matches an API-key provider only by its exact name', () => {
    expect(providerMatches('stripe', 'stripe')).toBe(true);
    expect(providerMatches('stripe', 'stripe_test')).toBe(false);
  });
});

const stored = (over: Partial<ConnectionSummary>): ConnectionSummary => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'x',
  provider: 'slack',
  authKind: 'oauth2',
  status: 'connected',
  scopes: [],
  allowedHosts: ['slack.com'],
  expiresAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('connectionsFor', () => {
  const slackOAuth = stored({ name: 'Team Slack' });
  const slackKey = stored({ name: 'Slack bot key', authKind: 'api_key' });
  const google = stored({ name: 'Work Google', provider: 'google' });
  const all = [slackOAuth, slackKey, google];

  it('offers the stored connections of a matching provider and the same kind', () => {
    expect(connectionsFor({ provider: 'slack', authKind: 'oauth2' }, all)).toEqual([slackOAuth]);
    expect(connectionsFor({ provider: 'slack', authKind: 'api_key' }, all)).toEqual([slackKey]);
    expect(connectionsFor({ provider: 'gmail', authKind: 'oauth2' }, all)).toEqual([google]);
  });

  it('offers nothing for a declaration that needs no credential', () => {
    expect(connectionsFor({ provider: 'slack', authKind: 'none' }, all)).toEqual([]);
  });
});

describe('fieldErrors', () => {
  const fields = ['name', 'provider', 'allowedHosts', 'apiKey', 'generic.clientId', 'generic'] as const;

  it('places Zod issues on their field and names the line of a bad host', () => {
    const { byField, rest } = fieldErrors(
      [
        { path: 'allowedHosts.1', message: 'must be a public hostname like api.example.com' },
        { path: 'apiKey', message: 'must be at least 8 characters' },
      ],
      'allowedHosts.1: …; apiKey: …',
      fields,
    );
    expect(byField).toEqual({
      allowedHosts: 'line 2 must be a public hostname like api.example.com',
      apiKey: 'must be at least 8 characters',
    });
    expect(rest).toBeUndefined();
  });

  it('prefers the most specific field of a nested path', () => {
    const { byField } = fieldErrors([{ path: 'generic.clientId', message: 'must not be empty' }], '', fields);
    expect(byField).toEqual({ 'generic.clientId': 'must not be empty' });
  });

  it('reads the field from the start of a refusal without issues', () => {
    const { byField, rest } = fieldErrors(
      [],
      'name: you already have a connection called "Stripe"; choose another name',
      fields,
    );
    expect(byField.name).toBe('you already have a connection called "Stripe"; choose another name');
    expect(rest).toBeUndefined();
  });

  it('keeps a refusal that names no listed field for the general alert', () => {
    const { byField, rest } = fieldErrors([], 'Slack sign-in is not set up on this platform.', fields);
    expect(byField).toEqual({});
    expect(rest).toBe('Slack sign-in is not set up on this platform.');
  });
});

describe('expiryLabel', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('says nothing for a connection without expiry', () => {
    expect(expiryLabel(null, now)).toBeNull();
  });

  it('says how long a token still holds, in the unit a person reads', () => {
    expect(expiryLabel('2026-03-01T12:30:00Z', now)).toBe('Access token renews within 30 min');
    expect(expiryLabel('2026-03-01T15:00:00Z', now)).toBe('Access token valid for 3 h more');
    expect(expiryLabel('2026-03-11T12:00:00Z', now)).toBe('Access token valid for 10 days more');
  });

  it('says when it has already expired', () => {
    expect(expiryLabel('2026-03-01T11:00:00Z', now)).toMatch(/expired/);
  });
});

describe('parseScopes', () => {
  it('splits on spaces, commas and lines and keeps each scope once', () => {
    expect(parseScopes(' chat:write, channels:read\nchat:write ')).toEqual(['chat:write', 'channels:read']);
    expect(parseScopes('  ')).toEqual([]);
  });
});
