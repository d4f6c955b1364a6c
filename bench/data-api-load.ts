import { Agent, request } from 'node:http';

// Load generation and statistics for the data-API benchmark: a fixed number of operations with a
// bounded number in flight, after a warm-up, with latency percentiles.

export interface Stats {
  label: string;
  ops: number;
  concurrency: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** CPU time of this Node process (client, server and, for PGlite, the database) per operation. */
  cpuMs: number;
  /** True when the time cap stopped the run before `total`. */
  capped: boolean;
}

export interface LoadOptions {
  total: number;
  concurrency: number;
  warmup: number;
  /** Stop early (and say so) after this long. */
  maxMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `op(worker)` `total` times with `concurrency` workers; worker i always gets index i. */
export async function runLoad(
  label: string,
  op: (worker: number) => Promise<void>,
  options: LoadOptions,
): Promise<Stats> {
  const { concurrency } = options;
  const drive = async (count: number, record: number[] | null, deadline: number) => {
    let next = 0;
    const worker = async (w: number) => {
      while (next < count && performance.now() < deadline) {
        next++;
        const started = performance.now();
        await op(w);
        record?.push(performance.now() - started);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  };
  await drive(options.warmup, null, performance.now() + options.maxMs / 4);
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  await drive(options.total, latencies, started + options.maxMs);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    label,
    ops: latencies.length,
    concurrency,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpuMs: (used.user + used.system) / 1000 / Math.max(1, latencies.length),
    capped: latencies.length < options.total,
  };
}

/** A keep-alive HTTP GET client for one origin on 127.0.0.1 (node:http, lighter than fetch). */
export function httpClient(origin: string, sockets: number) {
  const url = new URL(origin);
  if (url.hostname !== '127.0.0.1')
    throw new Error(`the benchmark only talks to 127.0.0.1, not ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    get(path: string): Promise<{ status: number; body: Buffer }> {
      return new Promise((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path, method: 'GET', agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** One line of the results table. */
export function statsRow(db: string, variant: string, s: Stats, ratios: string[]): string {
  return [
    db.padEnd(8),
    variant.padEnd(12),
    s.label.padEnd(30),
    String(s.concurrency).padStart(3),
    `${s.ops}${s.capped ? '*' : ''}`.padStart(6),
    fmt(s.rps, 0).padStart(8),
    fmt(s.p50, 2).padStart(8),
    fmt(s.p95, 2).padStart(8),
    fmt(s.p99, 2).padStart(8),
    fmt(s.cpuMs, 2).padStart(7),
    ...ratios.map((r) => r.padStart(8)),
  ].join(' ');
}

export const STATS_HEADER = [
  'db'.padEnd(8),
  'indexes'.padEnd(12),
  'what'.padEnd(30),
  'inf'.padStart(3),
  'reqs'.padStart(6),
  'req/s'.padStart(8),
  'p50 ms'.padStart(8),
  'p95 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'cpu ms'.padStart(7),
  '/owner'.padStart(8),
  '/visitor'.padStart(8),
].join(' ');

/** One pair of back-to-back measurements of a baseline and a candidate, in req/s. */
export interface Pair {
  baseline: number;
  candidate: number;
  /** candidate / baseline. */
  ratio: number;
}

/**
 * Measures `baseline` and `candidate` back to back `count` times, the candidate first in every
 * other pair (ABBA), and keeps each pair's ratio. This machine's speed drifts within seconds; two
 * measurements a second apart see nearly the same machine, so a pair's ratio cancels the drift
 * that medians of separate rounds (seconds to minutes apart) keep.
 */
export async function runPairs(
  baseline: () => Promise<number>,
  candidate: () => Promise<number>,
  count: number,
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    let base: number;
    let cand: number;
    if (i % 2 === 0) {
      base = await baseline();
      cand = await candidate();
    } else {
      cand = await candidate();
      base = await baseline();
    }
    pairs.push({ baseline: base, candidate: cand, ratio: cand / base });
  }
  return pairs;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of the pairs' ratios and how many reached `goal`. */
export function summarizePairs(pairs: readonly Pair[], goal: number) {
  const ratios = pairs.map((p) => p.ratio).sort((a, b) => a - b);
  return {
    median: median(ratios),
    min: ratios[0] ?? Number.NaN,
    max: ratios[ratios.length - 1] ?? Number.NaN,
    reached: ratios.filter((r) => r >= goal).length,
    line: pairs.map((p) => p.ratio.toFixed(2)).join(' '),
  };
}
