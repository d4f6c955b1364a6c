import { validateApp, validateWorkflow } from '../../../runtime/definitions/index.ts';
import { CodeBundle } from '../../../schemas/code/code-bundle.ts';
import type { ApproveResult, PipelineFinding } from '../../../schemas/index.ts';
import { publishApp } from '../../apps/publish.ts';
import type { Platform } from '../../kernel/context.ts';
import { HttpError, invalidDefinition, notFound } from '../../kernel/errors.ts';
import { blocks, type Finding, reviewDefinition } from '../../review/index.ts';
import { getApp, saveDraft } from '../../store/apps.ts';
import { DbError, type JwtClaims, type Tx } from '../../store/db.ts';
import { APP_DEFINITIONS, insertVersion, WORKFLOW_DEFINITIONS } from '../../store/definition-versions.ts';
import { getPipelineFeature, linkResult, markApproved } from '../../store/pipeline.ts';
import { getWorkflow, saveWorkflowDraft } from '../../store/workflows.ts';
import { activationFindings, setActivation } from '../../workflows/activation.ts';
import { listArtifactRows, loadArtifacts } from './artifacts.ts';
import { codeZipPath } from './detail.ts';

// Approving a reviewed build: the app is created (or given a new agent-authored version) and
// published through the same review as the Publish button; the workflow is created and activated
// through the activation check; the code bundle's zip becomes available. Blocking findings stop
// it with a 422 and the feature stays awaiting approval.

export interface ApproveOutcome {
  status: 200 | 422;
  result: ApproveResult;
}

const SUMMARY = 'Built by the agent pipeline';

const asPipeline = (findings: readonly Finding[]): PipelineFinding[] =>
  findings.map((f) => ({ ...f, source: 'rules' }));

const slugTaken = (error: unknown) => error instanceof DbError && error.code === '23505';

/** The app's id after storing `definition` as an agent-authored version (a new app the first time). */
async function storeApp(
  tx: Tx,
  featureId: string,
  appId: string | null,
  definition: unknown,
): Promise<string> {
  const app = validateApp(definition);
  if (!app.ok) throw invalidDefinition(app.errors);
  if (appId) {
    const row = await getApp(tx, appId);
    if (row) {
      const saved = await saveDraft(tx, appId, row.current_version, app.value, 'agent', {
        name: app.value.name,
        slug: app.value.slug,
      });
      if (saved?.ok) return appId;
    }
  }
  const [row] = await tx.query<{ id: string }>(
    'insert into app_definitions (name, slug) values ($1, $2) returning id',
    [app.value.name, app.value.slug],
  );
  await insertVersion(tx, APP_DEFINITIONS, row!.id, 1, app.value, 'agent', SUMMARY);
  await tx.query('insert into app_access (app_id) values ($1)', [row!.id]);
  await linkResult(tx, featureId, { appId: row!.id });
  return row!.id;
}

async function storeWorkflow(
  tx: Tx,
  featureId: string,
  workflowId: string | null,
  definition: unknown,
): Promise<string> {
  const workflow = validateWorkflow(definition);
  if (!workflow.ok) throw invalidDefinition(workflow.errors);
  if (workflowId) {
    const row = await getWorkflow(tx, workflowId);
    if (row) {
      const saved = await saveWorkflowDraft(
        tx,
        workflowId,
        row.current_version,
        workflow.value,
        'agent',
        workflow.value.name,
      );
      if (saved?.ok) return workflowId;
    }
  }
  const [row] = await tx.query<{ id: string }>(
    'insert into workflow_definitions (name) values ($1) returning id',
    [workflow.value.name],
  );
  await insertVersion(tx, WORKFLOW_DEFINITIONS, row!.id, 1, workflow.value, 'agent', SUMMARY);
  await linkResult(tx, featureId, { workflowId: row!.id });
  return row!.id;
}

export async function approveFeature(
  platform: Platform,
  claims: JwtClaims,
  featureId: string,
): Promise<ApproveOutcome> {
  const { db } = platform;
  const loaded = await db.withUser(claims, async (tx) => {
    const feature = await getPipelineFeature(tx, featureId, true);
    return feature && { feature, rows: await listArtifactRows(tx, featureId) };
  });
  if (!loaded) throw notFound('feature');
  const { feature } = loaded;
  if (feature.status !== 'awaiting_approval')
    throw new HttpError(
      409,
      'not_awaiting_approval',
      `The feature is ${feature.status}, not awaiting approval`,
    );
  const artifacts = platform.blobs ? await loadArtifacts(platform.blobs, loaded.rows) : {};
  const candidate = artifacts.definition ?? artifacts.code;
  if (!candidate)
    throw new HttpError(409, 'no_result', 'The build has no result to approve: retry from implementing');
  const reviewers = (artifacts.review?.findings ?? []).filter((f) => f.source !== 'rules');
  const none = { appId: feature.app_id, workflowId: feature.workflow_id, resultUrl: null, codeZipUrl: null };
  const blocked = (findings: PipelineFinding[], ids: Partial<typeof none> = {}): ApproveOutcome => ({
    status: 422,
    result: { approved: false, findings, ...none, ...ids },
  });
  // The LLM reviewers' blockers stop approval as the rules' do; rejecting with a comment fixes them.
  if (blocks(reviewers)) return blocked([...reviewers]);
  const result = candidate.result;

  if (result.kind === 'components') {
    const appId = await db
      .withUser(claims, (tx) => storeApp(tx, featureId, feature.app_id, result.definition))
      .catch((error) => {
        if (slugTaken(error))
          throw new HttpError(
            409,
            'slug_taken',
            `definition.slug: you already have an app at "${String(result.definition.slug)}"; reject with a comment asking for another slug`,
          );
        throw error;
      });
    const published = await publishApp(platform, claims, appId);
    const findings = [...asPipeline(published.result.findings), ...reviewers];
    if (published.status === 422) return blocked(findings, { appId });
    await db.withUser(claims, (tx) => markApproved(tx, featureId, { appId }));
    return {
      status: 200,
      result: {
        approved: true,
        findings,
        appId,
        workflowId: null,
        resultUrl: published.result.url,
        codeZipUrl: null,
      },
    };
  }

  if (result.kind === 'workflows') {
    const workflowId = await db.withUser(claims, (tx) =>
      storeWorkflow(tx, featureId, feature.workflow_id, result.definition),
    );
    const checked = validateWorkflow(result.definition);
    if (!checked.ok) throw invalidDefinition(checked.errors);
    const definition = checked.value;
    const rules = [
      ...reviewDefinition(definition),
      ...(await activationFindings(platform, claims, workflowId, definition)),
    ];
    const findings = [...asPipeline(rules), ...reviewers];
    if (blocks(rules)) return blocked(findings, { workflowId });
    const version = await db.withUser(
      claims,
      async (tx) => (await getWorkflow(tx, workflowId))!.current_version,
    );
    await setActivation(platform, claims.sub, workflowId, { version, definition });
    await db.withUser(claims, (tx) => markApproved(tx, featureId, { workflowId }));
    return {
      status: 200,
      result: { approved: true, findings, appId: null, workflowId, resultUrl: null, codeZipUrl: null },
    };
  }

  const bundle = CodeBundle.safeParse(candidate.bundle);
  if (!bundle.success)
    throw new HttpError(409, 'no_result', 'The code bundle is not valid: retry from implementing');
  const rules = reviewDefinition(bundle.data);
  const findings = [...asPipeline(rules), ...reviewers];
  if (blocks(rules)) return blocked(findings);
  await db.withUser(claims, (tx) => markApproved(tx, featureId, {}));
  return {
    status: 200,
    result: {
      approved: true,
      findings,
      appId: null,
      workflowId: null,
      resultUrl: null,
      codeZipUrl: codeZipPath(featureId),
    },
  };
}
