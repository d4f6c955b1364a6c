import { PGlite } from '@electric-sql/pglite';
import { pgliteDb } from '../api/platform/node/pglite-db.ts';
import type { Db } from '../api/store/db.ts';
import { createPostgresDb } from '../api/store/postgres-db.ts';
import { startTestServer } from '../api/testing/test-server.ts';
import { countingButUnlimited } from './data-api-limits.ts';

// The platform in a process of its own for the webhook benchmark, as `npm start` runs it: the
// load generator has its own process, as a real sender has. Started by bench/workflow-webhook.ts
// over IPC; answers with its URL, with its CPU time when asked, and with the runs it stored.

const url = process.env.BENCH_DATABASE_URL;
if (!url || !process.send)
  throw new Error('bench/workflow-webhook-server.ts is started by bench/workflow-webhook.ts');

// The platform applies its migrations when it starts, on either database.
const db: Db = url === 'pglite' ? pgliteDb(await PGlite.create()) : createPostgresDb(url);
// The plan's executions per hour are a product rule, not a speed: counted, never refused here.
const server = await startTestServer(db, { rateLimiter: countingButUnlimited() });
process.send({ url: server.url });
process.on('message', async (message: { ask: string; workflowId?: string }) => {
  if (message.ask === 'cpu') {
    const used = process.cpuUsage();
    process.send?.({ cpuMs: (used.user + used.system) / 1000 });
  }
  if (message.ask === 'runs') {
    await server.workflows.runner.drain();
    const [row] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ runs: number; succeeded: number; steps: number }>(
        `select count(*)::int as runs, count(*) filter (where status = 'succeeded')::int as succeeded,
                coalesce(sum(jsonb_array_length(steps)), 0)::int as steps
         from workflow_runs where workflow_id = $1`,
        [message.workflowId ?? null],
      ),
    );
    // What went wrong, if anything did (the platform's error lines carry no secrets).
    for (const line of server.logLines
      .filter((l) => l.includes('failed') || l.includes('crashed'))
      .slice(0, 3))
      console.error(`server: ${line}`);
    process.send?.(row);
  }
});
process.on('disconnect', () => {
  void server.stop().finally(() => db.close().finally(() => process.exit(0)));
});
