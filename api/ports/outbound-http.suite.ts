import { afterEach, describe, expect, it } from 'vitest';
import {
  type OutboundHttp,
  type OutboundRefusal,
  OutboundRefused,
  type OutboundRequest,
} from './outbound-http.ts';

/** A local double of an outside service: what it answers to every request routed to it. */
export type ServiceDouble = (request: Request) => Response | Promise<Response>;

export interface OpenedOutbound {
  http: OutboundHttp;
  close(): Promise<void>;
}

export interface OutboundHarness {
  /**
   * The adapter, with every call to one of `hosts` answered by `service` instead of the network
   * (no DNS involved). A call to any other host must not reach the network either: the harness
   * fails it, or hands it to `service` too (which records it, so a late refusal shows). The cases
   * that name other hosts expect a refusal before any connection.
   */
  open(hosts: readonly string[], service: ServiceDouble): Promise<OpenedOutbound>;
  /**
   * False when the adapter has no way to route a host to a double: then only the refusals made
   * before any connection are checked.
   */
  reachesDoubles: boolean;
}

interface Seen {
  host: string;
  path: string;
  authorization: string | null;
}

/** What the fake services answer: a page, and redirects to a declared host, an undeclared one, an IP. */
function fakeServices(seen: Seen[]): ServiceDouble {
  return (request) => {
    const url = new URL(request.url);
    seen.push({
      host: url.hostname,
      path: `${url.pathname}${url.search}`,
      authorization: request.headers.get('authorization'),
    });
    const redirect = (location: string) => new Response(null, { status: 302, headers: { location } });
    switch (url.pathname) {
      case '/hop':
        return redirect('https://api.fake.test/hello?after=hop');
      case '/away':
        return redirect('https://other.fake.test/landed');
      case '/to-undeclared':
        return redirect('https://evil.fake.test/stolen');
      case '/to-ip':
        return redirect('https://169.254.169.254/latest/meta-data/');
      case '/to-plain':
        return redirect('http://api.example.com/downgraded');
      default:
        return new Response(`hello from ${url.hostname}`, { headers: { 'content-type': 'text/plain' } });
    }
  };
}

const FAKE_HOSTS = ['api.fake.test', 'other.fake.test', 'evil.fake.test'];

/**
 * The outbound sandbox every adapter owes the workflow runtime, run against each one (as Hono runs
 * one router suite for every router): https only, declared hosts only, never an IP literal or user
 * info, and every redirect checked like a first request.
 */
export function outboundHttpSuite(name: string, harness: OutboundHarness) {
  describe(`outbound HTTP contract: ${name}`, () => {
    const seen: Seen[] = [];
    let opened: OpenedOutbound | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
      seen.length = 0;
    });
    // One adapter per case, opened on first use and closed after it.
    const http = async () => {
      opened ??= await harness.open(FAKE_HOSTS, fakeServices(seen));
      return opened.http;
    };
    const request = (url: string, allowedHosts: string[], extra: Partial<OutboundRequest> = {}) => ({
      url,
      method: 'GET',
      headers: [] as [string, string][],
      allowedHosts,
      timeoutMs: 5000,
      maxResponseBytes: 100_000,
      ...extra,
    });
    // A thunk, so an adapter that throws before returning its promise is caught as well.
    const refusal = async (sending: () => Promise<unknown>): Promise<OutboundRefused> => {
      const error = await Promise.resolve()
        .then(sending)
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(OutboundRefused);
      return error as OutboundRefused;
    };
    const expectRefused = async (url: string, allowedHosts: string[], code: OutboundRefusal) => {
      const outbound = await http();
      const refused = await refusal(() => outbound.send(request(url, allowedHosts)));
      expect({ url, code: refused.code }).toEqual({ url, code });
      return refused;
    };

    it.runIf(harness.reachesDoubles)('calls a declared host and follows its redirect within it', async () => {
      const outbound = await http();
      const response = await outbound.send(request('https://api.fake.test/hop', ['api.fake.test']));
      expect(response.status).toBe(200);
      expect(new TextDecoder().decode(response.body)).toBe('hello from api.fake.test');
      expect(response.url).toBe('https://api.fake.test/hello?after=hop');
      expect(seen.map((s) => `${s.host}${s.path}`)).toEqual([
        'api.fake.test/hop',
        'api.fake.test/hello?after=hop',
      ]);
    });

    it('refuses every scheme but https, before connecting', async () => {
      const allowed = ['api.example.com'];
      await expectRefused('http://api.example.com/contacts', allowed, 'https_required');
      await expectRefused('ftp://api.example.com/contacts', allowed, 'https_required');
      await expectRefused('file:///etc/passwd', allowed, 'https_required');
      expect(seen).toEqual([]);
    });

    it('refuses a host the connection does not declare, before connecting', async () => {
      const allowed = ['api.example.com', '*.hooks.example.com'];
      await expectRefused('https://evil.example.net/', allowed, 'host_not_allowed');
      await expectRefused('https://api.example.com.evil.net/', allowed, 'host_not_allowed');
      await expectRefused('https://example.com/', allowed, 'host_not_allowed');
      await expectRefused('https://hooks.example.com/', allowed, 'host_not_allowed');
      await expectRefused('https://a.hooks.example.com.evil.net/', allowed, 'host_not_allowed');
      await expectRefused('https://api.fake.test/', allowed, 'host_not_allowed');
      expect(seen).toEqual([]);
    });

    it('refuses IP literals, even when the connection lists them', async () => {
      const listed = ['93.184.216.34', '127.0.0.1', '[::1]', '::1', '169.254.169.254', '10.0.0.1'];
      await expectRefused('https://93.184.216.34/', listed, 'host_not_allowed');
      await expectRefused('https://127.0.0.1/', listed, 'private_address');
      await expectRefused('https://[::1]/', listed, 'private_address');
      await expectRefused('https://169.254.169.254/latest/meta-data/', listed, 'private_address');
      await expectRefused('https://10.0.0.1/', listed, 'private_address');
      // Other spellings of loopback, which the URL parser reads as 127.0.0.1.
      await expectRefused('https://2130706433/', listed, 'private_address');
      await expectRefused('https://0x7f.1/', listed, 'private_address');
      expect(seen).toEqual([]);
    });

    it('refuses a URL carrying a user name or password, and never repeats the password', async () => {
      const allowed = ['api.example.com', 'evil.example.net'];
      const refused = await expectRefused('https://bob:hunter2-secret@api.example.com/', allowed, 'bad_url');
      expect(refused.message).not.toContain('hunter2-secret');
      // A declared host written as user info does not make the real host declared.
      await expectRefused('https://api.example.com@evil.example.net/', allowed, 'bad_url');
      expect(seen).toEqual([]);
    });

    describe.runIf(harness.reachesDoubles)('redirects', () => {
      it('refuses a redirect to an undeclared host without calling it', async () => {
        const refused = await expectRefused(
          'https://api.fake.test/to-undeclared',
          ['api.fake.test'],
          'host_not_allowed',
        );
        expect(refused.message).toContain('evil.fake.test');
        expect(seen.map((s) => s.host)).toEqual(['api.fake.test']);
      });

      it('refuses a redirect to an IP address or to plain http', async () => {
        await expectRefused(
          'https://api.fake.test/to-ip',
          ['api.fake.test', '169.254.169.254'],
          'private_address',
        );
        await expectRefused(
          'https://api.fake.test/to-plain',
          ['api.fake.test', 'api.example.com'],
          'https_required',
        );
        expect(seen.map((s) => s.host)).toEqual(['api.fake.test', 'api.fake.test']);
      });

      it('drops the credential when a redirect leaves the origin', async () => {
        const outbound = await http();
        const response = await outbound.send(
          request('https://api.fake.test/away', ['api.fake.test', 'other.fake.test'], {
            headers: [['Authorization', 'Bearer sk-live-123']],
          }),
        );
        expect(new TextDecoder().decode(response.body)).toBe('hello from other.fake.test');
        expect(seen.map((s) => [s.host, s.authorization])).toEqual([
          ['api.fake.test', 'Bearer sk-live-123'],
          ['other.fake.test', null],
        ]);
      });
    });
  });
}
