import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The PipelineObject's door, inside workerd (Miniflare, the class bundled from its TypeScript
// source): what it accepts as a wake. Its alarms — the stages run against Postgres — are covered
// end to end in e2e/worker-pipeline.e2e.test.ts.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The compatibility settings wrangler.toml deploys with (as adapters.test.ts reads them). */
function deployedCompatibility() {
  const toml = readFileSync(`${ROOT}wrangler.toml`, 'utf8');
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1] ?? '';
  if (!date) throw new Error('wrangler.toml: compatibility_date not found');
  return { compatibilityDate: date, compatibilityFlags: [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) };
}

// A Worker that hands each request to the object named by ?name=, as workerPipeline does.
const ENTRY = `export { PipelineObject } from './api/platform/worker/pipeline-object.ts';
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    const stub = env.PIPELINE.get(env.PIPELINE.idFromName(url.searchParams.get('name') ?? 'feature'));
    return stub.fetch(new Request('https://pipeline' + url.pathname, request));
  },
};`;

let mf: Miniflare;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    // workerd provides these (nodejs_compat, cloudflare:sockets for postgres.js).
    external: ['node:*', 'cloudflare:*'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    ...deployedCompatibility(),
    durableObjects: { PIPELINE: { className: 'PipelineObject', useSQLite: true } },
  });
  await mf.ready;
}, 60_000);
afterAll(() => mf?.dispose());

const wake = (body: string, path = '/wake', method = 'POST') =>
  mf.dispatchFetch(`http://pipeline.test${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' ? { body } : {}),
  });

describe('the pipeline object, woken through fetch', () => {
  it('refuses a wake without a feature id, naming the field', async () => {
    for (const [body, field] of [
      ['{}', 'featureId'],
      ['{"featureId":"not-a-uuid"}', 'featureId'],
      ['{"featureId":42}', 'featureId'],
      ['not json', 'body'],
    ] as const) {
      const response = await wake(body);
      expect(response.status, body).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error.startsWith(`${field}:`), `${body} → ${error}`).toBe(true);
    }
  });

  it('serves nothing but POST /wake', async () => {
    expect((await wake('', '/wake', 'GET')).status).toBe(404);
    expect((await wake('{}', '/run')).status).toBe(404);
  });
});
