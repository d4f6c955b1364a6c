import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Logger } from '../../api/kernel/context.ts';
import { readConfig } from '../../api/platform/node/config.ts';
import { createNodePlatform } from '../../api/platform/node/platform.ts';
import { openTestDb } from '../../api/testing/test-db.ts';
import { schedulerTick } from '../../api/workflows/scheduler.ts';
import type { PlatformTarget } from './target.ts';

export interface NodeTarget extends PlatformTarget {
  /** Every line the platform logged. */
  logLines: string[];
  stop(): Promise<void>;
}

/**
 * The Node target as `npm start` builds it (createNodePlatform from a config: the embedded auth
 * server with its keys in the data folder, files on disk under `${DATA_DIR}/blobs`, the in-memory
 * rate limiter with the plans' limits), served over HTTP in this process, on PGlite or, with
 * DATABASE_URL, on Postgres. In this process rather than as a child so that the suite is its
 * scheduler: `npm start` ticks every second on its own, and a test could not say which tick fired
 * a run; here no loop runs (`workflows.start` is not called) and each `schedulerTick` is one pass,
 * as wrangler's test-scheduled endpoint is on the Worker. The database is the tests' migrated
 * template (about a second, not a fresh migration run); `npm start` itself is e2e/start.test.ts's.
 */
export async function startNodeTarget(): Promise<NodeTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bp-platform-node-'));
  const db = await openTestDb();
  // Listening first on a port the system picks, then building the platform for that address (its
  // token issuer and public URL), as the test server does: no probe-then-bind race.
  let handle: (request: Request) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server = serve({ fetch: (request) => handle(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  // Longer than undici's 4 s idle timeout, so a client never reuses a socket the server is closing.
  (server as Server).keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const logLines: string[] = [];
  const log: Logger = {
    info: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
    error: (event, fields) => logLines.push(JSON.stringify({ event, ...fields })),
  };
  const node = await createNodePlatform(
    readConfig({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir }),
    // No agent pipeline: no case builds a feature. No process environment: a developer's
    // ANTHROPIC_BASE_URL or OAuth clients must not change what the suite sees.
    { db, log, env: {}, pipeline: false },
  );
  handle = node.app.fetch;

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    authUrl: url,
    health: { db: db.kind, auth: 'embedded' },
    async schedulerTick() {
      await schedulerTick(db, { now: new Date(), fire: node.workflows.fire, owner: 'platform-suite', log });
    },
    asOwner: (text, params = []) => db.asOwner((tx) => tx.query(text, params)),
    blobRoot: join(dataDir, 'blobs'),
    logLines,
    async stop() {
      await node.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
