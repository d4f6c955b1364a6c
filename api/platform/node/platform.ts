import { mkdir } from 'node:fs/promises';
import type { Hono } from 'hono';
import { createApp } from '../../app.ts';
import type { AppEnv, Logger, Platform } from '../../kernel/context.ts';
import { localJwksVerifier, supabaseJwksVerifier } from '../../kernel/tokens.ts';
import { hmacAppSessions } from '../../ports/app-sessions.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import { outboxMailer } from '../../ports/mailer.ts';
import type { OutboundHttp } from '../../ports/outbound-http.ts';
import { memoryRateLimiter, type RateLimiter } from '../../ports/rate-limiter.ts';
import { aesGcmSecretBox } from '../../ports/secret-box.ts';
import type { Db } from '../../store/db.ts';
import { runMigrations } from '../../store/migrations.ts';
import { createPostgresDb } from '../../store/postgres-db.ts';
import { publishedApps } from '../../store/published-apps.ts';
import { detectSecretStore } from '../../store/secrets.ts';
import { internalCallers } from '../../workflows/internal-caller.ts';
import { guardedFetch } from '../../workflows/step-ports.ts';
import { loadSigningKeys } from './auth-server/keys.ts';
import { embeddedAuthRoutes } from './auth-server/routes.ts';
import type { NodeConfig } from './config.ts';
import { fsBlobStore } from './fs-blob-store.ts';
import { loadMasterKey } from './master-key.ts';
import { loadMigrationSets } from './migration-files.ts';
import { nodeOutboundHttp } from './outbound-http.ts';
import { createPgliteDb } from './pglite-db.ts';
import { startNodePipeline } from './pipeline.ts';
import { mountStudio } from './studio-assets.ts';
import { nodeWorkflows } from './workflows.ts';

export const jsonLogger: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ level: 'info', event, ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
};

export interface NodePlatformOptions {
  /** An open database to use instead of the one the config names (tests share one). */
  db?: Db;
  /** Keep keys in memory instead of the data folder (tests). */
  ephemeralKeys?: boolean;
  rateLimiter?: RateLimiter;
  /** Where uploaded files go instead of `${DATA_DIR}/blobs` (tests keep them in memory). */
  blobs?: BlobStore;
  log?: Logger;
  now?: () => number;
  /** Outbound HTTP for workflow steps (tests give one that reaches their fake services). */
  outbound?: OutboundHttp;
  /** Where OAuth clients and ANTHROPIC_BASE_URL are read from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Run the agent pipeline's worker in this process (default true; test servers opt in). */
  pipeline?: boolean;
}

export interface NodePlatform {
  app: Hono<AppEnv>;
  platform: Platform;
  migrationsApplied: string[];
  /** The workflow runtime; `startWorkflows` settles interrupted runs and starts the scheduler. */
  workflows: ReturnType<typeof nodeWorkflows>;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations and builds the app for the Node process. */
export async function createNodePlatform(
  config: NodeConfig,
  options: NodePlatformOptions = {},
): Promise<NodePlatform> {
  const keysDir = options.ephemeralKeys ? undefined : config.dataDir;
  if (keysDir) await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const embeddedAuth = !config.supabase;
  const db =
    options.db ??
    (config.databaseUrl
      ? createPostgresDb(config.databaseUrl)
      : await createPgliteDb(`${config.dataDir}/pgdata`));
  const ownsDb = !options.db;
  try {
    const migrationsApplied = await runMigrations(db, await loadMigrationSets(embeddedAuth));
    const rateLimiter = options.rateLimiter ?? memoryRateLimiter();
    const log = options.log ?? jsonLogger;
    const issuerUrl = `${config.publicUrl}/auth/v1`;
    const signingKeys = embeddedAuth ? await loadSigningKeys(keysDir) : undefined;
    const verifier = signingKeys
      ? localJwksVerifier({ keys: [signingKeys.publicJwk] }, issuerUrl)
      : supabaseJwksVerifier(config.supabase!.url);
    const masterKey = await loadMasterKey(config.masterKey, keysDir);
    const box = await aesGcmSecretBox(masterKey);
    const secrets = await db.asOwner((tx) => detectSecretStore(tx, box));
    const env = options.env ?? process.env;
    const platform: Platform = {
      db,
      verifier,
      secrets,
      rateLimiter,
      corsOrigins: config.corsOrigins,
      publicUrl: config.publicUrl,
      adminEmails: config.adminEmails,
      apps: publishedApps(db),
      mailer: outboxMailer(db),
      appSessions: await hmacAppSessions(masterKey, config.publicUrl, options.now),
      internalCallers: await internalCallers(options.now),
      secretBox: box,
      blobs: options.blobs ?? (await fsBlobStore(`${config.dataDir}/blobs`)),
      ...(env.ANTHROPIC_BASE_URL ? { anthropicBaseUrl: env.ANTHROPIC_BASE_URL } : {}),
      ...(config.pipelineTokenBudget ? { pipelineTokenBudget: config.pipelineTokenBudget } : {}),
      log,
      studio: config.supabase
        ? { supabaseUrl: config.supabase.url, supabaseAnonKey: config.supabase.anonKey, authMode: 'supabase' }
        : { supabaseUrl: config.publicUrl, supabaseAnonKey: 'embedded', authMode: 'embedded' },
    };
    const outbound =
      options.outbound ??
      nodeOutboundHttp(config.outboundDevHosts ? { devHosts: config.outboundDevHosts } : {});
    const app = createApp(platform, {
      connections: { env, fetch: guardedFetch(outbound), ...(options.now ? { now: options.now } : {}) },
      mount: (root) => {
        if (signingKeys) {
          root.route(
            '/auth/v1',
            embeddedAuthRoutes({
              db,
              verifier,
              rateLimiter,
              issuer: { keys: signingKeys, issuer: issuerUrl, now: options.now ?? Date.now },
            }),
          );
        }
        mountStudio(root);
      },
    });
    const workflows = nodeWorkflows({
      platform,
      app,
      box,
      outbound,
      env,
      ...(options.now ? { now: options.now } : {}),
    });
    // Claims queued stages, and those a stopped process left once their lease runs out.
    const pipeline = options.pipeline === false ? undefined : startNodePipeline(platform, env);
    return {
      app,
      platform,
      migrationsApplied,
      workflows,
      close: async () => {
        await pipeline?.stop();
        await workflows.stop();
        if (ownsDb) await db.close();
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
}
