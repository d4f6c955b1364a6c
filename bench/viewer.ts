import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { api, signUpBuilder } from '../api/testing/builders.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { serverDatabase } from '../e2e/support/database.ts';
import { type ServerProcess, startServerProcess } from '../e2e/support/server-process.ts';
import { validateApp } from '../runtime/definitions/index.ts';
import type { AppDefinition } from '../schemas/definitions.ts';

// The viewer end users get at /u/{username}/{slug}, in headless Chromium against the platform
// on the embedded default (PGlite; BENCH_DB=postgres uses DATABASE_URL): how long until a list
// view of 50 rows is on screen and ready for input, cold (empty cache) and warm, and how much
// JavaScript the viewer's first load fetches (gzip). Goals from issue #6: under 250 KB gzip, and
// the list interactive within 1 s.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const JS_GOAL_KB = 250;
const INTERACTIVE_GOAL_MS = 1000;
const ROWS = 120;
const RUNS = 3;
if (process.env.BENCH_DB !== 'postgres') delete process.env.DATABASE_URL;

const title = (i: number) => `Row ${String(i).padStart(3, '0')}`;

function benchApp(slug: string): AppDefinition {
  return {
    schemaVersion: 1,
    kind: 'app',
    name: 'Viewer bench',
    slug,
    themeColor: '#0f766e',
    tables: [
      {
        id: 'tasks',
        label: 'Tasks',
        primaryFieldId: 'title',
        fields: [
          { id: 'title', label: 'Title', type: 'text', required: true, maxLength: 200 },
          {
            id: 'stage',
            label: 'Stage',
            type: 'single_select',
            options: [
              { id: 'open', label: 'Open', color: 'blue' },
              { id: 'done', label: 'Done', color: 'green' },
            ],
          },
          { id: 'due', label: 'Due', type: 'date' },
          { id: 'priority', label: 'Priority', type: 'number', min: 1, max: 5 },
          { id: 'urgent', label: 'Urgent', type: 'boolean' },
          { id: 'budget', label: 'Budget', type: 'currency', currency: 'EUR', min: 0 },
          { id: 'notes', label: 'Notes', type: 'long_text', maxLength: 5000 },
        ],
      },
    ],
    views: [
      {
        id: 'all_tasks',
        label: 'All tasks',
        kind: 'list',
        tableId: 'tasks',
        columns: ['title', 'stage', 'due', 'priority', 'urgent', 'budget'],
        sort: [{ fieldId: 'title', direction: 'asc' }],
        pageSize: 50,
      },
    ],
    navigation: [{ viewId: 'all_tasks' }],
    access: {
      level: 'public',
      defaultRoleId: 'visitor',
      roles: [
        {
          id: 'visitor',
          label: 'Visitor',
          tables: [
            { tableId: 'tasks', create: false, read: true, update: false, delete: false, rowScope: 'all' },
          ],
        },
      ],
    },
    automations: [],
  };
}

/** Installed before the page's scripts: when the 50th row shows, and the last long task's end. */
function watchList(lastTitle: string) {
  const marks: Record<string, number> = {};
  (window as unknown as { __viewerMarks: typeof marks }).__viewerMarks = marks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      marks.lastLongTaskEnd = Math.max(marks.lastLongTaskEnd ?? 0, entry.startTime + entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const tick = () => {
    // innerText, not textContent: only text that is rendered counts as on screen.
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point
    if (marks.rowsVisible === undefined && document.body?.innerText.includes(lastTitle))
      marks.rowsVisible = performance.now();
    if (marks.rowsVisible !== undefined && performance.now() - marks.rowsVisible > 300) {
      marks.done = performance.now();
      return;
    }
    if (performance.now() < 30_000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

interface Open {
  rowsVisible: number;
  /** When the rows are on screen and no long task has run since: ready for input. */
  interactive: number;
  scripts: string[];
}

async function openList(page: Page, url: string): Promise<Open> {
  const scripts: string[] = [];
  const onRequest = (request: { url(): string }) => {
    const name = request.url().match(/\/assets\/([^/?]+\.(?:js|css))$/)?.[1];
    if (name) scripts.push(name);
  };
  page.on('request', onRequest);
  await page.goto(url, { waitUntil: 'commit' });
  await page
    .waitForFunction(
      () => (window as unknown as { __viewerMarks?: { done?: number } }).__viewerMarks?.done !== undefined,
      undefined,
      { timeout: 30_000 },
    )
    .catch(async (error) => {
      await page.screenshot({ path: join(tmpdir(), 'bench-viewer-timeout.png') });
      throw new Error(
        `the list did not show within 30 s (screenshot ${join(tmpdir(), 'bench-viewer-timeout.png')})`,
        {
          cause: error,
        },
      );
    });
  page.off('request', onRequest);
  const marks = await page.evaluate(
    () => (window as unknown as { __viewerMarks: Record<string, number> }).__viewerMarks,
  );
  const rowsVisible = marks.rowsVisible!;
  return { rowsVisible, interactive: Math.max(rowsVisible, marks.lastLongTaskEnd ?? 0), scripts };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const cleanups: (() => Promise<unknown>)[] = [];
try {
  const loadAtStart = loadavg().map((n) => n.toFixed(2));
  // BENCH_SKIP_BUILD=1 measures editor/dist as it is (when another process is using it).
  if (!process.env.BENCH_SKIP_BUILD) {
    const built = spawnSync(
      'npx',
      ['vite', 'build', '--config', 'editor/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}${built.stderr}`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'bp-bench-viewer-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await serverDatabase(dataDir);
  cleanups.push(database.drop);
  const server: ServerProcess = await startServerProcess(database.env);
  cleanups.push(() => server.stop());

  const definition = benchApp(`viewer-bench-${Date.now().toString(36)}`);
  const checked = validateApp(definition);
  if (!checked.ok) throw new Error(`bench app is invalid: ${JSON.stringify(checked.errors.slice(0, 3))}`);
  const builder = await signUpBuilder(server.url, 'viewerbench', 'a long password');
  const { slug } = definition;
  const created = await api(server.url, builder, 'POST', '/api/apps', { definition });
  if (created.status !== 201) throw new Error(`creating the app: ${created.status} ${await created.text()}`);
  const appId = ((await created.json()) as { id: string }).id;
  const published = await api(server.url, builder, 'POST', `/api/apps/${appId}/publish`, {});
  if (published.status !== 200) throw new Error(`publishing: ${published.status} ${await published.text()}`);
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    title: title(i + 1),
    stage: i % 3 === 0 ? 'done' : 'open',
    due: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    priority: (i % 5) + 1,
    urgent: i % 7 === 0,
    budget: (i * 37) % 1000,
    notes: `Notes for ${title(i + 1)}`,
  }));
  const inserted = await api(server.url, builder, 'POST', `/u/viewerbench/${slug}/rest/v1/tasks`, rows);
  if (inserted.status !== 201) throw new Error(`inserting rows: ${inserted.status} ${await inserted.text()}`);

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const url = `${server.url}/u/viewerbench/${slug}/v/all_tasks`;
  const cold: Open[] = [];
  const warm: Open[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A new context is an empty cache: what a first-time visitor gets.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // tsx (esbuild keepNames) wraps named inner functions in `__name(...)`, which pages lack.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(watchList, title(50));
    cold.push(await openList(page, url));
    warm.push(await openList(page, url));
    if (run === 0) await page.screenshot({ path: join(tmpdir(), 'bench-viewer-list.png') });
    await context.close();
  }

  const fetched = [...new Set(cold[0]!.scripts)];
  const sizes = fetched.map((name) => {
    const bytes = readFileSync(join(ROOT, 'editor/dist/assets', name));
    return { name, raw: bytes.length, gz: gzipSync(bytes).length };
  });
  const jsGz = sizes.filter((s) => s.name.endsWith('.js')).reduce((n, s) => n + s.gz, 0);
  const cssGz = sizes.filter((s) => s.name.endsWith('.css')).reduce((n, s) => n + s.gz, 0);

  console.log(`\nViewer: a list view of 50 rows (${ROWS} in the table) at ${url.replace(server.url, '')}`);
  console.log(`database: ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite (embedded default)'}`);
  for (const [name, runs] of [
    ['cold (empty cache)', cold],
    ['warm (cached)', warm],
  ] as const)
    console.log(
      `${name.padEnd(20)} rows on screen ${runs.map((r) => r.rowsVisible.toFixed(0)).join(' / ')} ms, interactive ${runs.map((r) => r.interactive.toFixed(0)).join(' / ')} ms (from navigation start)`,
    );
  console.log('\nfirst load, fetched by the viewer page:');
  for (const s of sizes)
    console.log(`  ${s.name.padEnd(44)} ${kb(s.raw).padStart(10)} ${kb(s.gz).padStart(10)} gzip`);
  const interactive = median(cold.map((r) => r.interactive));
  console.log('\n── Goals (issue #6)');
  console.log(
    `viewer JS, first load (gzip)      ${kb(jsGz).padStart(10)}   goal < ${JS_GOAL_KB} kB   ${jsGz / 1024 < JS_GOAL_KB ? 'met' : 'MISSED'}   (+ CSS ${kb(cssGz)})`,
  );
  console.log(
    `list of 50 rows interactive, cold ${`${interactive.toFixed(0)} ms`.padStart(10)}   goal < ${INTERACTIVE_GOAL_MS} ms   ${interactive < INTERACTIVE_GOAL_MS ? 'met' : 'MISSED'}   (median of ${RUNS})`,
  );
  console.log(`screenshot: ${join(tmpdir(), 'bench-viewer-list.png')}`);
  console.log(
    `load average at start ${loadAtStart.join(' ')}, at end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error(error));
}
