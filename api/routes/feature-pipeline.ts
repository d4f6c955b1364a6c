import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { CodeBundle } from '../../schemas/code/code-bundle.ts';
import {
  type AgentRunList,
  type ArtifactKind,
  BuildBody,
  FeatureIdParam,
  PIPELINE_STAGES,
  type PipelineStage,
  RejectBody,
  RetryBody,
} from '../../schemas/index.ts';
import { approveFeature } from '../agents/pipeline/approve.ts';
import { dropArtifacts, listArtifactRows, loadArtifacts } from '../agents/pipeline/artifacts.ts';
import { readFeatureDetail, readProgress } from '../agents/pipeline/detail.ts';
import { codeSpecMarkdown } from '../agents/pipeline/spec-markdown.ts';
import { zipFiles } from '../agents/pipeline/zip.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { parseWith, readJsonBody, readParams } from '../kernel/validate.ts';
import type { Tx } from '../store/db.ts';
import {
  getPipelineFeature,
  listAgentRuns,
  openJob,
  type PipelineFeatureRow,
  setRejection,
  startBuild,
} from '../store/pipeline.ts';
import { secretStatus } from '../store/secrets.ts';

// The build of a feature: start, progress (SSE), agent runs, approve / reject / retry, the code zip.
// Mounted at /api/features (after featureRoutes). Everything reads and writes as the builder, so
// another builder's feature is simply not found.

/** Artifacts each stage produces: retrying from a stage drops its and later stages' artifacts. */
const PRODUCES: Record<PipelineStage, ArtifactKind[]> = {
  spec: ['spec'],
  planning: ['plan'],
  testing: ['tests'],
  implementing: ['definition', 'code'],
  reviewing: ['review'],
};

const from = (stage: PipelineStage) =>
  PIPELINE_STAGES.slice(PIPELINE_STAGES.indexOf(stage)).flatMap((s) => PRODUCES[s]);

const RUNNING = new Set<string>(PIPELINE_STAGES);
/** The events stream ends once the build stops moving on its own. */
const SETTLED = new Set(['awaiting_approval', 'done', 'failed', 'drafting']);

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

/** A body that may be left out (a bare POST); when sent it must be JSON of `schema`'s shape. */
async function optionalBody<S extends Parameters<typeof parseWith>[0]>(c: Context, schema: S) {
  if (!c.req.header('content-type') && !(await c.req.raw.clone().text()))
    return parseWith(schema, {}, 'body');
  return readJsonBody(c, schema);
}

async function loadFeature(tx: Tx, id: string): Promise<PipelineFeatureRow> {
  const feature = await getPipelineFeature(tx, id, true);
  if (!feature) throw notFound('feature');
  return feature;
}

async function requireKey(tx: Tx): Promise<void> {
  if (!(await secretStatus(tx, 'anthropic_key')).configured)
    throw new HttpError(
      409,
      'key_missing',
      'The build needs your Anthropic key: add your Anthropic key in Settings',
    );
}

async function requireNoOpenJob(tx: Tx, feature: PipelineFeatureRow): Promise<void> {
  if ((await openJob(tx, feature.id)) || RUNNING.has(feature.status))
    throw new HttpError(409, 'build_running', 'A build of this feature is already running');
}

export const featurePipelineRoutes = new Hono<AppEnv>()
  .post('/:id/build', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const body = await optionalBody(c, BuildBody);
    const { platform, claims } = c.var;
    const dropped = await platform.db.withUser(claims, async (tx) => {
      const feature = await loadFeature(tx, id);
      await requireNoOpenJob(tx, feature);
      const mode = feature.mode ?? feature.recommended_mode;
      if (!mode)
        throw new HttpError(
          409,
          'mode_missing',
          'mode: choose components, workflows or code (or let the chat recommend one) before building',
        );
      await requireKey(tx);
      // A new build starts from scratch: the previous build's artifacts go.
      const keys = await dropArtifacts(tx, id, from('spec'));
      await setRejection(tx, id, null);
      await startBuild(tx, id, {
        stage: 'spec',
        mode,
        // The body's budget, else the platform's default for new builds (PIPELINE_TOKEN_BUDGET),
        // else the feature keeps the one it has.
        ...((body.tokenBudget ?? platform.pipelineTokenBudget)
          ? { tokenBudget: body.tokenBudget ?? platform.pipelineTokenBudget }
          : {}),
      });
      return keys;
    });
    await Promise.all(dropped.map((key) => platform.blobs?.delete(key).catch(() => {})));
    await platform.pipeline?.wake(id);
    const detail = await platform.db.withUser(claims, (tx) => readFeatureDetail(platform, tx, id));
    return c.json(detail, 202);
  })
  .get('/:id/events', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { platform, claims } = c.var;
    const first = await platform.db.withUser(claims, (tx) => readProgress(tx, id));
    if (!first) throw notFound('feature');
    return streamSSE(c, async (stream) => {
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      let last = '';
      let progress: typeof first | null = first;
      let lastBeat = Date.now();
      while (open && progress) {
        const data = JSON.stringify(progress);
        if (data !== last) {
          await stream.writeSSE({ event: 'progress', data });
          last = data;
        }
        if (SETTLED.has(progress.status)) {
          await stream.writeSSE({ event: 'end', data });
          return;
        }
        if (Date.now() - lastBeat >= HEARTBEAT_MS) {
          // A comment line: proxies keep the connection, clients ignore it.
          await stream.write(': heartbeat\n\n');
          lastBeat = Date.now();
        }
        await stream.sleep(POLL_MS);
        if (!open) return;
        progress = await platform.db.withUser(claims, (tx) => readProgress(tx, id));
      }
      // The feature was deleted while watching.
      if (open) await stream.writeSSE({ event: 'end', data: JSON.stringify({ status: 'deleted' }) });
    });
  })
  .get('/:id/runs', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const runs = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      if (!(await getPipelineFeature(tx, id))) throw notFound('feature');
      return listAgentRuns(tx, id);
    });
    const body: AgentRunList = {
      runs: runs.map((r) => ({
        id: r.id,
        agent: r.agent,
        stage: r.stage,
        model: r.model,
        inputTokens: r.input_tokens,
        outputTokens: r.output_tokens,
        cacheReadTokens: r.cache_read_tokens,
        cacheWriteTokens: r.cache_write_tokens,
        costUsd: Number(r.cost_usd),
        durationMs: r.duration_ms,
        status: r.status,
        error: r.error,
        createdAt: r.created_at.toISOString(),
      })),
    };
    return c.json(body);
  })
  .post('/:id/approve', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { status, result } = await approveFeature(c.var.platform, c.var.claims, id);
    return c.json(result, status);
  })
  .post('/:id/reject', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { comment } = await readJsonBody(c, RejectBody);
    const { platform, claims } = c.var;
    await platform.db.withUser(claims, async (tx) => {
      const feature = await loadFeature(tx, id);
      if (feature.status !== 'awaiting_approval')
        throw new HttpError(
          409,
          'not_awaiting_approval',
          `The feature is ${feature.status}, not awaiting approval`,
        );
      await requireNoOpenJob(tx, feature);
      await requireKey(tx);
      await setRejection(tx, id, comment);
      await startBuild(tx, id, {
        stage: 'implementing',
        feedback: JSON.stringify({ rejectionComment: comment }),
      });
    });
    await platform.pipeline?.wake(id);
    const detail = await platform.db.withUser(claims, (tx) => readFeatureDetail(platform, tx, id));
    return c.json(detail, 202);
  })
  .post('/:id/retry', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const body = await optionalBody(c, RetryBody);
    const { platform, claims } = c.var;
    const dropped = await platform.db.withUser(claims, async (tx) => {
      const feature = await loadFeature(tx, id);
      if (feature.status !== 'failed')
        throw new HttpError(
          409,
          'not_failed',
          `Only a failed build can be retried; this feature is ${feature.status}`,
        );
      await requireNoOpenJob(tx, feature);
      const failed = feature.failed_stage ?? 'spec';
      const stage = body.stage ?? failed;
      if (PIPELINE_STAGES.indexOf(stage) > PIPELINE_STAGES.indexOf(failed))
        throw new HttpError(400, 'invalid_request', `stage: retry from "${failed}" or an earlier stage`, {
          issues: [{ path: 'stage', message: `must be "${failed}" or an earlier stage` }],
        });
      await requireKey(tx);
      const keys = await dropArtifacts(tx, id, from(stage));
      const feedback =
        stage === 'implementing' && feature.rejection_comment
          ? JSON.stringify({ rejectionComment: feature.rejection_comment })
          : null;
      await startBuild(tx, id, { stage, feedback });
      return keys;
    });
    await Promise.all(dropped.map((key) => platform.blobs?.delete(key).catch(() => {})));
    await platform.pipeline?.wake(id);
    const detail = await platform.db.withUser(claims, (tx) => readFeatureDetail(platform, tx, id));
    return c.json(detail, 202);
  })
  .get('/:id/artifacts/code.zip', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { platform, claims } = c.var;
    const loaded = await platform.db.withUser(claims, async (tx) => {
      const feature = await getPipelineFeature(tx, id);
      return feature && { feature, rows: await listArtifactRows(tx, id) };
    });
    if (loaded?.feature.mode !== 'code' || loaded.feature.status !== 'done' || !platform.blobs)
      throw notFound('code zip (approve the code build first)');
    const { code } = await loadArtifacts(platform.blobs, loaded.rows);
    if (code?.result.kind !== 'code') throw notFound('code zip');
    // SPEC.md first (the spec in markdown, as the bundle keeps it), then the sources and the tests.
    const bundle = CodeBundle.safeParse(code.bundle);
    const spec = bundle.success ? [{ path: 'SPEC.md', content: codeSpecMarkdown(bundle.data.spec) }] : [];
    const files = [...spec, ...code.result.files, ...code.result.tests];
    const zip = zipFiles(files);
    const name = loaded.feature.title.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'feature';
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${name}.zip"`,
    });
  });
