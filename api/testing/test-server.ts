import { createServer } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Logger } from '../kernel/context.ts';
import { readConfig } from '../platform/node/config.ts';
import { createNodePlatform, type NodePlatform } from '../platform/node/platform.ts';
import { type MemoryBlobStore, memoryBlobStore } from '../ports/blob-store.ts';
import type { OutboundHttp } from '../ports/outbound-http.ts';
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
  /** The uploaded files, in memory, so a test can see what was (and was not) stored. */
  blobs: MemoryBlobStore;
  stop(): Promise<void>;
}

/** The real Node platform on a free port, over a shared test database, with keys in memory. */
export async function startTestServer(
  db: Db,
  options: {
    rateLimiter?: RateLimiter;
    now?: () => number;
    /** Workflow steps' way out (tests reach their fake services through it). */
    outbound?: OutboundHttp;
    /** OAuth clients, ANTHROPIC_BASE_URL (default: none of the process's own). */
    env?: Readonly<Record<string, string | undefined>>;
    /** Run the agent pipeline's worker (off unless a test drives builds). */
    pipeline?: boolean;
  } = {},
): Promise<TestServer> {
  // Listen first on a port the system picks, then build the platform for that address: probing
  // for a free port and binding it later races with other test processes.
  let handle: (request: Request, env?: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  // The adapter's bindings (the raw Node request and response) pass through, as `npm start` passes them.
  const server = serve({ fetch: (request, env) => handle(request, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  // Clients (undici's fetch: 4 s) close idle keep-alive sockets before the server does, so a
  // request never goes out on a socket the server is closing at that moment (ECONNRESET on a
  // loaded machine, where Node's 5 s default was too close).
  (server as import('node:http').Server).keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const logLines: string[] = [];
  const log: Logger = {
    info: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
    error: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
  };
  const config = readConfig({ PORT: String(port), DATA_DIR: '.tmp/unused' });
  const blobs = memoryBlobStore();
  const node = await createNodePlatform(config, {
    db,
    ephemeralKeys: true,
    log,
    blobs,
    env: {},
    ...options,
    pipeline: options.pipeline ?? false,
  });
  handle = node.app.fetch;
  return {
    ...node,
    url: `http://127.0.0.1:${port}`,
    server,
    logLines,
    blobs,
    stop: async () => {
      await node.platform.pipeline?.stop();
      await node.workflows.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Sockets a test left open (a 413 answered while the client still sends its body) would
      // otherwise hold the close until they time out: seen once as a 60 s afterAll under CI load.
      (server as import('node:http').Server).closeAllConnections();
      await closed;
    },
  };
}
