import { z } from 'zod';

/** One problem with a request, located by its path in the body or query ("title", "steps.2.url"). */
export const ApiIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type ApiIssue = z.infer<typeof ApiIssue>;

/** A limit of the builder's plan that a request ran into. */
export const LimitInfo = z.object({
  name: z.string(),
  max: z.number().int(),
  current: z.number().int().optional(),
  plan: z.string().optional(),
  resetsAt: z.string().optional(),
});
export type LimitInfo = z.infer<typeof LimitInfo>;

/** Every non-2xx JSON answer of `/api/*` has this shape. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(ApiIssue).optional(),
    limit: LimitInfo.optional(),
    requestId: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
