import { z } from 'zod';
import { Expression, Id } from '../common.ts';

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

/** Five-field cron: minute hour day-of-month month day-of-week. */
export const CronExpression = z
  .string()
  .trim()
  .refine((cron) => {
    const parts = cron.split(/\s+/);
    return parts.length === 5 && parts.every((part) => CRON_FIELD.test(part));
  }, 'must be a five-field cron expression like "0 8 * * 1-5"');

export const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone like Europe/Berlin');

export const CronTrigger = z.strictObject({
  kind: z.literal('cron'),
  cron: CronExpression,
  timezone: TimeZone,
});

export const WebhookVerification = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('hmac'),
    /** The header carrying the signature, e.g. X-Hub-Signature-256. */
    header: z.string().min(1).max(100),
    algorithm: z.enum(['sha256', 'sha1']),
    /** Text before the hex digest in the header, e.g. "sha256=". */
    prefix: z.string().max(20).optional(),
    secretId: Id,
  }),
  z.strictObject({ kind: z.literal('token'), header: z.string().min(1).max(100), secretId: Id }),
  /** Anyone may call it; the security review flags this when the workflow writes data. */
  z.strictObject({ kind: z.literal('none') }),
]);

export const WebhookTrigger = z.strictObject({
  kind: z.literal('webhook'),
  verification: WebhookVerification,
  /** async: 202 with a run id at once; sync: the answer of a respond step (within timeoutMs). */
  response: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('async') }),
    z.strictObject({ mode: z.literal('sync'), timeoutMs: z.number().int().min(100).max(30_000) }),
  ]),
  /** Where the sender's idempotency key is, e.g. `headers["x-delivery-id"]`; retries with it run once. */
  idempotencyKey: Expression.optional(),
});

export const MessageTrigger = z.strictObject({
  kind: z.literal('message'),
  connectionId: Id,
  /** The connection's event, e.g. message.created. */
  event: z.string().min(1).max(100),
  /** Runs only for messages where this is true. */
  filter: Expression.optional(),
});

export const PollingTrigger = z.strictObject({
  kind: z.literal('polling'),
  connectionId: Id,
  request: z.strictObject({
    method: z.literal('GET'),
    path: z.string().startsWith('/', 'must start with /').max(500),
    query: z
      .array(z.strictObject({ name: z.string().min(1).max(100), value: Expression }))
      .max(20)
      .optional(),
  }),
  intervalMinutes: z.number().int().min(1).max(1440),
  /** The list of items in the response, e.g. `response.body.items`. */
  items: Expression,
  /** What makes an item new, e.g. `item.id`; seen keys are remembered in workflow state. */
  dedupeKey: Expression,
});

export const Trigger = z.discriminatedUnion('kind', [
  CronTrigger,
  WebhookTrigger,
  MessageTrigger,
  PollingTrigger,
]);
export type Trigger = z.infer<typeof Trigger>;
