import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../api/testing/test-server.ts';

// The Node target for bench/worker.ts as `npm start` runs it: api/platform/node/main.ts in a
// process of its own (API, embedded auth and the workflow scheduler), over a Postgres database
// it migrates itself when it starts.

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface NodeServer {
  url: string;
  readyMs: number;
  /** The last few kilobytes the server printed (for a failure's message). */
  output: () => string;
  stop(): Promise<void>;
}

export async function startNodeServer(options: {
  databaseUrl: string;
  dataDir: string;
}): Promise<NodeServer> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/platform/node/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      MASTER_KEY: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Only the tail is kept: the server logs a line per request.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Node server exited with ${child.exitCode}:\n${output}`);
    const health = await fetch(`${url}/health`).catch(() => null);
    if (health?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Node server did not answer /health within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, readyMs: performance.now() - started, output: () => output, stop };
}
