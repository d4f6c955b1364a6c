import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { freePort } from '../../api/testing/test-server.ts';

/**
 * scripts/worker-dev.ts as a child process, the way a person runs it: the embedded auth server in
 * that process, `wrangler dev --local` (npx → wrangler → workerd) in a process group of its own.
 * Stopping it must leave nothing behind, so the whole tree is remembered and checked.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Why a Worker suite cannot run here (null when it can): the Worker needs a reachable Postgres
 * (the Postgres half of .ci/run) and the built studio it serves.
 */
export async function workerSkipReason(): Promise<string | null> {
  if (!process.env.DATABASE_URL)
    return 'the Worker needs Postgres: set DATABASE_URL (the Postgres half of .ci/run)';
  if (!existsSync(`${ROOT}editor/dist/index.html`)) return 'editor/dist is missing: npm run build';
  const probe = postgres(process.env.DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return null;
  } catch {
    return 'Postgres at DATABASE_URL is not reachable';
  } finally {
    await probe.end({ timeout: 1 });
  }
}

export interface WorkerDev {
  /** The Worker under workerd. */
  url: string;
  /** The embedded auth server (sign-up, JWKS). */
  authUrl: string;
  readyMs: number;
  output: () => string;
  /** Stops everything; `lingering` lists the processes still alive after a graceful stop (then killed). */
  stop(): Promise<{ lingering: string[] }>;
}

interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  command: string;
}

function processTable(): ProcessRow[] {
  const text = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((match) => match !== null)
    .map(([, pid, ppid, pgid, command]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      command: command!,
    }));
}

/** The root and every process below it, with their groups (wrangler's group is not the root's). */
function treeOf(rootPid: number): ProcessRow[] {
  const rows = processTable();
  const found = new Map<number, ProcessRow>();
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const row of rows) {
      if ((row.pid === pid || row.ppid === pid) && !found.has(row.pid)) {
        found.set(row.pid, row);
        if (row.pid !== pid) queue.push(row.pid);
      }
    }
  }
  return [...found.values()];
}

/** Those of `known` still alive: same pid, or anything left in one of their process groups. */
function stillAlive(known: Map<number, ProcessRow>): ProcessRow[] {
  const groups = new Set([...known.values()].map((row) => row.pgid));
  return processTable().filter((row) => known.has(row.pid) || groups.has(row.pgid));
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null> | T | null): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface WorkerDevOptions {
  databaseUrl: string;
  stateDir: string;
  /** More settings for scripts/worker-dev.ts (those its Env schema names, e.g. ANTHROPIC_BASE_URL). */
  env?: Record<string, string>;
}

export async function startWorkerDev(options: WorkerDevOptions): Promise<WorkerDev> {
  // The inspector too: the Worker suites run side by side, and wrangler's default (9229) is one port.
  const [workerPort, authPort, inspectorPort] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker-dev.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      WORKER_PORT: String(workerPort),
      AUTH_PORT: String(authPort),
      INSPECTOR_PORT: String(inspectorPort),
      STATE_DIR: options.stateDir,
      WRANGLER_SEND_METRICS: 'false',
    },
    // Its own group, so a test runner killed mid-run does not take the terminal's group with it,
    // and so one signal reaches worker-dev (which then stops wrangler's own group).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const known = new Map<number, ProcessRow>();
  const remember = () => {
    if (child.pid) for (const row of treeOf(child.pid)) known.set(row.pid, row);
  };

  const url = `http://127.0.0.1:${workerPort}`;
  const stop = async () => {
    remember();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    // wrangler gives workerd a moment to shut down after its parent's signal.
    const lingering = await until('processes gone', 10_000, () =>
      stillAlive(known).length === 0 ? [] : null,
    ).catch(() => stillAlive(known).map((row) => `${row.pid} ${row.command.slice(0, 120)}`));
    for (const row of stillAlive(known)) {
      try {
        process.kill(row.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    return { lingering };
  };

  try {
    await until('the Worker answering /health', 90_000, async () => {
      if (child.exitCode !== null) throw new Error(`worker-dev exited with ${child.exitCode}`);
      remember();
      const health = await fetch(`${url}/health`).catch(() => null);
      return health?.status === 200 ? true : null;
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-4000)}`);
  }
  remember();
  return {
    url,
    authUrl: `http://127.0.0.1:${authPort}`,
    readyMs: performance.now() - started,
    output: () => output,
    stop,
  };
}
