import { Hono } from 'hono';
import { z } from 'zod';
import { evaluateIdempotencyKey, messageMatches } from '../../runtime/workflows/index.ts';
import type { WebhookAccepted } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError } from '../kernel/errors.ts';
import { readParams } from '../kernel/validate.ts';
import type { RunnableWorkflow } from '../workflows/active-workflows.ts';
import { runnerOf, throwLimit } from '../workflows/route-support.ts';
import { MESSAGE_VERIFICATION, readWebhookRequest, verifyDelivery } from '../workflows/webhook-verify.ts';

// `POST /hooks/{workflowId}`: deliveries from outside services. Nobody is signed in; the
// workflow's own verification (an HMAC signature or a secret token, as its definition says)
// decides, before anything is stored or run. A refused delivery leaves no run behind.

/**
 * Headers a respond step may set on the platform's own address: its content's type and caching,
 * and the sender's own `x-` headers. Cookies, redirects and CORS would act in the platform's
 * name (a cookie on our domain, an open redirect), so they are never passed on.
 */
const ANSWER_HEADERS = new Set(['content-type', 'cache-control', 'etag', 'last-modified', 'retry-after']);
export const answerHeaderAllowed = (name: string) => {
  const lower = name.toLowerCase();
  return ANSWER_HEADERS.has(lower) || (lower.startsWith('x-') && lower !== 'x-run-id');
};

const HookParams = z.object({ workflowId: z.uuid('must be a workflow id (uuid)') });

const notActive = () => new HttpError(404, 'not_found', 'No active workflow listens at this address');

async function activeWorkflow(
  c: { var: AppEnv['Variables'] },
  workflowId: string,
): Promise<RunnableWorkflow> {
  const workflow = await c.var.platform.activeWorkflows?.find(workflowId);
  if (!workflow) throw notActive();
  return workflow;
}

export const hookRoutes = new Hono<AppEnv>().post('/:workflowId', async (c) => {
  const { workflowId } = readParams(c, HookParams);
  const workflow = await activeWorkflow(c, workflowId);
  const { trigger } = workflow.definition;
  if (trigger.kind !== 'webhook' && trigger.kind !== 'message') throw notActive();
  const delivery = await readWebhookRequest(c.req.raw);
  const runner = runnerOf(c.var.platform);

  if (trigger.kind === 'message') {
    // A connection's inbound event: the workflow runs for events of its kind that pass its filter.
    // The service proves itself with the workflow's `inbound` secret in X-Webhook-Token.
    const token = await verifyDelivery(c.var.platform, workflow, MESSAGE_VERIFICATION, delivery);
    const event = delivery.request.body as { event?: unknown; message?: unknown } | null;
    if (!event || typeof event !== 'object' || typeof event.event !== 'string')
      throw new HttpError(400, 'invalid_request', 'body.event: must name the event, e.g. "message.created"', {
        issues: [{ path: 'body.event', message: 'must be a string' }],
      });
    const matches = messageMatches(trigger, { event: event.event, payload: event.message ?? null });
    if (!matches.ok) return c.json({ ignored: true, reason: `filter: ${matches.error}` }, 200);
    if (!matches.value)
      return c.json({ ignored: true, reason: `not a ${trigger.event} event its filter accepts` }, 200);
    const started = await runner
      .start(
        { workflowId, userId: workflow.userId, trigger: 'message', triggerInput: event.message ?? null },
        { secrets: token ? [token] : [] },
      )
      .catch(throwLimit);
    const accepted: WebhookAccepted = { runId: started.runId, status: 'queued' };
    return c.json(accepted, 202);
  }

  const secret = await verifyDelivery(c.var.platform, workflow, trigger.verification, delivery);
  let idempotencyKey: string | undefined;
  if (trigger.idempotencyKey) {
    const key = evaluateIdempotencyKey(trigger, delivery.request);
    if (!key.ok)
      throw new HttpError(400, 'invalid_request', `The delivery has no idempotency key: ${key.error}`, {
        issues: [{ path: 'headers', message: key.error }],
      });
    idempotencyKey = `webhook:${key.value}`;
  }
  const request = {
    workflowId,
    userId: workflow.userId,
    trigger: 'webhook' as const,
    triggerInput: delivery.request,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  const secrets = secret ? [secret] : [];

  if (trigger.response.mode === 'async') {
    const started = await runner.start(request, { secrets }).catch(throwLimit);
    if (started.duplicate) c.header('idempotent-replay', 'true');
    const accepted: WebhookAccepted = { runId: started.runId, status: 'queued' };
    return c.json(accepted, 202);
  }

  // Sync: the respond step's answer, if the run gets there within the trigger's time.
  let runId: string | undefined;
  const launched = runner
    .start(request, {
      secrets,
      wait: true,
      onRunId: (id) => {
        runId = id;
      },
    })
    .catch(throwLimit);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(
      () => resolve('late'),
      trigger.response.mode === 'sync' ? trigger.response.timeoutMs : 0,
    );
  });
  const outcome = await Promise.race([launched, late]).finally(() => clearTimeout(timer));
  if (outcome === 'late') {
    // The run goes on; the sender learns where to find it.
    launched.catch(() => {});
    return c.json(
      {
        runId: runId ?? null,
        status: 'running',
        message: 'The workflow did not answer in time; it is still running',
      },
      202,
    );
  }
  if (outcome.duplicate) {
    c.header('idempotent-replay', 'true');
    return c.json({ runId: outcome.runId, status: 'duplicate' }, 200);
  }
  const result = outcome.result!;
  if (result.response) {
    for (const [name, value] of Object.entries(result.response.headers))
      if (answerHeaderAllowed(name)) c.header(name, value);
    c.header('x-run-id', outcome.runId);
    return c.json(result.response.body ?? null, result.response.status as 200);
  }
  if (result.status !== 'succeeded')
    return c.json({ runId: outcome.runId, status: result.status, error: result.error?.message ?? null }, 500);
  return c.json({ runId: outcome.runId, status: result.status }, 200);
});
