import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './support/browser.ts';

// The expression language must run in the browser too (the editor checks expressions as the
// builder types), under a Content-Security-Policy without 'unsafe-eval': bundle runtime/expr and
// runtime/definitions for the browser and use them in Chromium.

const run = chromiumAvailable();
const ROOT = fileURLToPath(new URL('../', import.meta.url));
let dir: string;
let server: Server;
let browser: Browser;
let url: string;

beforeAll(async () => {
  if (!run) return;
  dir = await mkdtemp(join(tmpdir(), 'bp-expr-'));
  await writeFile(
    join(dir, 'entry.ts'),
    `export { checkExpression, evaluateExpression } from '${ROOT}runtime/expr/index.ts';
     export { validateApp } from '${ROOT}runtime/definitions/validate-app.ts';`,
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      lib: { entry: join(dir, 'entry.ts'), formats: ['es'], fileName: 'expr' },
      outDir: join(dir, 'dist'),
      minify: true,
    },
  });
  const bundle = await readFile(join(dir, 'dist', 'expr.js'));
  // Every script comes from a file of our own origin: the CSP below allows nothing else.
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', '<!doctype html><title>loading</title><script type="module" src="/boot.js"></script>'],
    '/boot.js': [
      'text/javascript',
      "import * as expr from '/expr.js'; window.expr = expr; document.title = 'ready';",
    ],
    '/expr.js': ['text/javascript', bundle],
  };
  server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    response.setHeader('content-security-policy', "default-src 'self'; script-src 'self'");
    if (!file) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('content-type', file[0]);
    response.end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(run)('the expression language in Chromium under a strict CSP', () => {
  it('type-checks, evaluates and validates without eval', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|unsafe-eval/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'ready');
    const result = await page.evaluate(() => {
      const expr = (window as unknown as { expr: Record<string, (...args: unknown[]) => unknown> }).expr;
      const context = { variables: { record: { object: { title: 'string', price: 'double' } } } };
      return {
        ok: expr.checkExpression!('record.price * 2 > 10', context, 'bool'),
        typo: expr.checkExpression!('record.titel', context),
        value: expr.evaluateExpression!('record.title + "!"', context, { record: { title: 'Hi', price: 3 } }),
        regex: expr.evaluateExpression!('record.title.matches("^H.*")', context, {
          record: { title: 'Hi', price: 3 },
        }),
        validated: expr.validateApp!({ schemaVersion: 1, kind: 'app' }),
      };
    });
    expect(result.ok).toMatchObject({ ok: true });
    expect(JSON.stringify(result.typo)).toContain('did you mean \\"title\\"');
    expect(result.value).toEqual({ ok: true, value: 'Hi!' });
    expect(result.regex).toEqual({ ok: true, value: true });
    expect(result.validated).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([{ path: 'name', message: 'is required' }]),
    });
    expect(violations).toEqual([]);
    await page.close();
  });
});
