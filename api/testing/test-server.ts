import { createServer } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Logger } from '../kernel/context.ts';
import { readConfig } from '../platform/node/config.ts';
import { createNodePlatform, type NodePlatform } from '../platform/node/platform.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { Db } from '../store/db.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface TestServer extends NodePlatform {
  url: string;
  server: ServerType;
  /** Every line the platform logged, to check that no secret reached a log. */
  logLines: string[];
  stop(): Promise<void>;
}

/** The real Node platform on a free port, over a shared test database, with keys in memory. */
export async function startTestServer(
  db: Db,
  options: { rateLimiter?: RateLimiter; now?: () => number } = {},
): Promise<TestServer> {
  const port = await freePort();
  const logLines: string[] = [];
  const log: Logger = {
    info: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
    error: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
  };
  const config = readConfig({ PORT: String(port), DATA_DIR: '.tmp/unused' });
  const node = await createNodePlatform(config, { db, ephemeralKeys: true, log, ...options });
  const server = serve({ fetch: node.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    ...node,
    url: `http://127.0.0.1:${port}`,
    server,
    logLines,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
