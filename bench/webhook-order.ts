import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { WorkflowDefinition } from '../schemas/definitions.ts';

// The signed sync workflow of bench/workflow-webhook.ts, its deliveries and its sender, for the
// benchmarks that drive it on more than one target (bench/worker.ts): the same 6-step workflow,
// the same bodies, the same keep-alive sender, so the figures compare like with like.

export function orderWorkflow(): WorkflowDefinition {
  const answer = (id: string, from: string) => ({
    id,
    label: 'Answer',
    kind: 'respond' as const,
    status: 200,
    body: `{"order": steps.fields.order, "tier": steps.${from}.tier, "total": steps.${from}.total}`,
  });
  return {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Order intake',
    trigger: {
      kind: 'webhook',
      verification: {
        kind: 'hmac',
        header: 'X-Signature',
        algorithm: 'sha256',
        prefix: 'sha256=',
        secretId: 'signing',
      },
      response: { mode: 'sync', timeoutMs: 5_000 },
    },
    start: 'fields',
    steps: [
      {
        id: 'fields',
        label: 'Map the order',
        kind: 'map',
        values: [
          { name: 'order', value: 'trigger.body.id' },
          { name: 'amount', value: 'double(trigger.body.amount)' },
          { name: 'email', value: 'trigger.body.customer.email.lowerAscii()' },
        ],
        next: 'size',
      },
      {
        id: 'size',
        label: 'Large order?',
        kind: 'condition',
        branches: [{ id: 'large', label: 'Large', when: 'steps.fields.amount >= 100.0', next: 'large' }],
        otherwise: 'small',
      },
      {
        id: 'large',
        label: 'Large order',
        kind: 'map',
        values: [
          { name: 'tier', value: '"priority"' },
          { name: 'total', value: 'steps.fields.amount * 0.95' },
        ],
        next: 'answer_large',
      },
      {
        id: 'small',
        label: 'Small order',
        kind: 'map',
        values: [
          { name: 'tier', value: '"standard"' },
          { name: 'total', value: 'steps.fields.amount + 4.9' },
        ],
        next: 'answer_small',
      },
      answer('answer_large', 'large'),
      answer('answer_small', 'small'),
    ],
    connections: [],
    secrets: [{ id: 'signing', label: 'Signing secret' }],
  };
}

/** A few hundred signed deliveries made up front, so the sender spends nothing on HMAC. */
export function deliveries(count: number, secret: string) {
  return Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify({
      id: `ord-${i}`,
      amount: (i * 37) % 250,
      customer: { email: `Buyer${i}@Example.com` },
    });
    return {
      body,
      signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      large: (i * 37) % 250 >= 100,
    };
  });
}

export function sender(origin: string, sockets: number) {
  const url = new URL(origin);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    post(path: string, body: string, signature: string): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-signature': signature,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
