import { resolve } from 'node:path';
import { z } from 'zod';
import { type DevHost, DevHostsSetting } from './outbound-http.ts';

const Env = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().default('./.data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    SUPABASE_URL: z.url('must be the https URL of your Supabase project').optional(),
    SUPABASE_ANON_KEY: z.string().min(1).optional(),
    MASTER_KEY: z.string().optional(),
    /** The address builders use to reach this server; the embedded auth server's token issuer. */
    PUBLIC_URL: z.url().optional(),
    /** Comma-separated browser origins, besides our own, that may call the API. */
    CORS_ORIGINS: z.string().default(''),
    /** Comma-separated e-mails of the platform owner's accounts. */
    ADMIN_EMAILS: z.string().default(''),
    /** Test/dev only: hosts that outbound calls send to a local server, `api.fake.test=127.0.0.1:4010`. */
    OUTBOUND_DEV_HOSTS: DevHostsSetting.optional(),
    /** Tokens (input + output, cache included) a build may spend unless its request says otherwise. */
    PIPELINE_TOKEN_BUDGET: z.coerce
      .number()
      .int('must be a whole number of tokens')
      .min(10_000, 'must be at least 10000 tokens')
      .max(5_000_000, 'must be at most 5000000 tokens')
      .optional(),
  })
  .refine((env) => Boolean(env.SUPABASE_URL) === Boolean(env.SUPABASE_ANON_KEY), {
    message: 'set both SUPABASE_URL and SUPABASE_ANON_KEY, or neither',
    path: ['SUPABASE_ANON_KEY'],
  });

export interface NodeConfig {
  port: number;
  host: string;
  /** Absolute; holds PGlite's files (unless DATABASE_URL), the signing key and the master key. */
  dataDir: string;
  databaseUrl?: string;
  supabase?: { url: string; anonKey: string };
  masterKey?: string;
  publicUrl: string;
  corsOrigins: string[];
  adminEmails: string[];
  /** From OUTBOUND_DEV_HOSTS: workflow calls to these hosts go to a loopback port over plain http. */
  outboundDevHosts?: Map<string, DevHost>;
  /** PIPELINE_TOKEN_BUDGET: a build's token budget unless its request names one. */
  pipelineTokenBudget?: number;
}

/** Reads the environment once at start; a wrong value stops the process with its name. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.OUTBOUND_DEV_HOSTS?.size && env.NODE_ENV === 'production')
    throw new Error(
      'invalid environment:\n  OUTBOUND_DEV_HOSTS: must not be set when NODE_ENV=production (it sends workflow calls to local servers)',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.SUPABASE_URL && e.SUPABASE_ANON_KEY
      ? { supabase: { url: e.SUPABASE_URL, anonKey: e.SUPABASE_ANON_KEY } }
      : {}),
    ...(e.MASTER_KEY ? { masterKey: e.MASTER_KEY } : {}),
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    adminEmails: e.ADMIN_EMAILS.split(',')
      .map((m) => m.trim().toLowerCase())
      .filter(Boolean),
    ...(e.OUTBOUND_DEV_HOSTS?.size ? { outboundDevHosts: e.OUTBOUND_DEV_HOSTS } : {}),
    ...(e.PIPELINE_TOKEN_BUDGET ? { pipelineTokenBudget: e.PIPELINE_TOKEN_BUDGET } : {}),
  };
}
