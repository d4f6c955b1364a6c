import { z } from 'zod';

export const FeatureMode = z.enum(['components', 'workflows', 'code']);
export type FeatureMode = z.infer<typeof FeatureMode>;

/** The pipeline's state machine; `done` and `failed` are the only states that do not count as active. */
export const FeatureStatus = z.enum([
  'drafting',
  'spec',
  'planning',
  'testing',
  'implementing',
  'reviewing',
  'awaiting_approval',
  'done',
  'failed',
]);
export type FeatureStatus = z.infer<typeof FeatureStatus>;

export const INACTIVE_FEATURE_STATUSES: readonly FeatureStatus[] = ['done', 'failed'];

export const CreateFeatureBody = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  mode: FeatureMode.optional(),
});
export type CreateFeatureBody = z.infer<typeof CreateFeatureBody>;

export const Feature = z.object({
  id: z.uuid(),
  title: z.string(),
  mode: FeatureMode.nullable(),
  status: FeatureStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Feature = z.infer<typeof Feature>;

export const FeatureList = z.object({
  features: z.array(Feature),
  /** Active features against the plan's limit, so the dashboard can say how many are left. */
  usage: z.object({ active: z.number().int(), max: z.number().int() }),
});
export type FeatureList = z.infer<typeof FeatureList>;

export const FeatureIdParam = z.object({ id: z.uuid('must be a feature id (uuid)') });
