import { z } from 'zod';
import { Plan } from './profile.ts';

const Count = z.number().int().nonnegative();

/** One row of the `plans` table: every limit of the platform reads from it (null = unlimited). */
export const PlanLimits = z.object({
  id: Plan,
  activeFeatures: Count,
  artifactBytes: Count,
  appRequestsPerMinute: Count,
  workflowExecutionsPerHour: Count,
  executionTimeoutSeconds: Count,
  rowsPerApp: Count,
  publishedApps: Count.nullable(),
});
export type PlanLimits = z.infer<typeof PlanLimits>;

/** What a builder uses now, each figure measured the way the limit it belongs to is enforced. */
export const BuilderUsage = z.object({
  /** Features not `done` or `failed` (limit: activeFeatures). */
  activeFeatures: Count,
  /** Apps with a published version (limit: publishedApps). */
  publishedApps: Count,
  /** Rows of the builder's largest app (limit: rowsPerApp, which is per app). */
  largestAppRows: Count,
  /** Rows across all of the builder's apps (no limit of its own; shown for context). */
  totalRows: Count,
  /** Bytes of every artifact the pipeline stored for the builder (limit: artifactBytes). */
  artifactBytes: Count,
  /** Workflow runs started in the last 60 minutes (limit: workflowExecutionsPerHour). */
  workflowExecutionsLastHour: Count,
});
export type BuilderUsage = z.infer<typeof BuilderUsage>;

/** A builder as the platform owner sees them at `/app/admin`. */
export const AdminBuilder = z.object({
  id: z.uuid(),
  username: z.string(),
  /** Null when the database does not let the platform read `auth.users` (see the store). */
  email: z.string().nullable(),
  plan: Plan,
  createdAt: z.string(),
  usage: BuilderUsage,
});
export type AdminBuilder = z.infer<typeof AdminBuilder>;

/** `GET /api/admin/builders`. */
export const AdminBuilderList = z.object({
  builders: z.array(AdminBuilder),
  plans: z.array(PlanLimits),
});
export type AdminBuilderList = z.infer<typeof AdminBuilderList>;

/** `PUT /api/admin/builders/:id/plan`. */
export const SetBuilderPlanBody = z.strictObject({ plan: Plan });
export type SetBuilderPlanBody = z.infer<typeof SetBuilderPlanBody>;

export const BuilderIdParam = z.object({ id: z.uuid('must be a builder id (uuid)') });
