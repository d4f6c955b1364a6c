import { z } from 'zod';

export const AppIdParam = z.object({ id: z.uuid('must be an app id (uuid)') });
export const VersionParams = z.object({
  id: z.uuid('must be an app id (uuid)'),
  a: z.coerce.number().int().min(1, 'must be a version number'),
  b: z.coerce.number().int().min(1, 'must be a version number'),
});

export const OneVersionParams = z.object({
  id: z.uuid('must be an app id (uuid)'),
  version: z.coerce.number().int().min(1, 'must be a version number'),
});

/** `GET /api/apps/:id/versions/:version` (and the same for workflows): one saved version as it was. */
export const SavedVersion = z.object({ version: z.number().int(), definition: z.unknown() });
export type SavedVersion = z.infer<typeof SavedVersion>;

export const CreateAppBody = z.strictObject({ definition: z.unknown() });
export const SaveDraftBody = z.strictObject({
  definition: z.unknown(),
  /** The version this edit started from; a different current version is a 409 conflict. */
  baseVersion: z.number().int().min(1),
});
export const PublishBody = z.strictObject({ version: z.number().int().min(1).optional() });

export const DefinitionProblem = z.object({ path: z.string(), message: z.string() });

export const AppSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  currentVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  rowCount: z.number().int(),
  /** Where end users open it, once published. */
  url: z.string().nullable(),
  updatedAt: z.string(),
});
export type AppSummary = z.infer<typeof AppSummary>;

/** `GET /api/apps`. */
export const AppList = z.object({ apps: z.array(AppSummary) });
export type AppList = z.infer<typeof AppList>;

export const AppDetail = AppSummary.extend({
  definition: z.unknown(),
  /** What stops the current draft from being published; empty when it is valid. */
  problems: z.array(DefinitionProblem),
});
export type AppDetail = z.infer<typeof AppDetail>;

export const AppVersion = z.object({
  version: z.number().int(),
  author: z.enum(['builder', 'agent']),
  createdAt: z.string(),
  published: z.boolean(),
  /** What changed from the version before, in one line (null for versions saved before summaries). */
  summary: z.string().nullable(),
});
export type AppVersion = z.infer<typeof AppVersion>;

/** `GET /api/apps/:id/versions`, newest first. */
export const AppVersionList = z.object({ versions: z.array(AppVersion) });
export type AppVersionList = z.infer<typeof AppVersionList>;

export type DefinitionProblem = z.infer<typeof DefinitionProblem>;

export const ReviewFinding = z.object({
  ruleId: z.string(),
  severity: z.enum(['blocker', 'warning', 'info']),
  path: z.string(),
  message: z.string(),
});

export type ReviewFinding = z.infer<typeof ReviewFinding>;

/** What publishing did to stored rows when fields were removed or changed type. */
export const DataImpact = z.object({
  tableId: z.string(),
  fieldId: z.string().optional(),
  change: z.enum(['table_removed', 'field_removed', 'field_retyped']),
  rows: z.number().int(),
  message: z.string(),
});

export const PublishResult = z.object({
  published: z.boolean(),
  version: z.number().int(),
  url: z.string().nullable(),
  findings: z.array(ReviewFinding),
  dataImpact: z.array(DataImpact),
  /** The expression indexes the published views use (created at publish, stale ones dropped). */
  indexes: z.array(z.string()).optional(),
});
export type PublishResult = z.infer<typeof PublishResult>;
