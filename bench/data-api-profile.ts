import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

// A rough CPU profile of the benchmark process (client and server share it) while a load runs:
// self time grouped by where the code lives, and the hottest functions.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle (waiting on the database / sockets)';
  if (name === '(program)') return 'V8/native (program)';
  if (url.startsWith('wasm://')) return 'PGlite (WASM Postgres + JS glue)';
  if (!url) return `native: ${name || '(anonymous)'}`.slice(0, 60);
  if (url.includes('/bench/')) return 'bench client (load generator)';
  if (url.includes('/node_modules/postgres/')) return 'postgres.js driver';
  if (url.includes('/node_modules/@electric-sql/pglite')) return 'PGlite (WASM Postgres + JS glue)';
  if (url.includes('/node_modules/@hono/node-server')) return '@hono/node-server (Request/Response adapter)';
  if (url.includes('/node_modules/hono/')) return 'hono (router, middleware, c.json)';
  if (url.includes('/node_modules/zod/')) return 'zod';
  if (url.includes('/node_modules/')) return `node_modules: ${url.split('/node_modules/')[1]?.split('/')[0]}`;
  if (url.includes('/runtime/components/query/')) return 'runtime/components/query (parse, compile, project)';
  if (url.includes('/runtime/')) return 'runtime (access, other)';
  if (url.includes('/api/routes/data-api/')) return 'api/routes/data-api';
  if (url.includes('/api/store/') || url.includes('/api/platform/')) return 'api/store + db adapters';
  if (url.includes('/api/')) return 'api (kernel, other)';
  if (url.startsWith('node:')) {
    if (/http|_http|net|stream|undici|fetch|web\/|buffer/.test(url)) return 'node: http/net/streams/web';
    return 'node: other internals';
  }
  return url.replace(/^file:\/\/\/work\/main\//, '');
}

/** Runs `load` under the V8 CPU profiler and returns printable lines. */
export async function profileCpu(load: () => Promise<void>, top = 12, saveTo?: string): Promise<string[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  let profile: Profile | undefined;
  try {
    await load();
  } finally {
    profile = ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile;
    session.disconnect();
  }
  if (saveTo) await writeFile(saveTo, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  let total = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    if (!['(idle)', '(program)', '(garbage collector)'].includes(functionName)) {
      const short = url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, '');
      const key = `${functionName || '(anonymous)'}  ${short}:${lineNumber + 1}`;
      fns.set(key, (fns.get(key) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const lines = [`self time by area (${(total / 1e6).toFixed(1)} s sampled):`];
  for (const [name, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 14))
    lines.push(`  ${pct(us)}  ${name}`);
  lines.push('hottest functions (self time):');
  for (const [name, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${name}`);
  return lines;
}
