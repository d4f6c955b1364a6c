import { createPostgresDb } from '../api/store/postgres-db.ts';
import { startTestServer } from '../api/testing/test-server.ts';
import { countingButUnlimited } from './data-api-limits.ts';

// The platform in a process of its own, as `npm start` runs it, for the data-API benchmark: the
// load generator then has its own process, as a real client has. Started by bench/data-api.ts
// over IPC: it answers with its URL, and with its CPU time whenever asked.

const url = process.env.BENCH_DATABASE_URL;
if (!url || !process.send) throw new Error('bench/data-api-server.ts is started by bench/data-api.ts');
const db = createPostgresDb(url);
const server = await startTestServer(db, { rateLimiter: countingButUnlimited() });
process.send({ url: server.url });
process.on('message', (message) => {
  if (message !== 'cpu') return;
  const used = process.cpuUsage();
  process.send?.({ cpuMs: (used.user + used.system) / 1000 });
});
process.on('disconnect', () => {
  void server.stop().finally(() => db.close().finally(() => process.exit(0)));
});
