import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CrashableServer {
  url: string;
  port: number;
  output: () => string;
  /** `kill -9`: no shutdown hook runs, nothing is flushed or settled, as in a power cut. */
  crash(): Promise<void>;
  /** SIGTERM, the way an operator stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The platform as `npm start` runs it (tsx, api/platform/node/main.ts), in a process this test can
 * kill outright. Started as `node --import tsx` rather than through `npx tsx`, so the pid killed is
 * the server itself and not a launcher that would leave the server running as an orphan.
 */
export async function startCrashableServer(
  env: Record<string, string>,
  port: number,
): Promise<CrashableServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'api/platform/node/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready after 60 s:\n${output}`));
    }, 60_000);
    child.stdout!.on('data', () => {
      if (output.includes('is ready on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    async crash() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      return exited;
    },
  };
}
