import { Hono } from 'hono';
import { validateWorkflow } from '../../runtime/definitions/index.ts';
import { stepsBefore } from '../../runtime/workflows/index.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';
import {
  type ActivationResult,
  RerunBody,
  RunListQuery,
  RunParams,
  TestRunBody,
  WorkflowIdParam,
} from '../../schemas/index.ts';
import type { AppEnv, Platform } from '../kernel/context.ts';
import { HttpError, invalidDefinition, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams, readQuery } from '../kernel/validate.ts';
import { blocks, type Finding, reviewDefinition } from '../review/index.ts';
import type { JwtClaims, Tx } from '../store/db.ts';
import { getRun, listRuns } from '../store/workflow-runs.ts';
import { getWorkflow, getWorkflowVersion } from '../store/workflows.ts';
import { activationFindings, setActivation } from '../workflows/activation.ts';
import { planOf } from '../workflows/active-workflows.ts';
import { runnerOf, throwLimit } from '../workflows/route-support.ts';
import type { RunJob } from '../workflows/runner.ts';
import { ScheduleError } from '../workflows/schedules.ts';
import { resumeOutputs } from '../workflows/stored-runs.ts';

// Activation, runs, re-runs and test runs of a builder's workflow (`/api/workflows/:id/...`).

async function loadVersion(tx: Tx, id: string, version?: number) {
  const row = await getWorkflow(tx, id);
  if (!row) return null;
  const at = version ?? row.current_version;
  return { row, version: at, definition: await getWorkflowVersion(tx, id, at) };
}

function validOrThrow(definition: unknown): WorkflowDefinition {
  const checked = validateWorkflow(definition);
  if (!checked.ok) throw invalidDefinition(checked.errors);
  return checked.value;
}

const webhookUrlOf = (platform: Platform, id: string, definition: WorkflowDefinition) =>
  definition.trigger.kind === 'webhook' || definition.trigger.kind === 'message'
    ? `${platform.publicUrl}/hooks/${id}`
    : null;

const summary = (findings: readonly Finding[]) =>
  findings.map(({ ruleId, severity, path, message }) => ({ ruleId, severity, path, message }));

async function jobFor(
  platform: Platform,
  claims: JwtClaims,
  id: string,
  version: number | undefined,
): Promise<Omit<RunJob, 'trigger' | 'triggerInput'>> {
  const loaded = await platform.db.withUser(claims, async (tx) => {
    const found = await loadVersion(tx, id, version);
    return found && { ...found, plan: await planOf(tx) };
  });
  if (!loaded) throw notFound('workflow');
  if (loaded.definition === undefined) throw notFound(`version ${loaded.version} of this workflow`);
  return {
    workflowId: id,
    userId: claims.sub,
    version: loaded.version,
    definition: validOrThrow(loaded.definition),
    plan: loaded.plan,
  };
}

export const workflowRunRoutes = new Hono<AppEnv>()
  .post('/:id/activate', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const { platform, claims } = c.var;
    const loaded = await platform.db.withUser(claims, (tx) => loadVersion(tx, id));
    if (!loaded) throw notFound('workflow');
    const definition = validOrThrow(loaded.definition);
    const findings = [
      ...reviewDefinition(definition),
      ...(await activationFindings(platform, claims, id, definition)),
    ];
    const base = { findings: summary(findings), webhookUrl: webhookUrlOf(platform, id, definition) };
    if (blocks(findings)) {
      const body: ActivationResult & { error: { code: string; message: string } } = {
        status: loaded.row.status,
        activeVersion: loaded.row.active_version,
        ...base,
        error: {
          code: 'review_blocked',
          message: `The security review found ${findings.filter((f) => f.severity === 'blocker').length} blocking problem(s); fix them, then activate again.`,
        },
      };
      return c.json(body, 422);
    }
    try {
      await setActivation(platform, claims.sub, id, { version: loaded.version, definition });
    } catch (error) {
      if (error instanceof ScheduleError)
        throw new HttpError(400, 'invalid_definition', `definition.${error.path}: ${error.reason}`, {
          issues: [{ path: `definition.${error.path}`, message: error.reason }],
        });
      throw error;
    }
    const body: ActivationResult = { status: 'active', activeVersion: loaded.version, ...base };
    return c.json(body);
  })
  .post('/:id/deactivate', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const { platform, claims } = c.var;
    const row = await platform.db.withUser(claims, (tx) => getWorkflow(tx, id));
    if (!row) throw notFound('workflow');
    await setActivation(platform, claims.sub, id, null);
    const body: ActivationResult = {
      status: 'inactive',
      activeVersion: row.active_version,
      findings: [],
      webhookUrl: null,
    };
    return c.json(body);
  })
  .get('/:id/runs', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const { limit, before } = readQuery(c, RunListQuery);
    const runs = await c.var.platform.db.withUser(c.var.claims, async (tx) =>
      (await getWorkflow(tx, id)) ? listRuns(tx, id, limit, before) : null,
    );
    if (!runs) throw notFound('workflow');
    return c.json({ runs });
  })
  .get('/:id/runs/:runId', async (c) => {
    const { id, runId } = readParams(c, RunParams);
    const run = await c.var.platform.db.withUser(c.var.claims, (tx) => getRun(tx, id, runId));
    if (!run) throw notFound('run');
    return c.json(run);
  })
  .post('/:id/runs/:runId/rerun', async (c) => {
    const { id, runId } = readParams(c, RunParams);
    const { fromStep, version } = await readJsonBody(c, RerunBody);
    const { platform, claims } = c.var;
    const original = await platform.db.withUser(claims, (tx) => getRun(tx, id, runId));
    if (!original) throw notFound('run');
    const job = await jobFor(platform, claims, id, version === 'original' ? original.version : undefined);
    const before = stepsBefore(job.definition, fromStep);
    if (!before.ok)
      throw new HttpError(400, 'invalid_request', `fromStep: ${before.error}`, {
        issues: [{ path: 'fromStep', message: before.error }],
      });
    const outputs = resumeOutputs(original.steps);
    const missing = before.value.filter((stepId) => !(stepId in outputs));
    if (missing.length > 0)
      throw new HttpError(
        400,
        'invalid_request',
        `fromStep: the original run has no result of ${missing.map((s) => `"${s}"`).join(', ')}, which "${fromStep}" needs; re-run from an earlier step`,
        { issues: [{ path: 'fromStep', message: `needs the results of ${missing.join(', ')}` }] },
      );
    const launched = await runnerOf(platform)
      .launch({
        ...job,
        trigger: 'rerun',
        triggerInput: original.triggerInput,
        resume: { fromStep, outputs },
        rerunOf: { runId, fromStep },
      })
      .catch(throwLimit);
    return c.json({ runId: launched.runId, status: 'queued' }, 202);
  })
  .post('/:id/test-run', async (c) => {
    const { id } = readParams(c, WorkflowIdParam);
    const { trigger } = await readJsonBody(c, TestRunBody);
    const { platform, claims } = c.var;
    const job = await jobFor(platform, claims, id, undefined);
    const launched = await runnerOf(platform)
      .launch({ ...job, trigger: 'manual', triggerInput: trigger }, { wait: true })
      .catch(throwLimit);
    const run = await platform.db.withUser(claims, (tx) => getRun(tx, id, launched.runId));
    if (!run) throw notFound('run');
    return c.json(run);
  });
