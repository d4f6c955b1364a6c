import type { Hono } from 'hono';
import { createApp } from '../../app.ts';
import type { AppEnv, Platform } from '../../kernel/context.ts';
import { supabaseJwksVerifier } from '../../kernel/tokens.ts';
import { hmacAppSessions } from '../../ports/app-sessions.ts';
import { outboxMailer } from '../../ports/mailer.ts';
import { aesGcmSecretBox } from '../../ports/secret-box.ts';
import { createPostgresDb } from '../../store/postgres-db.ts';
import { publishedApps } from '../../store/published-apps.ts';
import { detectSecretStore } from '../../store/secrets.ts';
import { internalCallers } from '../../workflows/internal-caller.ts';
import { guardedFetch } from '../../workflows/step-ports.ts';
import {
  type ExecutionContext,
  readSettings,
  type ScheduledController,
  type WorkerEnv,
  type WorkerSettings,
} from './bindings.ts';
import { log } from './log.ts';
import { workerOutboundHttp } from './outbound-http.ts';
import { wakeWaitingPipelines, workerPipeline } from './pipeline-object.ts';
import { r2BlobStore } from './r2-blob-store.ts';
import { durableObjectRateLimiter } from './rate-limiter-object.ts';
import { currentScope, inRequestScope, type RequestScope, scopedDb } from './request-scope.ts';
import { mountStudioAssets } from './studio-assets.ts';
import { durableObjectWorkflowState, workflowObjectClass, workflowObjectHandOff } from './workflow-object.ts';
import { type WorkerWorkflows, workerWorkflows } from './workflows.ts';

export { PipelineObject } from './pipeline-object.ts';
export { RateLimiterObject } from './rate-limiter-object.ts';

/**
 * The Cloudflare Worker entry: the same Hono app as the Node target, over Postgres (postgres.js,
 * Hyperdrive when bound), Supabase Auth's JWKS, R2 for uploaded files, a Durable Object per
 * rate-limit counter and one per workflow (its state and asynchronous runs), the built studio
 * through the ASSETS binding, and a Cron Trigger each minute for scheduled and polling workflows.
 * What is built once per isolate and what per request: see request-scope.ts.
 */

interface Isolate {
  app: Hono<AppEnv>;
  workflows: WorkerWorkflows;
}

let settings: WorkerSettings | undefined;
let isolate: Promise<Isolate> | undefined;

/** Runs inside a request scope: the secret store is chosen by asking the database. */
async function buildIsolate(env: WorkerEnv, s: WorkerSettings): Promise<Isolate> {
  const box = await aesGcmSecretBox(s.masterKey);
  const outbound = workerOutboundHttp({ devHosts: s.outboundDevHosts });
  const platform: Platform = {
    db: scopedDb,
    verifier: supabaseJwksVerifier(s.supabaseUrl),
    secrets: await scopedDb.asOwner((tx) => detectSecretStore(tx, box)),
    secretBox: box,
    rateLimiter: durableObjectRateLimiter(env.RATE_LIMITER),
    corsOrigins: s.corsOrigins,
    publicUrl: s.publicUrl,
    adminEmails: s.adminEmails,
    apps: publishedApps(scopedDb),
    mailer: outboxMailer(scopedDb),
    appSessions: await hmacAppSessions(s.masterKey, s.publicUrl),
    internalCallers: await internalCallers(),
    blobs: r2BlobStore(env.BLOBS),
    log,
    studio: { supabaseUrl: s.supabaseUrl, supabaseAnonKey: s.supabaseAnonKey, authMode: 'supabase' },
    pipeline: workerPipeline(env.PIPELINE),
    ...(s.pipelineTokenBudget ? { pipelineTokenBudget: s.pipelineTokenBudget } : {}),
    ...(s.anthropicBaseUrl ? { anthropicBaseUrl: s.anthropicBaseUrl } : {}),
    // The runner of the request being served (each request's runs are waited for on their own).
    get workflows() {
      return currentScope().runner;
    },
  };
  let app: Hono<AppEnv> | undefined;
  const workflows = workerWorkflows({
    platform,
    box,
    outbound,
    env: s.strings,
    fetchApp: (request) => app!.fetch(request),
    state: durableObjectWorkflowState(env.WORKFLOWS),
    handOff: workflowObjectHandOff(env.WORKFLOWS),
    ...(s.leaseMs ? { leaseMs: s.leaseMs } : {}),
    ...(s.anthropicBaseUrl ? { anthropicBaseUrl: s.anthropicBaseUrl } : {}),
  });
  platform.activeWorkflows = workflows.active;
  app = createApp(platform, {
    connections: { env: s.strings, fetch: guardedFetch(outbound) },
    mount: (root) => mountStudioAssets(root, env.ASSETS),
  });
  return { app, workflows };
}

/** A database client of this invocation's own (see request-scope.ts), and the isolate's parts. */
async function open(env: WorkerEnv): Promise<{ scope: RequestScope; worker: Isolate }> {
  settings ??= readSettings(env);
  const s = settings;
  // Few connections: one invocation rarely runs more than two statements at once (Hyperdrive,
  // when bound, pools the real ones, which is why reads run in transactions: createPostgresDb).
  const scope: RequestScope = { db: createPostgresDb(s.databaseUrl, { max: 3, sessionReaders: false }) };
  try {
    isolate ??= inRequestScope(scope, () => buildIsolate(env, s));
    const worker = await isolate;
    scope.runner = worker.workflows.runnerFor(scope.db);
    return { scope, worker };
  } catch (error) {
    isolate = undefined;
    await scope.db.close().catch(() => {});
    throw error;
  }
}

/**
 * Closes the invocation's database client once everything that may still use it is done: the
 * runs it started, work a route handed to `waitUntil` (a magic link's mail), a streamed answer.
 */
function closeAfter(scope: RequestScope, work: Promise<unknown>[] = []) {
  return Promise.allSettled([...work, scope.runner?.drain()]).then(() => scope.db.close());
}

/** The execution context the app sees: what it hands to `waitUntil` is also waited for before closing. */
function trackingContext(ctx: ExecutionContext, background: Promise<unknown>[]): ExecutionContext {
  return {
    waitUntil(promise) {
      background.push(promise);
      ctx.waitUntil(promise);
    },
    passThroughOnException: () => ctx.passThroughOnException(),
    props: ctx.props,
  };
}

/**
 * A streamed answer (text/event-stream) may still use the database while it is sent; it is passed
 * through a pipe whose end says when. Any other answer was complete when the handler returned.
 */
function whenSent(response: Response): { response: Response; sent: Promise<unknown> } {
  const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (!streaming || !response.body) return { response, sent: Promise.resolve() };
  const pipe = new TransformStream<Uint8Array, Uint8Array>();
  const sent = response.body.pipeTo(pipe.writable).catch(() => {});
  return { response: new Response(pipe.readable, response), sent };
}

/**
 * The workflows' Durable Object (wrangler.toml binds it as WORKFLOWS). Each alarm has a database
 * client of its own, as a request does, and its runs' state goes straight to the object's storage.
 */
export const WorkflowObject = workflowObjectClass(log, async (env, local) => {
  const { scope } = await open(env);
  scope.state = local;
  const runner = scope.runner!;
  return {
    runStored: (ref, runIds) => inRequestScope(scope, () => runner.runStored(ref, runIds)),
    close: () => inRequestScope(scope, () => closeAfter(scope)),
  };
});

const misconfigured = () =>
  Response.json(
    { error: { code: 'unavailable', message: 'The service is not configured correctly; see its logs' } },
    { status: 503 },
  );

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let opened: Awaited<ReturnType<typeof open>>;
    try {
      opened = await open(env);
    } catch (error) {
      log.error('worker_start_failed', { error: error instanceof Error ? error.message : String(error) });
      return misconfigured();
    }
    const { scope, worker } = opened;
    const background: Promise<unknown>[] = [];
    try {
      return await inRequestScope(scope, async () => {
        const answer = whenSent(await worker.app.fetch(request, env, trackingContext(ctx, background)));
        background.push(answer.sent);
        return answer.response;
      });
    } finally {
      // The response goes now; the runs it started (a 202 webhook's) carry on until they end.
      ctx.waitUntil(inRequestScope(scope, () => closeAfter(scope, background)));
    }
  },

  /** The Cron Trigger (every minute): due cron and polling workflows start. */
  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const { scope, worker } = await open(env);
    try {
      await inRequestScope(scope, async () => {
        // Each part is tried even when the other fails; a failure still fails the event.
        const failed: unknown[] = [];
        try {
          const now = new Date(Math.max(Date.now(), controller.scheduledTime));
          const ticks = await worker.workflows.scheduledTick(scope.runner!, scope.db, now);
          const fired = ticks.reduce((sum, tick) => sum + tick.fired, 0);
          if (fired > 0) log.info('workflow_schedules_fired', { fired, at: now.toISOString() });
        } catch (error) {
          failed.push(error);
          log.error('workflow_tick_failed', { error: String(error) });
        }
        try {
          // Features whose stage waits (a lost wake) or whose stage's object stopped mid-way.
          const woken = await wakeWaitingPipelines(env.PIPELINE, scope.db);
          if (woken > 0) log.info('pipeline_features_woken', { woken });
        } catch (error) {
          failed.push(error);
          log.error('pipeline_sweep_failed', { error: String(error) });
        }
        if (failed.length > 0) throw failed[0];
      });
    } finally {
      ctx.waitUntil(inRequestScope(scope, () => closeAfter(scope)));
    }
  },
};
