import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type RunningPipelineWorker, startPipelineWorker } from '../../agents/pipeline/worker.ts';
import type { Platform } from '../../kernel/context.ts';

// The embedded default's agent pipeline: the worker runs in this process. It claims queued stage
// jobs and, from its first poll on, the running ones a stopped process left once their lease runs
// out, so a restart resumes every build from its last finished stage.

/**
 * PIPELINE_LEASE_MS: how long a stage's claim lasts without renewal (default 30 s; tests shorten
 * it to see a restart resume quickly). PIPELINE_RETRY_BASE_MS: the first wait before a retried
 * model error (default 2 s).
 */
export function startNodePipeline(
  platform: Platform,
  env: Readonly<Record<string, string | undefined>>,
): RunningPipelineWorker | undefined {
  if (!platform.blobs) return undefined;
  const worker = startPipelineWorker({
    // Which process holds a job's lease, as an operator reads it in pipeline_jobs.lease_owner.
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    env: {
      db: platform.db,
      secrets: platform.secrets,
      blobs: platform.blobs,
      log: platform.log,
      ...(platform.anthropicBaseUrl ? { anthropicBaseUrl: platform.anthropicBaseUrl } : {}),
    },
    ...(Number(env.PIPELINE_LEASE_MS) > 0 ? { leaseMs: Number(env.PIPELINE_LEASE_MS) } : {}),
    ...(Number(env.PIPELINE_RETRY_BASE_MS) >= 0 && env.PIPELINE_RETRY_BASE_MS
      ? { retryBaseMs: Number(env.PIPELINE_RETRY_BASE_MS) }
      : {}),
  });
  platform.pipeline = worker;
  return worker;
}
