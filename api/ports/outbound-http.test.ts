import { describe, expect, it } from 'vitest';
import type { ConnectionRequest } from '../../runtime/workflows/ports.ts';
import type { Connection } from '../../schemas/workflow/connections.ts';
import {
  checkHeaders,
  checkOutboundUrl,
  connectionRequest,
  OutboundRefused,
  parseBody,
  redact,
  redirectTarget,
  vetAddresses,
} from './outbound-http.ts';

const refusal = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof OutboundRefused) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('checking a URL before calling it', () => {
  const allowed = ['api.example.com', '*.hooks.example.com'];

  it('lets a declared https host through, normalised', () => {
    const { url, hostname } = checkOutboundUrl('https://API.Example.com./v1/items?x=1#frag', allowed);
    expect(hostname).toBe('api.example.com');
    expect(url.toString()).toBe('https://api.example.com/v1/items?x=1');
  });

  it('matches wildcards on subdomains only', () => {
    expect(checkOutboundUrl('https://a.hooks.example.com/', allowed).hostname).toBe('a.hooks.example.com');
    expect(checkOutboundUrl('https://x.y.hooks.example.com/', allowed).hostname).toBe(
      'x.y.hooks.example.com',
    );
    expect(refusal(() => checkOutboundUrl('https://hooks.example.com/', allowed)).code).toBe(
      'host_not_allowed',
    );
    expect(refusal(() => checkOutboundUrl('https://evilhooks.example.com/', allowed)).code).toBe(
      'host_not_allowed',
    );
  });

  it('refuses a host the connection does not declare, naming it and the allowed ones', () => {
    const { code, message } = refusal(() => checkOutboundUrl('https://evil.com/', allowed));
    expect(code).toBe('host_not_allowed');
    expect(message).toContain('evil.com');
    expect(message).toContain('api.example.com');
  });

  it('refuses user info, which hides the real host (https://api.example.com@evil.com)', () => {
    expect(refusal(() => checkOutboundUrl('https://api.example.com@evil.com/', allowed)).code).toBe(
      'bad_url',
    );
    expect(refusal(() => checkOutboundUrl('https://user:pw@api.example.com/', allowed)).code).toBe('bad_url');
  });

  it('refuses IP literals even when listed, private ones as private_address', () => {
    expect(refusal(() => checkOutboundUrl('https://8.8.8.8/', ['8.8.8.8'])).code).toBe('host_not_allowed');
    expect(refusal(() => checkOutboundUrl('https://127.0.0.1/', ['127.0.0.1'])).code).toBe('private_address');
    expect(refusal(() => checkOutboundUrl('https://[::1]/', allowed)).code).toBe('private_address');
    expect(refusal(() => checkOutboundUrl('https://169.254.169.254/latest/', allowed)).code).toBe(
      'private_address',
    );
    // Other spellings of 127.0.0.1 that URL parsing turns into the dotted form.
    expect(refusal(() => checkOutboundUrl('https://2130706433/', allowed)).code).toBe('private_address');
    expect(refusal(() => checkOutboundUrl('https://0x7f.1/', allowed)).code).toBe('private_address');
    expect(refusal(() => checkOutboundUrl('https://[::ffff:127.0.0.1]/', allowed)).code).toBe(
      'private_address',
    );
  });

  it('refuses localhost and internal names even when listed', () => {
    for (const host of ['localhost', 'app.localhost', 'db.internal', 'printer.local']) {
      expect(refusal(() => checkOutboundUrl(`https://${host}/`, [host])).code).toBe('host_not_allowed');
    }
  });

  it('refuses a wildcard written into the URL itself', () => {
    expect(refusal(() => checkOutboundUrl('https://*.hooks.example.com/', allowed)).code).toBe(
      'host_not_allowed',
    );
  });

  it('requires https except for hosts the adapter maps to a local double', () => {
    expect(refusal(() => checkOutboundUrl('http://api.example.com/', allowed)).code).toBe('https_required');
    expect(refusal(() => checkOutboundUrl('ftp://api.example.com/', allowed)).code).toBe('https_required');
    expect(refusal(() => checkOutboundUrl('file:///etc/passwd', allowed)).code).toBe('https_required');
    expect(
      checkOutboundUrl('http://api.example.com/', allowed, (h) => h === 'api.example.com').hostname,
    ).toBe('api.example.com');
  });

  it('refuses text that is not a URL', () => {
    expect(refusal(() => checkOutboundUrl('/relative/path', allowed)).code).toBe('bad_url');
  });
});

describe('vetting a DNS answer', () => {
  it('refuses when any one address is private, naming the host', () => {
    const { code, message } = refusal(() => vetAddresses('api.example.com', ['93.184.216.34', '10.0.0.5']));
    expect(code).toBe('private_address');
    expect(message).toContain('api.example.com');
    expect(message).toContain('10.0.0.5');
  });

  it('refuses an empty answer and passes an all-public one', () => {
    expect(refusal(() => vetAddresses('api.example.com', [])).code).toBe('dns_failed');
    expect(() => vetAddresses('api.example.com', ['93.184.216.34', '2606:4700::1'])).not.toThrow();
  });
});

describe('following a redirect', () => {
  const hop = {
    url: new URL('https://api.example.com/start'),
    method: 'POST',
    headers: [
      ['Authorization', 'Bearer s3cret'],
      ['X-Api-Key', 'k3y'],
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ] as [string, string][],
    body: '{"a":1}',
  };

  it('keeps credentials on the same origin, drops every other header on another host', () => {
    expect(redirectTarget(hop, 307, '/next').headers).toEqual(hop.headers);
    const away = redirectTarget(hop, 307, 'https://other.example.com/x');
    expect(away.headers.map(([name]) => name)).toEqual(['Content-Type', 'Accept']);
    expect(away.body).toBe('{"a":1}');
    expect(redirectTarget(hop, 307, 'https://api.example.com:8443/').headers).toHaveLength(2);
  });

  it('turns 303, and 301/302 after a POST, into a GET without body', () => {
    for (const status of [301, 302, 303]) {
      const next = redirectTarget(hop, status, '/done');
      expect(next.method).toBe('GET');
      expect(next.body).toBeUndefined();
      expect(next.headers.some(([name]) => name === 'Content-Type')).toBe(false);
    }
    expect(redirectTarget({ ...hop, method: 'PUT' }, 302, '/x').method).toBe('PUT');
    expect(redirectTarget(hop, 308, '/x').method).toBe('POST');
  });
});

describe('request headers', () => {
  it('refuses line breaks that would split the request and drops framing headers', () => {
    expect(refusal(() => checkHeaders([['X-A', 'a\r\nHost: evil']])).code).toBe('bad_header');
    expect(refusal(() => checkHeaders([['Bad Name', 'x']])).code).toBe('bad_header');
    expect(
      checkHeaders([
        ['Host', 'evil.com'],
        ['Content-Length', '0'],
        ['Accept', '*/*'],
      ]),
    ).toEqual([['Accept', '*/*']]);
  });
});

describe('building a call through a connection', () => {
  const base = {
    id: 'crm',
    label: 'CRM',
    provider: 'http',
    allowedHosts: ['api.example.com'],
    baseUrl: 'https://api.example.com/v2/',
  };
  const call: ConnectionRequest = {
    connectionId: 'crm',
    method: 'POST',
    path: '/contacts/42',
    query: [['expand', 'notes & tags']],
    headers: [['Accept', 'application/json']],
    body: { name: 'Ada' },
  };
  const with_ = (auth: Connection['auth']): Connection => ({ ...base, auth }) as Connection;

  it('joins base URL, path and query, and sends an object body as JSON', () => {
    const built = connectionRequest(with_({ kind: 'none' }), call, { kind: 'none' });
    expect(built.url).toBe('https://api.example.com/v2/contacts/42?expand=notes+%26+tags');
    expect(built.method).toBe('POST');
    expect(built.body).toBe('{"name":"Ada"}');
    expect(built.headers).toContainEqual(['Content-Type', 'application/json']);
  });

  it('keeps the path under the base host whatever it contains', () => {
    for (const path of ['//evil.com/x', '@evil.com', 'https://evil.com/']) {
      const built = connectionRequest(with_({ kind: 'none' }), { ...call, path }, { kind: 'none' });
      expect(new URL(built.url).hostname).toBe('api.example.com');
    }
  });

  it('puts an API key in the named header, replacing one the step set', () => {
    const built = connectionRequest(
      with_({ kind: 'api_key', placement: 'header', name: 'X-Api-Key' }),
      { ...call, headers: [['x-api-key', 'spoofed']] },
      { kind: 'api_key', value: 'k-123' },
    );
    expect(built.headers.filter(([n]) => n.toLowerCase() === 'x-api-key')).toEqual([['X-Api-Key', 'k-123']]);
  });

  it('puts an API key in the query or as a bearer token', () => {
    const query = connectionRequest(
      with_({ kind: 'api_key', placement: 'query', name: 'key' }),
      { ...call, query: [['key', 'spoofed']] },
      { kind: 'api_key', value: 'k/1' },
    );
    expect(new URL(query.url).searchParams.getAll('key')).toEqual(['k/1']);
    const bearer = connectionRequest(with_({ kind: 'api_key', placement: 'bearer', name: 'ignored' }), call, {
      kind: 'api_key',
      value: 'k-2',
    });
    expect(bearer.headers).toContainEqual(['Authorization', 'Bearer k-2']);
  });

  it('sends an OAuth token as a bearer token', () => {
    const built = connectionRequest(with_({ kind: 'oauth2', scopes: [] }), call, {
      kind: 'bearer',
      token: 't-9',
    });
    expect(built.headers).toContainEqual(['Authorization', 'Bearer t-9']);
  });

  it('refuses to call without the credential the connection needs, saying which connection', () => {
    expect(() => connectionRequest(with_({ kind: 'oauth2', scopes: [] }), call, { kind: 'none' })).toThrow(
      /connection "crm" needs its OAuth token/,
    );
  });
});

describe('redact', () => {
  it('hides each secret, also URL-encoded', () => {
    const text = 'GET https://api.example.com/?key=a%2Fb%2Bc with a/b+c and tok-1';
    expect(redact(text, ['a/b+c', 'tok-1', ''])).toBe(
      'GET https://api.example.com/?key=[redacted] with [redacted] and [redacted]',
    );
  });
});

describe('parseBody', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('parses JSON when the answer says JSON, else gives text', () => {
    expect(
      parseBody({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: bytes('{"a":1}') }),
    ).toEqual({
      a: 1,
    });
    expect(
      parseBody({ headers: { 'content-type': 'application/problem+json' }, body: bytes('[1]') }),
    ).toEqual([1]);
    expect(parseBody({ headers: { 'content-type': 'text/plain' }, body: bytes('{"a":1}') })).toBe('{"a":1}');
    expect(parseBody({ headers: { 'content-type': 'application/json' }, body: bytes('not json') })).toBe(
      'not json',
    );
    expect(parseBody({ headers: { 'content-type': 'application/json' }, body: bytes('') })).toBeNull();
  });
});
