import type { LimitInfo } from '../../schemas/index.ts';
import { DbError } from './db.ts';

/** SQLSTATE raised by the plan-limit triggers in the migrations. */
export const LIMIT_SQLSTATE = 'BPL01';

/** Reads a limit error raised by the database (message = limit name, detail = JSON). */
export function limitFromDbError(error: unknown): LimitInfo | null {
  if (!(error instanceof DbError) || error.code !== LIMIT_SQLSTATE) return null;
  let detail: { max?: number; current?: number; plan?: string } = {};
  try {
    detail = JSON.parse(error.detail ?? '{}');
  } catch {
    // A malformed detail still names the limit.
  }
  return {
    name: error.message,
    max: detail.max ?? 0,
    ...(detail.current !== undefined ? { current: detail.current } : {}),
    ...(detail.plan ? { plan: detail.plan } : {}),
  };
}
