import { z } from 'zod';
import type { PipelineWorker } from '../../agents/contracts.ts';
import type { Db } from '../../store/db.ts';
import { featuresWaitingForRunner } from '../../store/pipeline.ts';
import type { DurableObjectNamespace, DurableObjectState, WorkerEnv } from './bindings.ts';
import { log } from './log.ts';
import { runFeatureStages } from './pipeline-run.ts';

// The agent pipeline on Cloudflare. The Worker has no process to run the Node loop in, and a stage
// (several model calls, retries, up to three implementer rounds) outlasts a request's waitUntil,
// so each feature has a Durable Object (idFromName(featureId)) whose alarm runs its stages
// (pipeline-run.ts). A route that queues a stage wakes the object; the Cron Trigger wakes every
// feature whose stage waits (a wake that was lost) or whose lease ran out (an object that stopped
// mid-stage). What keeps a stage from running twice is the job's lease in Postgres, as on Node:
// an alarm retried by Cloudflare, or woken twice, only claims what is claimable.

const Wake = z.object({ featureId: z.uuid() });

/** The feature this object runs, kept in its storage: an alarm has no request to read it from. */
const FEATURE = 'featureId';

const problem = (status: number, message: string) => Response.json({ error: message }, { status });

/** The Durable Object class (wrangler.toml binds it as PIPELINE; main.ts exports it). */
export class PipelineObject {
  constructor(
    private readonly state: DurableObjectState,
    private readonly env: WorkerEnv,
  ) {}

  /** POST /wake {featureId}: runs the feature's stages in an alarm set for now (unless one is set). */
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/wake')
      return problem(404, 'only POST /wake is served here');
    const parsed = Wake.safeParse(await request.json().catch(() => null));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const { featureId } = parsed.data;
    const kept = await this.state.storage.get<string>(FEATURE);
    if (kept && kept !== featureId)
      return problem(409, `featureId: this object runs feature ${kept}, not ${featureId}`);
    if (!kept) await this.state.storage.put(FEATURE, featureId);
    await this.wakeAt(Date.now());
    return Response.json({ featureId, woken: true }, { status: 202 });
  }

  async alarm(): Promise<void> {
    const featureId = await this.state.storage.get<string>(FEATURE);
    if (!featureId) return;
    const next = await runFeatureStages(this.env, featureId);
    if (next !== null) await this.wakeAt(next);
  }

  /**
   * Sets the alarm for `at` unless one is set as early. One set while an alarm runs fires after
   * that alarm ends (alarms of one object never overlap), so a wake during a stage is not lost.
   */
  private async wakeAt(at: number): Promise<void> {
    const set = await this.state.storage.getAlarm();
    if (set === null || set > at) await this.state.storage.setAlarm(at);
  }
}

/** Asks the feature's object to run its stages; false (logged) when it could not be reached. */
async function wakeFeature(namespace: DurableObjectNamespace, featureId: string): Promise<boolean> {
  try {
    // A stub per call: one made in another request's scope may not be usable in this one.
    const stub = namespace.get(namespace.idFromName(featureId));
    const response = await stub.fetch('https://pipeline/wake', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ featureId }),
    });
    if (!response.ok) throw new Error(`the object answered ${response.status}: ${await response.text()}`);
    return true;
  } catch (error) {
    log.error('pipeline_wake_failed', {
      featureId,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/**
 * Platform.pipeline on the Worker. `wake` is awaited by the route, so the object has its alarm
 * before the request ends; a failed wake leaves the stage queued for the Cron Trigger's sweep.
 */
export function workerPipeline(namespace: DurableObjectNamespace): PipelineWorker {
  return {
    wake: async (featureId) => {
      await wakeFeature(namespace, featureId);
    },
    // Nothing runs in the isolate: stages run in the objects' alarms, and their leases cover a stop.
    stop: async () => {},
  };
}

/** Wakes this many features' objects at a time during a sweep. */
const SWEEP_CONCURRENCY = 8;

/**
 * The Cron Trigger's sweep (service job 'pipeline-worker'): wakes every feature whose stage waits
 * to be claimed or whose lease ran out. Returns how many objects were woken.
 */
export async function wakeWaitingPipelines(namespace: DurableObjectNamespace, db: Db): Promise<number> {
  const waiting = await db.asService('pipeline-worker', (tx) => featuresWaitingForRunner(tx));
  let woken = 0;
  for (let i = 0; i < waiting.length; i += SWEEP_CONCURRENCY) {
    const batch = waiting.slice(i, i + SWEEP_CONCURRENCY);
    const results = await Promise.all(batch.map((featureId) => wakeFeature(namespace, featureId)));
    woken += results.filter(Boolean).length;
  }
  return woken;
}
