import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { WebhookTrigger } from '../../schemas/definitions.ts';

type WebhookVerification = z.infer<typeof WebhookTrigger>['verification'];

import type { Platform } from '../kernel/context.ts';
import { HttpError } from '../kernel/errors.ts';
import { openWorkflowSecret } from '../store/workflow-secrets.ts';
import type { RunnableWorkflow } from './active-workflows.ts';

/** What a workflow sees of a delivery: `trigger.body`, `trigger.headers`, `trigger.query`. */
export interface WebhookRequest {
  body: unknown;
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface Delivery {
  raw: Uint8Array;
  request: WebhookRequest;
}

const decoder = new TextDecoder();

export async function readWebhookRequest(request: Request): Promise<Delivery> {
  const raw = new Uint8Array(await request.arrayBuffer());
  const text = decoder.decode(raw);
  let body: unknown = text;
  if (/json/i.test(request.headers.get('content-type') ?? '') || /^\s*[[{]/.test(text)) {
    try {
      body = text.trim() ? JSON.parse(text) : null;
    } catch {
      throw new HttpError(400, 'invalid_request', 'body: is not valid JSON', {
        issues: [{ path: 'body', message: 'is not valid JSON' }],
      });
    }
  }
  const headers: Record<string, string> = {};
  // The caller's own credentials to us are none of the workflow's business.
  for (const [name, value] of request.headers)
    if (name !== 'cookie' && name !== 'authorization') headers[name] = value;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return { raw, request: { body, headers, query } };
}

/**
 * Message triggers have no verification of their own in the definition: a connection's inbound
 * events must carry the workflow's `inbound` secret in X-Webhook-Token (activation requires it).
 */
export const MESSAGE_SECRET_ID = 'inbound';
export const MESSAGE_VERIFICATION: WebhookVerification = {
  kind: 'token',
  header: 'X-Webhook-Token',
  secretId: MESSAGE_SECRET_ID,
};

const SECRET_TTL_MS = 5_000;
const secretCaches = new WeakMap<Platform, Map<string, { at: number; value: string | null }>>();

/** The workflow's signing secret, kept a few seconds (every delivery needs it). */
async function signingSecret(
  platform: Platform,
  workflowId: string,
  secretId: string,
): Promise<string | null> {
  let cache = secretCaches.get(platform);
  if (!cache) {
    cache = new Map();
    secretCaches.set(platform, cache);
  }
  const key = `${workflowId}:${secretId}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < SECRET_TTL_MS) return hit.value;
  const value = await platform.db.asService('workflow-trigger', (tx) =>
    openWorkflowSecret(tx, platform.secretBox, workflowId, secretId),
  );
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: Date.now(), value });
  return value;
}

function sameText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * node:crypto's HMAC: synchronous and several times cheaper per delivery than WebCrypto's async
 * sign (which goes through a worker thread). workerd provides it too (nodejs_compat).
 */
function hmacHex(algorithm: 'sha256' | 'sha1', secret: string, data: Uint8Array): string {
  return createHmac(algorithm, secret).update(data).digest('hex');
}

const refused = (why: string) => new HttpError(401, 'invalid_signature', `The delivery was refused: ${why}`);

/**
 * Checks a delivery as the workflow's definition says; returns the secret (so the run can blank
 * it out of what it records: a token travels in a header, and a careless sender may even put an
 * HMAC secret in the body) or null when the webhook is open to anyone.
 */
export async function verifyDelivery(
  platform: Platform,
  workflow: RunnableWorkflow,
  verification: WebhookVerification,
  delivery: Delivery,
): Promise<string | null> {
  if (verification.kind === 'none') return null;
  const secret = await signingSecret(platform, workflow.workflowId, verification.secretId);
  if (!secret)
    throw new HttpError(
      503,
      'not_configured',
      'This workflow cannot check deliveries yet: its builder has not set the signing secret',
    );
  const sent = delivery.request.headers[verification.header.toLowerCase()];
  if (!sent) throw refused(`the ${verification.header} header is missing`);
  if (verification.kind === 'token') {
    if (!sameText(sent, secret)) throw refused(`the ${verification.header} header does not match`);
    return secret;
  }
  const expected = `${verification.prefix ?? ''}${hmacHex(verification.algorithm, secret, delivery.raw)}`;
  if (!sameText(sent.trim().toLowerCase(), expected.toLowerCase()))
    throw refused(`the ${verification.header} signature does not match the body`);
  return secret;
}
