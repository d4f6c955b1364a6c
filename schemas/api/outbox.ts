import { z } from 'zod';

/** One message the platform sent for a builder's app (embedded mode keeps them all here). */
export const OutboxMail = z.object({
  id: z.uuid(),
  appId: z.uuid().nullable(),
  /** The app's name, when the mail came from an app that still exists. */
  appName: z.string().nullable(),
  channel: z.enum(['email', 'in_app']),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  /** What sent it: `magic_link`, `automation:<id>`. */
  source: z.string(),
  createdAt: z.string(),
});
export type OutboxMail = z.infer<typeof OutboxMail>;

/** `GET /api/outbox`: newest first. */
export const OutboxList = z.object({ mail: z.array(OutboxMail) });
export type OutboxList = z.infer<typeof OutboxList>;
