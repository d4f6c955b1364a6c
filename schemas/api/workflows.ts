import { z } from 'zod';
import { CreateAppBody, DefinitionOwnership, DefinitionProblem, SaveDraftBody } from './apps.ts';

// The builder's workflow definitions: drafts as versions, history and diffs, as for apps.
// Activation, runs and triggers come with the workflow runtime.

const WorkflowId = z.uuid('must be a workflow id (uuid)');
const VersionNumber = z.coerce.number().int().min(1, 'must be a version number');

export const WorkflowIdParam = z.object({ id: WorkflowId });
export const WorkflowVersionParams = z.object({ id: WorkflowId, a: VersionNumber, b: VersionNumber });
export const OneWorkflowVersionParams = z.object({ id: WorkflowId, version: VersionNumber });

/** `{definition}`: must be a valid workflow definition (kind "workflow"). */
export const CreateWorkflowBody = CreateAppBody;
/** `{definition, baseVersion}`: a draft, saved even when invalid; a stale baseVersion is a 409. */
export const SaveWorkflowDraftBody = SaveDraftBody;

export const WorkflowStatus = z.enum(['draft', 'active', 'inactive']);

export const WorkflowSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Only activation (after the security review) changes it; a saved draft never does. */
  status: WorkflowStatus,
  currentVersion: z.number().int(),
  /** The version that runs on triggers, once one was activated. */
  activeVersion: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type WorkflowSummary = z.infer<typeof WorkflowSummary>;

export const WorkflowList = z.object({ workflows: z.array(WorkflowSummary) });
export type WorkflowList = z.infer<typeof WorkflowList>;

export const WorkflowDetail = WorkflowSummary.extend({
  /** Owner, or reviewer (reads versions and diffs only), and the owner's username. */
  ...DefinitionOwnership.shape,
  /** The current version as saved (an invalid draft comes back as it was sent). */
  definition: z.unknown(),
  /** What makes the current draft invalid; empty when it is valid. */
  problems: z.array(DefinitionProblem),
});
export type WorkflowDetail = z.infer<typeof WorkflowDetail>;

export const WorkflowVersion = z.object({
  version: z.number().int(),
  author: z.enum(['builder', 'agent']),
  createdAt: z.string(),
  /** Whether this is the version that runs on triggers. */
  active: z.boolean(),
  /** What changed from the version before, in one line (null for versions saved before summaries). */
  summary: z.string().nullable(),
});
export type WorkflowVersion = z.infer<typeof WorkflowVersion>;

export const WorkflowVersionList = z.object({ versions: z.array(WorkflowVersion) });
export type WorkflowVersionList = z.infer<typeof WorkflowVersionList>;

/** A workflow another builder shares with the caller for review. */
export const SharedWorkflow = WorkflowSummary.extend({ access: z.literal('reviewer'), owner: z.string() });
export type SharedWorkflow = z.infer<typeof SharedWorkflow>;

/** `GET /api/shared-with-me/workflows`. */
export const SharedWorkflowList = z.object({ workflows: z.array(SharedWorkflow) });
export type SharedWorkflowList = z.infer<typeof SharedWorkflowList>;
