import { type Context, Hono } from 'hono';
import type { Definition } from '../../runtime/definitions/index.ts';
import { diffDefinitions, validateWorkflow } from '../../runtime/definitions/index.ts';
import {
  CreateWorkflowBody,
  OneWorkflowVersionParams,
  SaveWorkflowDraftBody,
  type SharedWorkflowList,
  type WorkflowDetail,
  WorkflowIdParam,
  type WorkflowList,
  WorkflowVersionParams,
} from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, invalidDefinition, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { WORKFLOW_DEFINITIONS } from '../store/definition-versions.ts';
import { getMe } from '../store/profiles.ts';
import { definitionAccess, sharedWithMe } from '../store/reviewers.ts';
import {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  getWorkflowVersion,
  listWorkflows,
  listWorkflowVersions,
  saveWorkflowDraft,
  toWorkflowSummary,
} from '../store/workflows.ts';
import { readOnlyForReviewers, reviewerRoutes } from './reviewers.ts';
import { workflowRunRoutes } from './workflow-runs.ts';
import { workflowBindingRoutes, workflowSecretRoutes } from './workflow-secrets.ts';

// The builder's side of workflow definitions: drafts, history and diffs. Record steps are not
// checked against the builder's apps here, so the server finds the same problems as the studio,
// which validates with `validateWorkflow(definition)` too.

/** A draft's name, when it has a usable one (an invalid draft may still be saved). */
function nameOf(definition: object): string | undefined {
  const name = (definition as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 120) : undefined;
}

const problemsOf = (definition: unknown) => {
  const checked = validateWorkflow(definition);
  return checked.ok ? [] : checked.errors;
};

const guard = readOnlyForReviewers(WORKFLOW_DEFINITIONS);

/** `GET /api/shared-with-me/workflows`: the workflows other builders added this builder to as a reviewer. */
export const listSharedWorkflows = async (c: Context<AppEnv>) => {
  const body = await c.var.platform.db.withUser(c.var.claims, async (tx): Promise<SharedWorkflowList> => {
    const shared = await sharedWithMe(tx, WORKFLOW_DEFINITIONS);
    if (shared.size === 0) return { workflows: [] };
    const rows = (await listWorkflows(tx)).filter((row) => shared.has(row.id));
    return {
      workflows: rows.map((row) => ({
        ...toWorkflowSummary(row),
        access: 'reviewer',
        owner: shared.get(row.id)!,
      })),
    };
  });
  return c.json(body);
};

/**
 * `/api/workflows`. A workflow's reviewers (issue #5) read it too (RLS shows it to them), so the
 * builder's own list leaves out what is only shared with them (`/api/shared-with-me/workflows` lists that).
 */
export const workflowRoutes = new Hono<AppEnv>()
  // First, for /:id and all under it, so it also guards routes mounted there later.
  .use('/:id/*', guard)
  .get('/', async (c) => {
    const body = await c.var.platform.db.withUser(c.var.claims, async (tx): Promise<WorkflowList> => {
      const shared = await sharedWithMe(tx, WORKFLOW_DEFINITIONS);
      const own = (await listWorkflows(tx)).filter((row) => !shared.has(row.id));
      return { workflows: own.map(toWorkflowSummary) };
    });
    return c.json(body);
  })
  .post('/', async (c) => {
    const { definition } = await readJsonBody(c, CreateWorkflowBody);
    const checked = validateWorkflow(definition);
    if (!checked.ok) throw invalidDefinition(checked.errors);
    const workflow = checked.value;
    const detail = await c.var.platform.db.withUser(c.var.claims, async (tx): Promise<WorkflowDetail> => {
      const row = await createWorkflow(tx, workflow.name, workflow);
      const owner = (await getMe(tx, ''))?.username ?? '';
      return { ...toWorkflowSummary(row), access: 'owner', owner, definition: workflow, problems: [] };
    });
    return c.json(detail, 201);
  })
  .get('/:id', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const detail = await c.var.platform.db.withUser(
      c.var.claims,
      async (tx): Promise<WorkflowDetail | null> => {
        const row = await getWorkflow(tx, id);
        const ownership = row && (await definitionAccess(tx, WORKFLOW_DEFINITIONS, id));
        if (!row || !ownership) return null;
        const definition = await getWorkflowVersion(tx, id, row.current_version);
        return { ...toWorkflowSummary(row), ...ownership, definition, problems: problemsOf(definition) };
      },
    );
    if (!detail) throw notFound('workflow');
    return c.json(detail);
  })
  .put('/:id', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const { definition, baseVersion } = await readJsonBody(c, SaveWorkflowDraftBody);
    if (
      typeof definition !== 'object' ||
      definition === null ||
      (definition as { kind?: unknown }).kind !== 'workflow'
    ) {
      throw new HttpError(
        400,
        'invalid_definition',
        'definition: must be a workflow definition object (kind "workflow")',
        { issues: [{ path: 'definition.kind', message: 'must be "workflow"' }] },
      );
    }
    const saved = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const outcome = await saveWorkflowDraft(tx, id, baseVersion, definition, 'builder', nameOf(definition));
      return outcome && { outcome, owner: (await getMe(tx, ''))?.username ?? '' };
    });
    if (!saved) throw notFound('workflow');
    const { outcome, owner } = saved;
    if (!outcome.ok) {
      throw new HttpError(
        409,
        'version_conflict',
        `This workflow changed since version ${baseVersion} (it is now at version ${outcome.currentVersion}, saved elsewhere). Reload it, then edit again.`,
      );
    }
    const detail: WorkflowDetail = {
      ...toWorkflowSummary(outcome.row),
      access: 'owner',
      owner,
      definition,
      problems: problemsOf(definition),
    };
    return c.json(detail);
  })
  .delete('/:id', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const { platform, claims } = c.var;
    const access = await platform.db.withUser(claims, (tx) => definitionAccess(tx, WORKFLOW_DEFINITIONS, id));
    if (access?.access !== 'owner') throw notFound('workflow');
    // Its state first, once it is known to be the caller's: on Cloudflare it lives in the
    // workflow's Durable Object, which no foreign key reaches. Should clearing fail, the workflow
    // is still there to delete again.
    await platform.workflows?.forget({ userId: claims.sub, workflowId: id });
    const deleted = await platform.db.withUser(claims, (tx) => deleteWorkflow(tx, id));
    if (!deleted) throw notFound('workflow');
    return c.body(null, 204);
  })
  .get('/:id/versions', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const versions = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const row = await getWorkflow(tx, id);
      return row ? listWorkflowVersions(tx, id, row.active_version) : null;
    });
    if (!versions) throw notFound('workflow');
    return c.json({ versions });
  })
  .get('/:id/versions/:version', async (c) => {
    const { id, version } = readParams(c, OneWorkflowVersionParams);
    const definition = await c.var.platform.db.withUser(c.var.claims, (tx) =>
      getWorkflowVersion(tx, id, version),
    );
    if (definition === undefined) throw notFound(`version ${version} of this workflow`);
    return c.json({ version, definition });
  })
  .get('/:id/versions/:a/diff/:b', async (c) => {
    const { id, a, b } = readParams(c, WorkflowVersionParams);
    const pair = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      if (!(await getWorkflow(tx, id))) return null;
      return [await getWorkflowVersion(tx, id, a), await getWorkflowVersion(tx, id, b)] as const;
    });
    if (!pair) throw notFound('workflow');
    if (pair[0] === undefined) throw notFound(`version ${a} of this workflow`);
    if (pair[1] === undefined) throw notFound(`version ${b} of this workflow`);
    // Every stored version is an object of kind "workflow" (PUT refuses anything else), so the
    // diff is the entity-aware one, or the raw one for drafts without a workflow's shape.
    return c.json(diffDefinitions(pair[0] as Definition, pair[1] as Definition));
  })
  // Activation, runs and test runs: under the reviewer guard above (reviewers read runs only).
  .route('/', workflowRunRoutes)
  .route('/:id', workflowSecretRoutes)
  .route('/:id', workflowBindingRoutes)
  .route('/', reviewerRoutes(WORKFLOW_DEFINITIONS));
