import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobStoreSuite } from '../../ports/blob-store.suite.ts';
import { outboundHttpSuite } from '../../ports/outbound-http.suite.ts';
import { rateLimiterSuite } from '../../ports/rate-limiter.suite.ts';
import { memoryRateLimiter } from '../../ports/rate-limiter.ts';
import { serveServiceDouble } from '../../testing/service-double-server.ts';
import { fsBlobStore } from './fs-blob-store.ts';
import { nodeOutboundHttp } from './outbound-http.ts';

// The shared platform suites against the Node adapters of the embedded default; the same suites
// run against the Worker adapters in ../worker/adapters.test.ts.

blobStoreSuite('node file system', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bp-adapters-'));
  return {
    store: await fsBlobStore(join(dir, 'blobs')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

rateLimiterSuite(
  'node memory',
  async () => {
    // A fake clock: the window cases jump to the reset time instead of waiting for it.
    let now = Date.UTC(2026, 10, 26, 12, 0, 0, 500);
    return {
      limiter: memoryRateLimiter(() => now),
      clock: {
        now: () => now,
        passUntil: async (epochMs) => {
          now = Math.max(now, epochMs);
        },
      },
      close: async () => {},
    };
  },
  { shortWindowMs: 60_000 },
);

outboundHttpSuite('node', {
  reachesDoubles: true,
  async open(hosts, service) {
    const server = await serveServiceDouble(service);
    const http = nodeOutboundHttp({
      devHosts: new Map(hosts.map((host) => [host, { host: '127.0.0.1' as const, port: server.port }])),
      // No case may need DNS: a lookup means a refusal came too late.
      lookup: async (hostname) => {
        throw Object.assign(new Error(`no DNS in this test (${hostname})`), { code: 'ENOTFOUND' });
      },
    });
    return { http, close: () => server.close() };
  },
});
