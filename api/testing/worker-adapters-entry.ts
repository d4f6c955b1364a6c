import { z } from 'zod';
import { workerOutboundHttp } from '../platform/worker/outbound-http.ts';
import { workflowObjectClass } from '../platform/worker/workflow-object.ts';
import { OutboundRefused } from '../ports/outbound-http.ts';

// A small Worker for the shared platform suites (api/platform/worker/adapters.test.ts), bundled
// with esbuild and run in Miniflare. It exports the Durable Object classes the RATE_LIMITER and
// WORKFLOWS bindings name (the workflow object's state side; its runs need the whole Worker and
// Postgres, see e2e/worker-workflows.e2e.test.ts), and runs the outbound adapter inside workerd, where its fetch() really is the Worker's:
// the suite sends each call to POST /outbound and reads the answer or the refusal back as JSON.

export { RateLimiterObject } from '../platform/worker/rate-limiter-object.ts';

export const WorkflowObject = workflowObjectClass(
  { info: () => {}, error: (event, fields) => console.error(event, fields) },
  async () => {
    throw new Error('workflow runs are not part of the adapter suites');
  },
);

const OutboundCall = z.object({
  url: z.string(),
  method: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string().optional(),
  allowedHosts: z.array(z.string()),
  timeoutMs: z.number(),
  maxResponseBytes: z.number(),
  maxRedirects: z.number().optional(),
});

const base64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

async function outbound(request: Request): Promise<Response> {
  const parsed = OutboundCall.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return Response.json(
      { error: `outbound call: ${parsed.error.issues[0]?.path.join('.')}` },
      { status: 400 },
    );
  try {
    const answer = await workerOutboundHttp().send(parsed.data);
    return Response.json({ answer: { ...answer, body: base64(answer.body) } });
  } catch (error) {
    if (error instanceof OutboundRefused)
      return Response.json({ refused: { code: error.code, message: error.message } });
    return Response.json({ error: String(error) }, { status: 500 });
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/outbound') return outbound(request);
    return new Response('not found', { status: 404 });
  },
};
