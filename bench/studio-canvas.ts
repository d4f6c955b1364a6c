import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { api, signUpBuilder } from '../api/testing/builders.ts';
import { CHROMIUM, launchChromium } from '../e2e/support/browser.ts';
import { serverDatabase } from '../e2e/support/database.ts';
import { type ServerProcess, startServerProcess } from '../e2e/support/server-process.ts';
import { validateApp } from '../runtime/definitions/index.ts';
import { bigApp, TABLES, VIEWS } from './studio-canvas-app.ts';

// The studio canvas with a big app (150 tables, 1,500 fields, 50 views) in headless Chromium:
// time to the first visible node on a cold open (ELK lays it out) and a warm one (positions
// remembered), frame times while a node is dragged, and the studio's JS sizes gzipped.
// Goals from issue #5: first frame within 1.5 s, drag p95 under 16 ms.

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

/** Installed before any page script: samples each frame until every node is on screen. */
function recordFirstFrame(expected: number) {
  const marks: Record<string, number> = {};
  (window as unknown as { __canvasMarks: typeof marks }).__canvasMarks = marks;
  const tick = () => {
    const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node');
    if (nodes.length > 0) {
      marks.firstInDom ??= performance.now();
      if (getComputedStyle(nodes[0]!).visibility !== 'hidden' && nodes[0]!.offsetWidth > 0)
        marks.firstVisible ??= performance.now();
    }
    if (nodes.length >= expected) marks.allInDom ??= performance.now();
    marks.count = nodes.length;
    const done = marks.firstVisible !== undefined && marks.allInDom !== undefined;
    if (!done && performance.now() < 60_000) requestAnimationFrame(tick);
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
        return marks?.firstVisible !== undefined && marks.allInDom !== undefined;
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
      throw new Error(`canvas did not show ${NODES} nodes: ${JSON.stringify(state)}`, { cause: error });
    });
  const wall = performance.now() - started;
  const marks = await page.evaluate(
    () => (window as unknown as { __canvasMarks: Record<string, number> }).__canvasMarks,
  );
  return { ...marks, wall };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

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
  await cdp.send('Performance.enable');
  const metric = async () =>
    Object.fromEntries(
      (
        (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      ).metrics.map((m) => [m.name, m.value]),
    );
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
  const before = await metric();
  const started = performance.now();
  await page.mouse.move(box.x, box.y);
  await page.mouse.down();
  for (let step = 1; step <= 60; step++) {
    await page.mouse.move(box.x + step * 4, box.y + step * 2);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const wall = performance.now() - started;
  const after = await metric();
  await cdp.detach();
  const deltas = await page.evaluate(() => {
    const state = (window as unknown as { __drag: { deltas: number[]; running: boolean } }).__drag;
    state.running = false;
    return state.deltas;
  });
  const sorted = [...deltas].sort((a, b) => a - b);
  const busy = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    node: box.id,
    wall,
    frames: deltas.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? Number.NaN,
    script: busy('ScriptDuration'),
    layout: busy('LayoutDuration'),
    style: busy('RecalcStyleDuration'),
    task: busy('TaskDuration'),
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

  // The e2e flags, plus an uncapped frame rate for the drag: at 60 Hz vsync every rAF delta is
  // at least 16.7 ms, so "p95 under 16 ms" could never be met; uncapped, a delta is the frame's cost.
  const browsers: Browser[] = [];
  cleanups.push(() => Promise.all(browsers.map((b) => b.close())));
  browsers.push(await launchChromium());
  browsers.push(
    await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-frame-rate-limit',
        '--disable-gpu-vsync',
      ],
    }),
  );

  const results: {
    label: string;
    cold: Awaited<ReturnType<typeof openCanvas>>;
    warm: Awaited<ReturnType<typeof openCanvas>>;
    drags: Awaited<ReturnType<typeof dragOnce>>[];
    scripts: string[];
  }[] = [];
  for (const [index, browser] of browsers.entries()) {
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
    await page.addInitScript(recordFirstFrame, NODES);
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
      label: index === 0 ? 'vsync 60 Hz (e2e flags)' : 'uncapped frame rate',
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
        `${name.padEnd(34)} first node in DOM ${ms(open.firstInDom)}, first visible ${ms(open.firstVisible)}, all ${open.count} nodes ${ms(open.allInDom)} (from navigation start; goto→done ${ms(open.wall)})`,
      );
    for (const [i, d] of r.drags.entries())
      console.log(
        `drag ${i + 1} (${d.node}, ${ms(d.wall)}): ${d.frames} frames, p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms; main thread: script ${ms(d.script)}, style ${ms(d.style)}, layout ${ms(d.layout)}, all tasks ${ms(d.task)}`,
      );
    console.log(`JS fetched for the canvas: ${[...new Set(r.scripts)].join(', ')}`);
  }
  const capped = results[0]!;
  const uncapped = results[1]!;
  const dragP95 = median(uncapped.drags.map((d) => d.p95));
  console.log('\n── Goals (issue #5)');
  const rows: [string, number | undefined, number][] = [
    ['first frame, cold open', capped.cold.firstVisible, FIRST_FRAME_GOAL],
    ['first frame, warm open', capped.warm.firstVisible, FIRST_FRAME_GOAL],
    ['drag p95 (median of 3, uncapped)', dragP95, DRAG_P95_GOAL],
  ];
  for (const [name, value, goal] of rows)
    console.log(
      `${name.padEnd(34)} ${(value === undefined ? '—' : value.toFixed(1)).padStart(8)} ms   goal < ${goal} ms   ${verdict(value !== undefined && value < goal)}${value !== undefined && value >= goal ? ` by ${(value - goal).toFixed(1)} ms` : ''}`,
    );
  console.log(
    `drag p95 at 60 Hz vsync (median of 3): ${median(capped.drags.map((d) => d.p95)).toFixed(1)} ms (a frame interval, never below 16.7 ms)`,
  );
  console.log(`\n${bundles.join('\n')}`);
  console.log(
    `\nload average at start ${loadAtStart}, at end ${load()} (2-core box: other work skews these figures)`,
  );
} finally {
  await cleanUp();
}
