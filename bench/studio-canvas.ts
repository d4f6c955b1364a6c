import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { api, signUpBuilder } from '../api/testing/builders.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { serverDatabase } from '../e2e/support/database.ts';
import { type ServerProcess, startServerProcess } from '../e2e/support/server-process.ts';
import { validateApp } from '../runtime/definitions/index.ts';
import { bigApp, TABLES, VIEWS } from './studio-canvas-app.ts';

// The studio canvas with a big app (150 tables, 1,500 fields, 50 views) in headless Chromium:
// time to the first visible node on a cold open (ELK lays it out) and a warm one (positions
// remembered), the main thread's work per frame while a node is dragged (from a Chrome trace),
// and the studio's JS sizes gzipped. Goals from issue #5: first frame within 1.5 s, drag p95
// frame time under 16 ms.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NODES = TABLES + VIEWS;
const FIRST_FRAME_GOAL = 1500;
const DRAG_P95_GOAL = 16;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const loadAtStart = load();
const ms = (n: number | null | undefined) => (n == null ? '—' : `${Math.round(n)} ms`);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function buildStudio() {
  const built = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'editor/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`studio build failed:\n${built.stdout}${built.stderr}`);
}

function bundleSizes(): string[] {
  const dir = join(ROOT, 'editor/dist/assets');
  const chunks = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => {
      const raw = readFileSync(join(dir, name));
      return { name, base: name.replace(/-[\w-]{8}\.js$/, ''), raw: raw.length, gz: gzipSync(raw).length };
    })
    .sort((a, b) => b.gz - a.gz);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`.padStart(9);
  const sum = (bases: string[]) => {
    const picked = chunks.filter((c) => bases.includes(c.base));
    return `${kb(picked.reduce((s, c) => s + c.gz, 0))} gzip (${picked.length} chunks)`;
  };
  const firstLoad = ['index', 'react', 'supabase', 'zod', 'query', 'rolldown-runtime'];
  const canvas = [...firstLoad, 'DefinitionStudio', 'AppStudioPage'];
  return [
    'JS chunk                                  raw      gzip',
    ...chunks.map((c) => `  ${c.name.padEnd(38)}${kb(c.raw)}${kb(c.gz)}`),
    `first load of /app (${firstLoad.join(' + ')}): ${sum(firstLoad)}`,
    `canvas page /app/apps/:id (+ DefinitionStudio + AppStudioPage): ${sum(canvas)}`,
    `  + ELK on the first layout (elk.bundled): ${sum(['elk.bundled'])}`,
  ];
}

/**
 * Installed before any page script: samples each frame until the nodes in view are on screen.
 * A big app renders only the nodes in view (React Flow's onlyRenderVisibleElements), so "all
 * drawn" is the first frame in which every node in the page is visible; sampling goes on for ten
 * more frames to count them once the view has settled.
 */
function recordFirstFrame() {
  const marks: Record<string, number> = {};
  (window as unknown as { __canvasMarks: typeof marks }).__canvasMarks = marks;
  let settling = 10;
  const tick = () => {
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
    const shown = (node: HTMLElement) =>
      getComputedStyle(node).visibility !== 'hidden' && node.offsetWidth > 0;
    if (nodes.length > 0) {
      marks.firstInDom ??= performance.now();
      if (nodes.some(shown)) marks.firstVisible ??= performance.now();
      if (nodes.every(shown)) marks.allInDom ??= performance.now();
    }
    marks.count = nodes.length;
    if (marks.allInDom !== undefined) settling--;
    if (settling > 0 && performance.now() < 60_000) requestAnimationFrame(tick);
    else marks.done = performance.now();
  };
  requestAnimationFrame(tick);
}

interface FirstFrame {
  firstInDom?: number;
  firstVisible?: number;
  allInDom?: number;
  count?: number;
  wall: number;
}

async function openCanvas(page: Page, url: string): Promise<FirstFrame> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page
    .waitForFunction(
      () => {
        const marks = (window as unknown as { __canvasMarks?: Record<string, number> }).__canvasMarks;
        return marks?.done !== undefined;
      },
      undefined,
      { timeout: 60_000 },
    )
    .catch(async (error) => {
      const state = await page.evaluate(() => ({
        marks: (window as unknown as { __canvasMarks?: Record<string, number> }).__canvasMarks,
        nodes: document.querySelectorAll('.react-flow__node').length,
        text: (document.body.textContent ?? '').slice(0, 300),
      }));
      await page.screenshot({ path: join(tmpdir(), 'bench-canvas-timeout.png') });
      throw new Error(`the canvas did not settle: ${JSON.stringify(state)}`, { cause: error });
    });
  const wall = performance.now() - started;
  const marks = await page.evaluate(
    () => (window as unknown as { __canvasMarks: Record<string, number> }).__canvasMarks,
  );
  return { ...marks, wall };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * The renderer main thread's work per frame, from a Chrome trace: frames are the intervals
 * between the compositor's BeginFrame events, and a frame's cost is the main-thread task time
 * inside it (input, React, rAF, style, layout, paint). A frame rate capped at 60 Hz makes every
 * requestAnimationFrame interval at least 16.7 ms whatever a frame costs, so the interval cannot
 * show whether the work fits 16 ms; the cost can.
 */
function frameCosts(events: TraceEvent[]): number[] {
  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!main) throw new Error('the trace has no renderer main thread');
  const beginFrames = events
    .filter((e) => e.name === 'BeginFrame' && e.pid === main.pid)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const tasks = events.filter(
    (e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === main.pid && e.tid === main.tid && e.dur,
  );
  const costs: number[] = [];
  for (let i = 0; i + 1 < beginFrames.length; i++) {
    const from = beginFrames[i]!;
    const to = beginFrames[i + 1]!;
    let busy = 0;
    for (const task of tasks) {
      const overlap = Math.min(to, task.ts + task.dur!) - Math.max(from, task.ts);
      if (overlap > 0) busy += overlap;
    }
    costs.push(busy / 1000);
  }
  return costs;
}

/** Drags a table node 240 px right and 120 px down in 60 steps over about a second. */
async function dragOnce(page: Page) {
  const box = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    for (const node of document.querySelectorAll('.react-flow__node-table')) {
      const r = node.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(12, r.height / 2);
      if (x > pane.left + 40 && x < pane.right - 300 && y > pane.top + 40 && y < pane.bottom - 160)
        return { x, y, id: node.getAttribute('data-id') };
    }
    return null;
  });
  if (!box) throw new Error('no table node fully inside the canvas to drag');
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    events.push(...(value as unknown as TraceEvent[]));
  });
  await cdp.send('Tracing.start', {
    categories:
      'devtools.timeline,disabled-by-default-devtools.timeline,disabled-by-default-devtools.timeline.frame',
    transferMode: 'ReportEvents',
  });
  await page.evaluate(() => {
    const deltas: number[] = [];
    const state = { deltas, running: true, last: performance.now() };
    (window as unknown as { __drag: typeof state }).__drag = state;
    const frame = (now: number) => {
      deltas.push(now - state.last);
      state.last = now;
      if (state.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame((now) => {
      state.last = now;
      requestAnimationFrame(frame);
    });
  });
  const started = performance.now();
  await page.mouse.move(box.x, box.y);
  await page.mouse.down();
  for (let step = 1; step <= 60; step++) {
    await page.mouse.move(box.x + step * 4, box.y + step * 2);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const wall = performance.now() - started;
  const intervals = await page.evaluate(() => {
    const state = (window as unknown as { __drag: { deltas: number[]; running: boolean } }).__drag;
    state.running = false;
    return state.deltas;
  });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const costs = frameCosts(events).sort((a, b) => a - b);
  // A frame at 60 Hz is late when its interval is at least one and a half frames.
  const late = intervals.filter((d) => d > 25).length;
  return {
    node: box.id,
    wall,
    frames: costs.length,
    p50: percentile(costs, 50),
    p95: percentile(costs, 95),
    max: costs.at(-1) ?? Number.NaN,
    intervals: intervals.length,
    late,
  };
}

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
  cleanups.length = 0;
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

try {
  const buildStarted = performance.now();
  buildStudio();
  console.log(
    `studio built in ${ms(performance.now() - buildStarted)}; load average at start ${loadAtStart}`,
  );
  const bundles = bundleSizes();

  const dataDir = await mkdtemp(join(tmpdir(), 'bp-bench-canvas-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await serverDatabase(dataDir);
  cleanups.push(database.drop);
  const server: ServerProcess = await startServerProcess(database.env);
  cleanups.push(() => server.stop());

  const builder = await signUpBuilder(server.url, 'canvasbench', 'a long password');
  const definition = bigApp(`canvas-bench-${Date.now().toString(36)}`);
  const checked = validateApp(definition);
  if (!checked.ok) throw new Error(`generated app is invalid: ${JSON.stringify(checked.errors.slice(0, 3))}`);
  const created = await api(server.url, builder, 'POST', '/api/apps', { definition });
  if (created.status !== 201) throw new Error(`creating the app: ${created.status} ${await created.text()}`);
  const appId = ((await created.json()) as { id: string }).id;
  const fields = definition.tables.reduce((n, t) => n + t.fields.length, 0);

  // The e2e flags (60 Hz frames, software raster): what the end-to-end suites see.
  const browser: Browser = await launchChromium();
  cleanups.push(() => browser.close());

  const results: {
    label: string;
    cold: Awaited<ReturnType<typeof openCanvas>>;
    warm: Awaited<ReturnType<typeof openCanvas>>;
    drags: Awaited<ReturnType<typeof dragOnce>>[];
    scripts: string[];
  }[] = [];
  {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill('canvasbench@example.test');
    await page.getByLabel('Password').fill('a long password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/app');
    // tsx (esbuild keepNames) wraps named inner functions in `__name(...)`, which pages lack.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(recordFirstFrame);
    const scripts: string[] = [];
    page.on('request', (request) => {
      const name = request.url().match(/\/assets\/([^/]+\.js)$/)?.[1];
      if (name) scripts.push(name);
    });
    const cold = await openCanvas(page, `${server.url}/app/apps/${appId}`);
    const remembered = await page.evaluate(
      (id) => localStorage.getItem(`build-practical.canvas-positions.${id}`) !== null,
      appId,
    );
    if (!remembered)
      console.warn('positions were not remembered after the first open: the warm open is cold too');
    const warm = await openCanvas(page, `${server.url}/app/apps/${appId}`);
    await page.waitForTimeout(500);
    const drags = [];
    for (let run = 0; run < 3; run++) {
      drags.push(await dragOnce(page));
      await page.waitForTimeout(300);
    }
    results.push({
      label: 'headless, 60 Hz (the e2e flags)',
      cold,
      warm,
      drags,
      scripts,
    });
    await context.close();
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `\nApp: ${definition.tables.length} tables, ${fields} fields, ${definition.views.length} views → ${NODES} canvas nodes; viewport 1440×900`,
  );
  for (const r of results) {
    console.log(`\n── Chromium, ${r.label}`);
    for (const [name, open] of [
      ['cold open (ELK layout)', r.cold],
      ['warm open (positions remembered)', r.warm],
    ] as const)
      console.log(
        `${name.padEnd(34)} first node in DOM ${ms(open.firstInDom)}, first visible ${ms(open.firstVisible)}, all ${open.count} nodes in view drawn ${ms(open.allInDom)} (from navigation start; goto→done ${ms(open.wall)})`,
      );
    for (const [i, d] of r.drags.entries())
      console.log(
        `drag ${i + 1} (${d.node}, ${ms(d.wall)}): ${d.frames} frames; main-thread work per frame p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms; late frames (rAF interval > 25 ms) ${d.late} of ${d.intervals}`,
      );
    console.log(`JS fetched for the canvas: ${[...new Set(r.scripts)].join(', ')}`);
  }
  const run = results[0]!;
  const dragP95 = median(run.drags.map((d) => d.p95));
  console.log('\n── Goals (issue #5)');
  const rows: [string, number | undefined, number][] = [
    ['first frame, cold open', run.cold.firstVisible, FIRST_FRAME_GOAL],
    ['first frame, warm open', run.warm.firstVisible, FIRST_FRAME_GOAL],
    ['drag: frame cost p95 (median of 3)', dragP95, DRAG_P95_GOAL],
  ];
  for (const [name, value, goal] of rows)
    console.log(
      `${name.padEnd(36)} ${(value === undefined ? '—' : value.toFixed(1)).padStart(8)} ms   goal < ${goal} ms   ${verdict(value !== undefined && value < goal)}${value !== undefined && value >= goal ? ` by ${(value - goal).toFixed(1)} ms` : ''}`,
    );
  const late = run.drags.reduce((n, d) => n + d.late, 0);
  const intervals = run.drags.reduce((n, d) => n + d.intervals, 0);
  console.log(`drag: late frames at 60 Hz over the three drags: ${late} of ${intervals}`);
  console.log(`\n${bundles.join('\n')}`);
  console.log(
    `\nload average at start ${loadAtStart}, at end ${load()} (2-core box: other work skews these figures)`,
  );
} finally {
  await cleanUp();
}
