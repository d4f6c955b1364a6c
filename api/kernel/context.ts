import type { StudioConfig } from '../../schemas/index.ts';
import type { PipelineWorker } from '../agents/contracts.ts';
import type { AppSessions } from '../ports/app-sessions.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Db, JwtClaims } from '../store/db.ts';
import type { PublishedAppResolver } from '../store/published-apps.ts';
import type { SecretStore } from '../store/secrets.ts';
import type { ActiveWorkflows } from '../workflows/active-workflows.ts';
import type { InternalCallers } from '../workflows/internal-caller.ts';
import type { WorkflowRunner } from '../workflows/runner.ts';
import type { TokenVerifier } from './tokens.ts';

/** Everything the API needs from the platform it runs on; one adapter set per platform. */
export interface Platform {
  db: Db;
  verifier: TokenVerifier;
  secrets: SecretStore;
  rateLimiter: RateLimiter;
  studio: StudioConfig;
  /** The address builders and end users reach the platform at (published apps live under it). */
  publicUrl: string;
  /** E-mails of the platform owner's accounts (ADMIN_EMAILS), lower-cased: they may open /app/admin. */
  adminEmails: string[];
  /** Sends mail for builders' apps (embedded: their outbox). */
  mailer: Mailer;
  /** Published apps by their public address. */
  apps: PublishedAppResolver;
  /** Signs and checks the app-scoped sessions of invite-only apps' end users. */
  appSessions: AppSessions;
  /**
   * Files uploaded to published apps (embedded: `${DATA_DIR}/blobs`; Cloudflare: R2). Absent only
   * in platforms built without it, where uploads and downloads answer 503.
   */
  blobs?: BlobStore;
  /**
   * Seals values with the platform's master key: connections' tokens and keys, workflows' signing
   * secrets (AES-256-GCM, bound to their owner and purpose).
   */
  secretBox: SecretBox;
  /** Workflow record steps' short-lived tokens for writing to the builder's own apps. */
  internalCallers: InternalCallers;
  /** Active workflows by id (webhooks, the scheduler). Absent where workflows do not run. */
  activeWorkflows?: ActiveWorkflows;
  /** Starts and carries out workflow runs. Absent where workflows do not run. */
  workflows?: WorkflowRunner;
  /** Where model calls go when set (ANTHROPIC_BASE_URL: another Anthropic-compatible endpoint, the fake in tests). */
  anthropicBaseUrl?: string;
  /** The token budget a build gets unless its request names one (PIPELINE_TOKEN_BUDGET). */
  pipelineTokenBudget?: number;
  /** The agent pipeline's worker. Absent where the pipeline does not run (the API then only queues). */
  pipeline?: PipelineWorker;
  /** Origins other than the platform's own that may call the API from a browser. */
  corsOrigins: string[];
  log: Logger;
}

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export type AppEnv = {
  Variables: {
    platform: Platform;
    claims: JwtClaims;
    requestId: string;
  };
};
