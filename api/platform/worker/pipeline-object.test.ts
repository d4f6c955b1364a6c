import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleForWorkerd, deployedCompatibility } from '../../testing/workerd-bundle.ts';
import type { DurableObjectNamespace } from './bindings.ts';
import { workerPipeline } from './pipeline-object.ts';

// The PipelineObject's door, inside workerd (Miniflare, the class bundled from its TypeScript
// source): what it accepts as a wake. Its alarms — the stages run against Postgres — are covered
// end to end in e2e/worker-pipeline.e2e.test.ts.

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
  // workerd provides node:* (nodejs_compat) and cloudflare:sockets (postgres.js).
  const script = await bundleForWorkerd({ source: ENTRY }, ['node:*', 'cloudflare:*']);
  mf = new Miniflare({
    modules: true,
    script,
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

  it('belongs to the feature it was first woken for: another feature id is a 409, and it keeps the first', async () => {
    const [first, other] = [crypto.randomUUID(), crypto.randomUUID()];
    const wakeAs = (featureId: string) =>
      mf.dispatchFetch('http://pipeline.test/wake?name=shared', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ featureId }),
      });
    expect((await wakeAs(first)).status).toBe(202);
    const refused = await wakeAs(other);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^featureId: /);
    expect((await wakeAs(first)).status).toBe(202);
  });

  it('a wake the object refuses is logged, never thrown at the route that queued the stage', async () => {
    const namespace = (await mf.getDurableObjectNamespace('PIPELINE')) as unknown as DurableObjectNamespace;
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line) => void logged.push(line));
    try {
      await expect(workerPipeline(namespace).wake('not-a-feature-id')).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    expect(String(logged[0])).toMatch(/"event":"pipeline_wake_failed".*400/);
  });

  it('serves nothing but POST /wake', async () => {
    expect((await wake('', '/wake', 'GET')).status).toBe(404);
    expect((await wake('{}', '/run')).status).toBe(404);
  });
});
