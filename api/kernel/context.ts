import type { StudioConfig } from '../../schemas/index.ts';
import type { AppSessions } from '../ports/app-sessions.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { Db, JwtClaims } from '../store/db.ts';
import type { PublishedAppResolver } from '../store/published-apps.ts';
import type { SecretStore } from '../store/secrets.ts';
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
   * Files uploaded to published apps (embedded: `${DATA_DIR}/blobs`). Absent on the Worker until
   * its R2 adapter lands; uploads and downloads answer 503 there meanwhile.
   */
  blobs?: BlobStore;
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
