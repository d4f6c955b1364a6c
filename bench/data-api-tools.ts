import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The data-API benchmark's cross-check with the standard tools, both written in C so neither side
// pays for a Node client: `pgbench -M prepared` runs the API's own statement as the visitor, `wrk`
// loads the API over HTTP. pgbench comes with the Postgres client; wrk is `apt-get install wrk`.

const run = promisify(execFile);

async function installed(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

export async function findTools() {
  const [pgbench, psql, wrk] = await Promise.all([installed('pgbench'), installed('psql'), installed('wrk')]);
  const missing = [!pgbench && 'pgbench', !psql && 'psql', !wrk && 'wrk'].filter(Boolean);
  return { ready: missing.length === 0, missing };
}

/** libpq's PGOPTIONS: a space or backslash inside a value is escaped with a backslash. */
function pgOptions(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value.replace(/[\\ ]/g, (c) => `\\${c}`)}`)
    .join(' ');
}

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

export interface VisitorStatement {
  /** The database, on 127.0.0.1. */
  url: string;
  /** The statement with $1..$n parameters and its parameters' text. */
  text: string;
  params: readonly string[];
  /** The Postgres role and the JWT claims the API's reads run under. */
  role: string;
  claims: string;
}

/**
 * A pgbench run of the statement as the visitor, on connections that start under the visitor's
 * role and claims (set as connection options, so each transaction is the statement alone).
 */
export async function pgbenchRunner(statement: VisitorStatement) {
  const dir = await mkdtemp(join(tmpdir(), 'bp-pgbench-'));
  // pgbench's own variables (:p1 ...) become the prepared statement's parameters.
  let script = statement.text;
  for (let i = statement.params.length; i >= 1; i--) script = script.replaceAll(`$${i}`, `:p${i}`);
  const file = join(dir, 'read.sql');
  await writeFile(file, `${script};\n`);
  const env = {
    ...process.env,
    PGOPTIONS: pgOptions({ role: statement.role, 'request.jwt.claims': statement.claims }),
  };
  const variables = statement.params.flatMap((value, i) => ['-D', `p${i + 1}=${value}`]);
  let inlined = statement.text;
  for (let i = statement.params.length; i >= 1; i--)
    inlined = inlined.replaceAll(`$${i}`, literal(statement.params[i - 1]!));
  return {
    /** One row through psql on a connection set up as pgbench's are (default: the statement, values inlined). */
    async answer(sql = inlined): Promise<string> {
      const { stdout } = await run('psql', [statement.url, '-X', '-A', '-t', '-F', '\t', '-c', sql], { env });
      return stdout.trimEnd();
    },
    /** Transactions per second over `seconds`, with `clients` connections on one thread. */
    async tps(clients: number, seconds: number): Promise<number> {
      const { stdout } = await run(
        'pgbench',
        [
          '-n',
          '-M',
          'prepared',
          '-c',
          String(clients),
          '-j',
          '1',
          '-T',
          String(seconds),
          ...variables,
          '-f',
          file,
          statement.url,
        ],
        { env },
      );
      const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
      const failed = /number of failed transactions: (\d+)/.exec(stdout)?.[1];
      if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
      if (failed && failed !== '0') throw new Error(`pgbench: ${failed} transactions failed`);
      return Number(tps);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Requests per second of `wrk` on one GET over `connections` keep-alive connections, one thread. */
export async function wrkRps(url: string, connections: number, seconds: number): Promise<number> {
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  if (!rps) throw new Error(`wrk printed no Requests/sec:\n${stdout}`);
  // Every answer must be the page: an error answered fast is no throughput.
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
  if (bad) throw new Error(`wrk: ${bad} answers were not 2xx`);
  if (/Socket errors/.test(stdout)) throw new Error(`wrk: socket errors\n${stdout}`);
  return Number(rps);
}
