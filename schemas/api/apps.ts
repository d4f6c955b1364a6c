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

/**
 * What the caller may do with a definition: its owner edits, publishes and manages it; a
 * reviewer (added by the owner) reads its versions and diffs and nothing else.
 */
export const DefinitionAccess = z.enum(['owner', 'reviewer']);
export type DefinitionAccess = z.infer<typeof DefinitionAccess>;

/** Who the caller is to one app or workflow, as its detail says. */
export const DefinitionOwnership = z.object({
  access: DefinitionAccess,
  /** The owner's username (the caller's own when they own it). */
  owner: z.string(),
});

export const AppDetail = AppSummary.extend({
  ...DefinitionOwnership.shape,
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

// Reviewers (issue #5): builders the owner lets read an app's or a workflow's versions and diffs.

const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** `POST /api/apps/:id/reviewers` (and workflows): another builder, by their username. */
export const AddReviewerBody = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, 'must be a username (at least 3 characters)')
    .max(32, 'must be a username (at most 32 characters)')
    .regex(USERNAME_PATTERN, 'must be a username: a-z, 0-9 and inner hyphens'),
});
export type AddReviewerBody = z.infer<typeof AddReviewerBody>;

export const ReviewerParams = z.object({
  id: z.uuid('must be an id (uuid)'),
  username: z.string().min(1).max(64),
});

export const Reviewer = z.object({ username: z.string(), addedAt: z.string() });
export type Reviewer = z.infer<typeof Reviewer>;

/** `GET /api/apps/:id/reviewers` (and workflows), oldest first; only the owner may list them. */
export const ReviewerList = z.object({ reviewers: z.array(Reviewer) });
export type ReviewerList = z.infer<typeof ReviewerList>;

/** An app another builder shares with the caller for review. */
export const SharedApp = AppSummary.extend({ access: z.literal('reviewer'), owner: z.string() });
export type SharedApp = z.infer<typeof SharedApp>;

/** `GET /api/shared-with-me/apps`. */
export const SharedAppList = z.object({ apps: z.array(SharedApp) });
export type SharedAppList = z.infer<typeof SharedAppList>;
