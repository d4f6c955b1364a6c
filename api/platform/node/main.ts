import { serve } from '@hono/node-server';
import { readConfig } from './config.ts';
import { createNodePlatform, jsonLogger } from './platform.ts';

/** `npm start`: one process serving the API, the auth server and the studio. */
async function main() {
  const started = performance.now();
  const config = readConfig();
  const node = await createNodePlatform(config);
  // Runs a stopped process left are settled, then the scheduler fires due workflows.
  await node.workflows.start();
  const server = serve({ fetch: node.app.fetch, port: config.port, hostname: config.host }, (info) => {
    const ms = Math.round(performance.now() - started);
    const db =
      node.platform.db.kind === 'pglite' ? `PGlite in ${config.dataDir}/pgdata` : 'Postgres (DATABASE_URL)';
    console.log(
      `Build Practical is ready on http://${config.host}:${info.port} (${db}, started in ${ms} ms)`,
    );
    if (node.migrationsApplied.length > 0)
      console.log(`applied migrations: ${node.migrationsApplied.join(', ')}`);
  });
  // Longer than the idle timeouts of clients and proxies in front (60 s is common), so they close
  // idle sockets first and never send a request on one the server is closing.
  (server as import('node:http').Server).keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLogger.info('stopping', { signal });
    server.close();
    // PGlite flushes its files on close; a kill without it could lose the last writes.
    node.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(`Build Practical could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
