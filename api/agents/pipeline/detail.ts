import type { FeatureDetail, FeatureProgress, PipelineStage } from '../../../schemas/index.ts';
import type { Platform } from '../../kernel/context.ts';
import type { Tx } from '../../store/db.ts';
import { toFeature } from '../../store/features.ts';
import { getPipelineFeature, openJob, type PipelineFeatureRow } from '../../store/pipeline.ts';
import { secretStatus } from '../../store/secrets.ts';
import { listArtifactRows, loadArtifacts, toFeatureArtifacts } from './artifacts.ts';

// What the studio reads about a build: the whole detail (`GET /api/features/:id`) and the small
// progress record the events stream sends whenever it changes. Both read as the builder.

export const codeZipPath = (featureId: string) => `/api/features/${featureId}/artifacts/code.zip`;

type Job = Awaited<ReturnType<typeof openJob>>;

export function progressOf(row: PipelineFeatureRow, job: Job): FeatureProgress {
  return {
    status: row.status,
    activity: row.activity,
    job,
    failedStage: row.failed_stage as PipelineStage | null,
    failureReason: row.failure_reason,
    tokensUsed: Number(row.tokens_used),
    costUsd: Number(row.cost_usd),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The feature's progress, or null when the builder has no such feature. */
export async function readProgress(tx: Tx, featureId: string): Promise<FeatureProgress | null> {
  const row = await getPipelineFeature(tx, featureId);
  return row ? progressOf(row, await openJob(tx, featureId)) : null;
}

/** The app's public address, when the approved app is published. */
async function resultUrlOf(tx: Tx, publicUrl: string, appId: string | null): Promise<string | null> {
  if (!appId) return null;
  const [row] = await tx.query<{ slug: string; username: string; published: boolean }>(
    `select d.slug, p.username, d.published_version is not null as published
       from app_definitions d join profiles p on p.id = d.user_id where d.id = $1`,
    [appId],
  );
  return row?.published ? `${publicUrl}/u/${row.username}/${row.slug}` : null;
}

export async function readFeatureDetail(
  platform: Platform,
  tx: Tx,
  featureId: string,
): Promise<FeatureDetail | null> {
  const row = await getPipelineFeature(tx, featureId);
  if (!row) return null;
  const job = await openJob(tx, featureId);
  const rows = await listArtifactRows(tx, featureId);
  const key = await secretStatus(tx, 'anthropic_key');
  const resultUrl = await resultUrlOf(tx, platform.publicUrl, row.app_id);
  const loaded = platform.blobs ? await loadArtifacts(platform.blobs, rows) : {};
  return {
    ...toFeature(row),
    recommendedMode: row.recommended_mode,
    modeReason: row.mode_reason,
    activity: row.activity,
    failedStage: row.failed_stage as PipelineStage | null,
    failureReason: row.failure_reason,
    rejectionComment: row.rejection_comment,
    tokenBudget: row.token_budget,
    tokensUsed: Number(row.tokens_used),
    costUsd: Number(row.cost_usd),
    job,
    artifacts: toFeatureArtifacts(loaded),
    appId: row.app_id,
    workflowId: row.workflow_id,
    resultUrl,
    codeZipUrl: row.mode === 'code' && row.status === 'done' ? codeZipPath(row.id) : null,
    keyConfigured: key.configured,
  };
}
