import { fileURLToPath } from 'node:url';
import { Miniflare, Response as MiniflareResponse } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreSuite } from '../../ports/blob-store.suite.ts';
import { bytesOf } from '../../ports/blob-store.ts';
import { outboundHttpSuite, type ServiceDouble } from '../../ports/outbound-http.suite.ts';
import {
  type OutboundHttp,
  type OutboundRefusal,
  OutboundRefused,
  type OutboundResponse,
} from '../../ports/outbound-http.ts';
import { rateLimiterSuite } from '../../ports/rate-limiter.suite.ts';
import { workflowStateSuite } from '../../ports/workflow-state.suite.ts';
import { bundleForWorkerd, deployedCompatibility } from '../../testing/workerd-bundle.ts';
import type { DurableObjectNamespace, R2Bucket } from './bindings.ts';
import { r2BlobStore } from './r2-blob-store.ts';
import { durableObjectRateLimiter } from './rate-limiter-object.ts';
import { durableObjectWorkflowState } from './workflow-object.ts';

// The shared platform suites against the Worker adapters, over real workerd bindings that
// Miniflare provides: an R2 bucket, the RATE_LIMITER Durable Object namespace (the class bundled
// from its TypeScript source), the WORKFLOWS one (each workflow's state), and the outbound adapter running inside workerd, whose fetch()
// Miniflare hands to the suite's service doubles. One Miniflare for the whole file: starting
// workerd is the slow part. The same suites run against the Node adapters in ../node/.

const ENTRY = fileURLToPath(new URL('../../testing/worker-adapters-entry.ts', import.meta.url));

let mf: Miniflare;
// Every fetch() the Worker makes lands here; the outbound cases swap in their doubles.
let outside: ServiceDouble = () => new Response('no double is serving', { status: 502 });

beforeAll(async () => {
  const script = await bundleForWorkerd({ file: ENTRY });
  mf = new Miniflare({
    modules: true,
    script,
    // As deployed: wrangler.toml's date and flags, its binding names, a SQLite-backed object.
    ...deployedCompatibility(),
    r2Buckets: ['BLOBS'],
    durableObjects: {
      RATE_LIMITER: { className: 'RateLimiterObject', useSQLite: true },
      WORKFLOWS: { className: 'WorkflowObject', useSQLite: true },
    },
    outboundService: async (request: unknown) => {
      const answer = await outside(request as Request);
      return new MiniflareResponse(answer.body === null ? null : await answer.arrayBuffer(), {
        status: answer.status,
        headers: [...answer.headers],
      });
    },
  });
  await mf.ready;
});
afterAll(() => mf?.dispose());

blobStoreSuite('worker R2', async () => {
  // Typed by hand: Miniflare's own types for it need @cloudflare/workers-types, not installed.
  const bucket = (await mf.getR2Bucket('BLOBS')) as unknown as R2Bucket & {
    list(): Promise<{ objects: { key: string }[] }>;
    delete(keys: string | string[]): Promise<void>;
  };
  return {
    store: r2BlobStore(bucket),
    close: async () => {
      // One bucket serves every case: empty it, so no case sees another's blobs.
      const listed = await bucket.list();
      if (listed.objects.length > 0) await bucket.delete(listed.objects.map((o) => o.key));
    },
  };
});

// The suite's bodies are small, so they go up in one put; a large one goes up in parts.
describe('R2 blob store, multipart', () => {
  const MiB = 1024 * 1024;
  // R2's smallest part size, so the adapter's part logic runs without tens of megabytes.
  const PART = 5 * MiB;
  const chunked = (total: number, failAt?: number) => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (failAt !== undefined && sent >= failAt) return controller.error(new Error('limit passed'));
        if (sent >= total) return controller.close();
        const chunk = new Uint8Array(Math.min(MiB, total - sent)).map((_, i) => (sent + i) % 251);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
  };

  it('puts a body of several parts and gives it back byte for byte', async () => {
    const bucket = await mf.getR2Bucket('BLOBS');
    const store = r2BlobStore(bucket as unknown as R2Bucket, PART);
    const total = 2 * PART + 3 * MiB + 7;
    expect(await store.put('u1/apps/a1/large', chunked(total))).toEqual({
      key: 'u1/apps/a1/large',
      size: total,
    });
    expect(await store.stat('u1/apps/a1/large')).toEqual({ key: 'u1/apps/a1/large', size: total });
    const back = await bytesOf((await store.get('u1/apps/a1/large'))!.body);
    expect(back.length).toBe(total);
    expect(back.every((byte, i) => byte === i % 251)).toBe(true);
    await store.delete('u1/apps/a1/large');
  });

  it('leaves nothing under the key when a multipart body fails after its first part', async () => {
    const bucket = await mf.getR2Bucket('BLOBS');
    const store = r2BlobStore(bucket as unknown as R2Bucket, PART);
    await expect(store.put('u1/apps/a1/failed', chunked(3 * PART, PART + 2 * MiB))).rejects.toThrow(
      'limit passed',
    );
    expect(await store.stat('u1/apps/a1/failed')).toBeNull();
  });
});

rateLimiterSuite(
  'worker Durable Object',
  async () => {
    const namespace = await mf.getDurableObjectNamespace('RATE_LIMITER');
    return {
      limiter: durableObjectRateLimiter(namespace as unknown as DurableObjectNamespace),
      // The object reads workerd's clock (the host's, advanced at each request): wait it out.
      clock: {
        now: () => Date.now(),
        passUntil: async (epochMs) => {
          const wait = epochMs - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        },
      },
      close: async () => {},
    };
  },
  { shortWindowMs: 300, clockSlackMs: 20 },
);

workflowStateSuite('worker Durable Object', async () => {
  const namespace = (await mf.getDurableObjectNamespace('WORKFLOWS')) as unknown as DurableObjectNamespace;
  // Any two ids: each workflow's values live in the object named by its id.
  const ref = () => ({ userId: crypto.randomUUID(), workflowId: crypto.randomUUID() });
  return { store: durableObjectWorkflowState(namespace), workflows: [ref(), ref()], close: async () => {} };
});

// The adapter refuses a bad request before sending it; the object checks what reaches it too.
describe('workflow Durable Object, its own checks', () => {
  const ask = async (body: unknown) => {
    const namespace = (await mf.getDurableObjectNamespace('WORKFLOWS')) as unknown as DurableObjectNamespace;
    const stub = namespace.get(namespace.idFromName(crypto.randomUUID()));
    const response = await stub.fetch('https://workflow-object/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error?: string; code?: string } };
  };

  const ids = () => ({ workflowId: crypto.randomUUID(), userId: crypto.randomUUID() });

  /** A fresh workflow's object, asked directly (not through the Worker's fetch). */
  const workflowObject = async () => {
    const workflowId = crypto.randomUUID();
    const namespace = (await mf.getDurableObjectNamespace('WORKFLOWS')) as unknown as DurableObjectNamespace;
    const stub = namespace.get(namespace.idFromName(workflowId));
    const send = (body: unknown) =>
      stub.fetch('https://workflow-object/', { method: 'POST', body: JSON.stringify(body) });
    return { workflowId, send };
  };

  it('answers 400 naming the field of a request it cannot take', async () => {
    expect(await ask({ op: 'get', ...ids(), key: '' })).toMatchObject({
      status: 400,
      body: { error: /^key: / },
    });
    expect(await ask({ op: 'get', ...ids(), key: 'k'.repeat(201) })).toMatchObject({
      status: 400,
      body: { error: /^key: / },
    });
    expect(await ask({ op: 'set', ...ids(), key: 'k' })).toMatchObject({
      status: 400,
      body: { error: /^value: / },
    });
    expect(await ask({ op: 'get', key: 'k' })).toMatchObject({
      status: 400,
      body: { error: /^workflowId: / },
    });
    expect(await ask({ op: 'drop' })).toMatchObject({ status: 400, body: { error: /^op: / } });
    expect(
      await ask({ op: 'run', workflowId: 'not-a-uuid', userId: crypto.randomUUID(), runIds: [] }),
    ).toMatchObject({ status: 400, body: { error: /^workflowId: / } });
    expect(await ask('not json')).toMatchObject({ status: 400, body: { error: /^body: / } });
  });

  it('refuses a value over 64 KB that reaches it, and stores nothing', async () => {
    const { workflowId, send } = await workflowObject();
    const ref = { workflowId, userId: crypto.randomUUID() };
    const refused = await send({ op: 'set', ...ref, key: 'big', value: 'x'.repeat(70_000) });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ code: 'state_too_large', error: /^value: / });
    expect(await (await send({ op: 'get', ...ref, key: 'big' })).json()).toEqual({
      found: false,
      value: null,
    });
  });

  it("answers only its own workflow's builder: another builder or workflow id is a 409, nothing read or changed", async () => {
    const { workflowId, send } = await workflowObject();
    const owner = { workflowId, userId: crypto.randomUUID() };
    expect((await send({ op: 'set', ...owner, key: 'k', value: 'mine' })).status).toBe(200);
    for (const other of [
      { ...owner, userId: crypto.randomUUID() },
      { ...owner, workflowId: crypto.randomUUID() },
    ]) {
      for (const body of [
        { op: 'get', ...other, key: 'k' },
        { op: 'set', ...other, key: 'k', value: 'theirs' },
        { op: 'clear', ...other },
        { op: 'run', ...other, runIds: [crypto.randomUUID()] },
      ]) {
        const answer = await send(body);
        expect(answer.status, body.op).toBe(409);
        expect(await answer.text()).not.toContain('mine');
      }
    }
    expect(await (await send({ op: 'get', ...owner, key: 'k' })).json()).toEqual({
      found: true,
      value: 'mine',
    });
  });
});

interface Bridged {
  answer?: Omit<OutboundResponse, 'body'> & { body: string };
  refused?: { code: OutboundRefusal; message: string };
  error?: string;
}

/** The outbound port as the suite calls it, each call run by the adapter inside workerd. */
const outboundInWorkerd: OutboundHttp = {
  async send(request) {
    const body = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
    const response = await mf.dispatchFetch('http://adapters.test/outbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, body, signal: undefined }),
    });
    const bridged = (await response.json()) as Bridged;
    if (bridged.refused) throw new OutboundRefused(bridged.refused.code, bridged.refused.message);
    if (!bridged.answer) throw new Error(`the Worker failed the call: ${bridged.error ?? response.status}`);
    return {
      ...bridged.answer,
      body: Uint8Array.from(atob(bridged.answer.body), (c) => c.charCodeAt(0)),
    };
  },
};

outboundHttpSuite('worker', {
  reachesDoubles: true,
  async open(_hosts, service) {
    // Every host reaches the double, so a call the adapter should have refused is seen there.
    outside = service;
    return {
      http: outboundInWorkerd,
      close: async () => {
        outside = () => new Response('no double is serving', { status: 502 });
      },
    };
  },
});
