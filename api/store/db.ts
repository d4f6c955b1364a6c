/**
 * The database port. Every query made for a person runs inside `withUser`, in a transaction under
 * `role authenticated` with `request.jwt.claims` set, exactly as PostgREST does, so row-level
 * security is the backstop even where a route forgets a check.
 */

export type SqlParam = string | number | boolean | null | Date;

/** One parameterised statement. */
export interface Statement {
  text: string;
  params: readonly SqlParam[];
}

export interface Tx {
  /** Runs one parameterised statement ($1, $2, …) and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** The verified claims of a builder's access token (Supabase-shaped). */
export interface JwtClaims {
  sub: string;
  role: string;
  email?: string;
  aud?: string | string[];
  exp?: number;
  [claim: string]: unknown;
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in a transaction as the person the claims name, under RLS: a builder, an end user
   * of an app (claims with `app_id`), or an anonymous visitor (`role: 'anon'`).
   */
  withUser<T>(claims: JwtClaims, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs fixed read-only statements under a person's claims and role, as `withUser` does, and
   * returns each one's rows: the hot read path, which an adapter may send in one go (no statement
   * depends on another's answer). Several statements share one transaction (one snapshot); a
   * single statement may run without one.
   */
  readAsUser<Row = Record<string, unknown>>(
    claims: JwtClaims,
    statements: readonly Statement[],
  ): Promise<Row[][]>;
  /**
   * Runs `fn` in a transaction as `service_role` (bypasses RLS). Only the jobs listed in
   * `service-jobs.ts` may do this; the name is recorded so a reader can find every caller.
   */
  asService<T>(job: ServiceJob, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` as the connection's own role; for the migration runner only. */
  asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type { ServiceJob } from './service-jobs.ts';

import type { ServiceJob } from './service-jobs.ts';

/** An error from the database, with its SQLSTATE, in one shape for both adapters. */
export class DbError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly detail?: string,
    readonly constraint?: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

/** Wraps whatever a driver threw into a `DbError`, keeping SQLSTATE, detail and constraint. */
export function toDbError(error: unknown): unknown {
  if (error instanceof DbError || !(error instanceof Error)) return error;
  const e = error as Error & {
    code?: unknown;
    detail?: unknown;
    constraint?: unknown;
    constraint_name?: unknown;
  };
  // Only the drivers' errors (they carry a severity) are database errors; an application error
  // thrown inside a transaction passes through as it is, even when it has a code of its own.
  if (typeof e.code !== 'string' || e.code.length !== 5 || !('severity' in e)) return error;
  const constraint = typeof e.constraint === 'string' ? e.constraint : e.constraint_name;
  return new DbError(
    e.message,
    e.code,
    typeof e.detail === 'string' ? e.detail : undefined,
    typeof constraint === 'string' ? constraint : undefined,
  );
}

/** The statement that puts a transaction under a person's claims and role (as PostgREST does). */
export const ENTER_USER_SQL =
  "select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)";

/**
 * The same for a whole session, with the same parameters: for connections that are only ever
 * used by entering a person first (the Postgres adapter's readers).
 */
export const ENTER_USER_SESSION_SQL =
  "select set_config('request.jwt.claims', $1, false), set_config('role', $2, false)";

/** The database role for a person's claims: `anon` for anonymous visitors, else `authenticated`. */
export const roleFor = (claims: JwtClaims) => (claims.role === 'anon' ? 'anon' : 'authenticated');
export const ENTER_SERVICE_SQL =
  "select set_config('request.jwt.claims', $1, true), set_config('role', 'service_role', true)";

/** Runs `fn` in one transaction of the driver, first running `enter` (when given) with `params`. */
export type TransactionRunner = <T>(
  enter: string | null,
  params: string[],
  fn: (tx: Tx) => Promise<T>,
) => Promise<T>;

/**
 * Runs `statements` in one transaction, first running `enter` with `params`, and returns each
 * statement's rows. Adapters without a faster way use `sequentialBatch`.
 */
export type BatchRunner = (
  enter: string,
  params: string[],
  statements: readonly Statement[],
) => Promise<Record<string, unknown>[][]>;

/** A batch as one transaction of the driver, statement after statement. */
export const sequentialBatch =
  (run: TransactionRunner): BatchRunner =>
  (enter, params, statements) =>
    run(enter, params, async (tx) => {
      const results: Record<string, unknown>[][] = [];
      for (const statement of statements) results.push(await tx.query(statement.text, statement.params));
      return results;
    });

/**
 * The Db port over a driver's transactions. Which statement puts a transaction under which role
 * is decided here once, for every adapter: builders and end users under their claims, named jobs
 * as service_role, the owner (migrations, health, DDL) as the connection's own role.
 */
export function dbOver(
  kind: Db['kind'],
  run: TransactionRunner,
  close: () => Promise<void>,
  batch: BatchRunner = sequentialBatch(run),
): Db {
  const inTransaction: TransactionRunner = async (enter, params, fn) => {
    try {
      return await run(enter, params, fn);
    } catch (error) {
      throw toDbError(error);
    }
  };
  return {
    kind,
    withUser: (claims, fn) => inTransaction(ENTER_USER_SQL, [JSON.stringify(claims), roleFor(claims)], fn),
    async readAsUser<Row>(claims: JwtClaims, statements: readonly Statement[]) {
      try {
        return (await batch(
          ENTER_USER_SQL,
          [JSON.stringify(claims), roleFor(claims)],
          statements,
        )) as Row[][];
      } catch (error) {
        throw toDbError(error);
      }
    },
    asService: (job, fn) =>
      inTransaction(ENTER_SERVICE_SQL, [JSON.stringify({ role: 'service_role', job })], fn),
    asOwner: (fn) => inTransaction(null, [], fn),
    close,
  };
}
