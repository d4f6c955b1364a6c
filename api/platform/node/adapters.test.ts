import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobStoreSuite } from '../../ports/blob-store.suite.ts';
import { outboundHttpSuite } from '../../ports/outbound-http.suite.ts';
import { rateLimiterSuite } from '../../ports/rate-limiter.suite.ts';
import { memoryRateLimiter } from '../../ports/rate-limiter.ts';
import { workflowStateSuite } from '../../ports/workflow-state.suite.ts';
import { postgresWorkflowState } from '../../ports/workflow-state.ts';
import { serveServiceDouble } from '../../testing/service-double-server.ts';
import { openTestDb } from '../../testing/test-db.ts';
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

workflowStateSuite('postgres rows (PGlite, or Postgres with DATABASE_URL)', async () => {
  const db = await openTestDb();
  // Two builders with a workflow each: the rows are theirs under RLS, as a run's are.
  const workflows = await db.asOwner(async (tx) => {
    const refs = [];
    for (const username of ['state-suite-a', 'state-suite-b']) {
      const userId = crypto.randomUUID();
      await tx.query(`insert into auth.users (id, email, raw_user_meta_data) values ($1, $2, $3::jsonb)`, [
        userId,
        `${username}@example.test`,
        JSON.stringify({ username }),
      ]);
      const [row] = await tx.query<{ id: string }>(
        `insert into workflow_definitions (user_id, name) values ($1, 'State suite') returning id`,
        [userId],
      );
      refs.push({ userId, workflowId: row!.id });
    }
    return refs;
  });
  return {
    store: postgresWorkflowState(db),
    workflows: [workflows[0]!, workflows[1]!],
    close: () => db.close(),
  };
});
