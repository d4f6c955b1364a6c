import { runClaimedJob, stageRunner } from '../../agents/pipeline/worker.ts';
import { aesGcmSecretBox } from '../../ports/secret-box.ts';
import { claimJob, leaseEnd } from '../../store/pipeline.ts';
import { createPostgresDb } from '../../store/postgres-db.ts';
import { detectSecretStore } from '../../store/secrets.ts';
import { readSettings, type WorkerEnv, type WorkerSettings } from './bindings.ts';
import { log } from './log.ts';
import { r2BlobStore } from './r2-blob-store.ts';

// What one alarm of a feature's PipelineObject does: claims that feature's next stage job
// (finishing a stage queues the next in the same transaction) and runs it with the Node loop's own
// `runClaimedJob`; the next alarm takes the next stage. A stage outlasts any request's waitUntil,
// so it runs here, in an alarm, which may run for minutes.

/** After a lease's end, a moment more, so the claim sees it run out. */
const AFTER_LEASE_MS = 100;

let settings: WorkerSettings | undefined;

/**
 * Runs the feature's next claimable stage. One stage an alarm: an alarm may run 15 minutes
 * (Cloudflare's limit), and each stage gets all of them; the next stage's alarm is set for at once.
 * Returns when the object should wake again (after a stage; or when a stage of this feature runs
 * under a lease that has not run out — an earlier alarm of this object that stopped mid-stage), or
 * null when nothing is left to do here.
 * Throws only when the database cannot be reached or a stage cannot be settled: the alarm is then
 * retried by Cloudflare, and the lease keeps a stage from running twice at once.
 */
export async function runFeatureStages(env: WorkerEnv, featureId: string): Promise<number | null> {
  settings ??= readSettings(env);
  const s = settings;
  // Its own client: workerd ties a socket to the invocation that opened it (request-scope.ts).
  const db = createPostgresDb(s.databaseUrl, { max: 2, sessionReaders: false });
  try {
    const box = await aesGcmSecretBox(s.masterKey);
    const secrets = await db.asOwner((tx) => detectSecretStore(tx, box));
    const runner = stageRunner({
      env: {
        db,
        secrets,
        blobs: r2BlobStore(env.BLOBS),
        log,
        ...(s.anthropicBaseUrl ? { anthropicBaseUrl: s.anthropicBaseUrl } : {}),
      },
      // The object's name in pipeline_jobs.lease_owner, unique to this alarm.
      owner: `pipeline-object:${featureId}:${crypto.randomUUID().slice(0, 8)}`,
      ...(s.pipelineLeaseMs ? { leaseMs: s.pipelineLeaseMs } : {}),
      ...(s.pipelineRetryBaseMs !== undefined ? { retryBaseMs: s.pipelineRetryBaseMs } : {}),
    });
    const job = await db.asService('pipeline-worker', (tx) =>
      claimJob(tx, runner.owner, runner.leaseMs, featureId),
    );
    if (job) {
      await runClaimedJob(runner, job);
      return Date.now();
    }
    const held = await db.asService('pipeline-worker', (tx) => leaseEnd(tx, featureId));
    return held ? held.getTime() + AFTER_LEASE_MS : null;
  } finally {
    await db.close().catch(() => {});
  }
}
