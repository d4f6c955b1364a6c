/**
 * The webhook workflow the runs suite drives, and what a sender does with it: an HMAC-signed
 * order hook that sets values from the order, asks whether it is big and answers synchronously
 * from one of two respond steps. Deliveries are plain `fetch` calls, as a sending service makes.
 */
import { createHmac } from 'node:crypto';
import { api, type Builder } from '../../api/testing/builders.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';

export const SIGNING_SECRET = 'whsec_e2e_runs_5d1c0a93b7';

export const STEP_LABELS = {
  shape: 'Set values',
  size: 'Big order?',
  big: 'Answer big',
  small: 'Answer small',
} as const;

export const orderHook: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  name: 'Order router',
  trigger: {
    kind: 'webhook',
    verification: {
      kind: 'hmac',
      header: 'X-Signature',
      algorithm: 'sha256',
      prefix: 'sha256=',
      secretId: 'signing',
    },
    response: { mode: 'sync', timeoutMs: 5000 },
    idempotencyKey: 'headers["x-delivery-id"]',
  },
  start: 'shape',
  steps: [
    {
      id: 'shape',
      label: STEP_LABELS.shape,
      kind: 'map',
      // A payload without `amount` fails here: a missing field has no value.
      values: [
        { name: 'customer', value: 'trigger.body.customer' },
        { name: 'amount', value: 'trigger.body.amount' },
      ],
      next: 'size',
    },
    {
      id: 'size',
      label: STEP_LABELS.size,
      kind: 'condition',
      branches: [{ id: 'big', label: 'Big', when: 'trigger.body.amount > 100.0', next: 'answer_big' }],
      otherwise: 'answer_small',
    },
    {
      id: 'answer_big',
      label: STEP_LABELS.big,
      kind: 'respond',
      status: 200,
      body: '{"size": "big", "customer": steps.shape.customer}',
    },
    { id: 'answer_small', label: STEP_LABELS.small, kind: 'respond', status: 200, body: '{"size": "small"}' },
  ],
  connections: [],
  secrets: [{ id: 'signing', label: 'Signing secret' }],
};

export async function createWorkflow(url: string, builder: Builder, definition: WorkflowDefinition) {
  const created = await api(url, builder, 'POST', '/api/workflows', { definition });
  if (created.status !== 201)
    throw new Error(`creating the workflow: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { id: string }).id;
}

export async function setSigningSecret(url: string, builder: Builder, id: string) {
  const response = await api(url, builder, 'PUT', `/api/workflows/${id}/secrets/signing`, {
    value: SIGNING_SECRET,
  });
  if (response.status !== 200)
    throw new Error(`setting the secret: ${response.status} ${await response.text()}`);
}

/** A signed delivery, as the sending service posts it. */
export function deliver(url: string, id: string, payload: unknown, deliveryId: string) {
  const body = JSON.stringify(payload);
  return fetch(`${url}/hooks/${id}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature': `sha256=${createHmac('sha256', SIGNING_SECRET).update(body).digest('hex')}`,
      'x-delivery-id': deliveryId,
    },
    body,
  });
}
