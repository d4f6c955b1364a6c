import { z } from 'zod';

// What the Worker is given by Cloudflare (wrangler.toml): bindings and vars. The shapes below are
// the few members this code uses, written out rather than taken from @cloudflare/workers-types
// (not a dependency): the adapters type-check against them, and workerd supplies the real thing.

export interface R2Object {
  key: string;
  size: number;
}

export interface R2ObjectBody extends R2Object {
  body: ReadableStream<Uint8Array>;
}

export interface R2UploadedPart {
  partNumber: number;
  etag: string;
}

export interface R2MultipartUpload {
  uploadPart(partNumber: number, value: Uint8Array): Promise<R2UploadedPart>;
  complete(parts: R2UploadedPart[]): Promise<R2Object>;
  abort(): Promise<void>;
}

export interface R2Bucket {
  put(key: string, value: Uint8Array): Promise<R2Object | null>;
  get(key: string): Promise<R2ObjectBody | null>;
  head(key: string): Promise<R2Object | null>;
  delete(key: string): Promise<void>;
  createMultipartUpload(key: string): Promise<R2MultipartUpload>;
}

export interface DurableObjectId {
  toString(): string;
}

export interface DurableObjectStub {
  fetch(input: string | Request, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): DurableObjectStub;
}

export interface DurableObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  deleteAll(): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
  getAlarm(): Promise<number | null>;
}

export interface DurableObjectState {
  storage: DurableObjectStorage;
}

/** The static files of editor/dist (`[assets]`). */
export interface Fetcher {
  fetch(input: string | Request | URL, init?: RequestInit): Promise<Response>;
}

export interface Hyperdrive {
  connectionString: string;
}

export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  props: unknown;
}

export interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

/** Everything wrangler.toml binds, plus the vars and secrets (`wrangler secret put`). */
export interface WorkerEnv {
  BLOBS: R2Bucket;
  RATE_LIMITER: DurableObjectNamespace;
  /** One object per feature: runs its pipeline stages (pipeline-object.ts). */
  PIPELINE: DurableObjectNamespace;
  /** One object per workflow: its state and its asynchronous runs (workflow-object.ts). */
  WORKFLOWS: DurableObjectNamespace;
  ASSETS: Fetcher;
  /** When bound, Postgres is reached through Hyperdrive's pool instead of DATABASE_URL. */
  HYPERDRIVE?: Hyperdrive;
  [name: string]: unknown;
}

const HEX_KEY = /^[0-9a-f]{64}$/i;

/** The vars and secrets, checked once per isolate: a wrong one names itself in the error. */
const Settings = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    SUPABASE_URL: z.url('must be the URL of the Supabase project (or of the embedded auth server)'),
    SUPABASE_ANON_KEY: z.string().min(1, 'is required (the project anon key)'),
    MASTER_KEY: z.string().regex(HEX_KEY, 'must be 64 hex characters (openssl rand -hex 32)'),
    PUBLIC_URL: z.url('must be the address builders reach this Worker at'),
    ADMIN_EMAILS: z.string().default(''),
    CORS_ORIGINS: z.string().default(''),
    /** Local runs only: hosts whose workflow calls go to a loopback test double over http. */
    OUTBOUND_DEV_HOSTS: z.string().default(''),
    WORKFLOW_RUN_LEASE_MS: z.coerce.number().int().positive().optional(),
    ANTHROPIC_BASE_URL: z.url().optional(),
    /** The agent pipeline, as on Node (api/platform/node/pipeline.ts, config.ts). */
    PIPELINE_LEASE_MS: z.coerce.number().int().positive().optional(),
    PIPELINE_RETRY_BASE_MS: z.coerce.number().int().min(0).optional(),
    PIPELINE_TOKEN_BUDGET: z.coerce.number().int().positive().optional(),
  })
  .loose();

export interface WorkerSettings {
  databaseUrl: string;
  supabaseUrl: string;
  supabaseAnonKey: string;
  masterKey: Uint8Array;
  publicUrl: string;
  adminEmails: string[];
  corsOrigins: string[];
  outboundDevHosts: string;
  leaseMs?: number;
  anthropicBaseUrl?: string;
  pipelineLeaseMs?: number;
  pipelineRetryBaseMs?: number;
  pipelineTokenBudget?: number;
  /** Every string var (OAuth clients read OAUTH_<PROVIDER>_CLIENT_ID and the like from it). */
  strings: Record<string, string>;
}

const list = (text: string, lower = false) =>
  text
    .split(',')
    .map((item) => (lower ? item.trim().toLowerCase() : item.trim()))
    .filter(Boolean);

export function readSettings(env: WorkerEnv): WorkerSettings {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') strings[name] = value;
  const parsed = Settings.safeParse(strings);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid Worker settings:\n${lines.join('\n')}`);
  }
  const s = parsed.data;
  // Hyperdrive, when bound, pools connections at the edge; its string replaces DATABASE_URL.
  const databaseUrl = env.HYPERDRIVE?.connectionString ?? s.DATABASE_URL;
  if (!databaseUrl)
    throw new Error(
      'invalid Worker settings:\n  DATABASE_URL: set it (wrangler secret put DATABASE_URL) or bind HYPERDRIVE',
    );
  return {
    databaseUrl,
    supabaseUrl: s.SUPABASE_URL.replace(/\/+$/, ''),
    supabaseAnonKey: s.SUPABASE_ANON_KEY,
    masterKey: Uint8Array.from(s.MASTER_KEY.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16)),
    publicUrl: s.PUBLIC_URL.replace(/\/+$/, ''),
    adminEmails: list(s.ADMIN_EMAILS, true),
    corsOrigins: list(s.CORS_ORIGINS),
    outboundDevHosts: s.OUTBOUND_DEV_HOSTS,
    ...(s.WORKFLOW_RUN_LEASE_MS ? { leaseMs: s.WORKFLOW_RUN_LEASE_MS } : {}),
    ...(s.ANTHROPIC_BASE_URL ? { anthropicBaseUrl: s.ANTHROPIC_BASE_URL } : {}),
    ...(s.PIPELINE_LEASE_MS ? { pipelineLeaseMs: s.PIPELINE_LEASE_MS } : {}),
    ...(s.PIPELINE_RETRY_BASE_MS !== undefined ? { pipelineRetryBaseMs: s.PIPELINE_RETRY_BASE_MS } : {}),
    ...(s.PIPELINE_TOKEN_BUDGET ? { pipelineTokenBudget: s.PIPELINE_TOKEN_BUDGET } : {}),
    strings,
  };
}
