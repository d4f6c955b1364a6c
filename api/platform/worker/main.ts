import { createApp } from '../../app.ts';
import type { Platform } from '../../kernel/context.ts';
import { supabaseJwksVerifier } from '../../kernel/tokens.ts';
import { hmacAppSessions } from '../../ports/app-sessions.ts';
import { outboxMailer } from '../../ports/mailer.ts';
import { memoryRateLimiter } from '../../ports/rate-limiter.ts';
import { aesGcmSecretBox } from '../../ports/secret-box.ts';
import { createPostgresDb } from '../../store/postgres-db.ts';
import { publishedApps } from '../../store/published-apps.ts';
import { detectSecretStore } from '../../store/secrets.ts';
import { internalCallers } from '../../workflows/internal-caller.ts';

/**
 * The Cloudflare Worker entry: the same Hono app over Supabase (Postgres through postgres.js,
 * Auth through its JWKS). First slice only: rate-limit counters are per isolate until the
 * Durable Object limiter lands, and this entry has not yet been run under workerd (the
 * Cloudflare issue owns that, with its shared platform suite).
 */
interface Env {
  DATABASE_URL: string;
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  /** 64 hex characters; only used where the database has no Vault. */
  MASTER_KEY: string;
  /** The Worker's public address, e.g. https://app.buildpractical.com. */
  PUBLIC_URL: string;
  ADMIN_EMAILS?: string;
}

let app: ReturnType<typeof createApp> | undefined;

async function build(env: Env) {
  const db = createPostgresDb(env.DATABASE_URL, { max: 5 });
  const key = Uint8Array.from(env.MASTER_KEY.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
  const box = await aesGcmSecretBox(key);
  const platform: Platform = {
    db,
    verifier: supabaseJwksVerifier(env.SUPABASE_URL),
    secrets: await db.asOwner((tx) => detectSecretStore(tx, box)),
    secretBox: box,
    rateLimiter: memoryRateLimiter(),
    corsOrigins: [],
    publicUrl: env.PUBLIC_URL,
    adminEmails: (env.ADMIN_EMAILS ?? '')
      .split(',')
      .map((m) => m.trim().toLowerCase())
      .filter(Boolean),
    apps: publishedApps(db),
    mailer: outboxMailer(db),
    appSessions: await hmacAppSessions(key, env.PUBLIC_URL),
    internalCallers: await internalCallers(),
    log: {
      info: (event, fields) => console.log(JSON.stringify({ level: 'info', event, ...fields })),
      error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
    },
    studio: { supabaseUrl: env.SUPABASE_URL, supabaseAnonKey: env.SUPABASE_ANON_KEY, authMode: 'supabase' },
  };
  return createApp(platform);
}

export default {
  async fetch(request: Request, env: Env, ctx: Parameters<ReturnType<typeof createApp>['fetch']>[2]) {
    app ??= await build(env);
    return app.fetch(request, env, ctx);
  },
};
