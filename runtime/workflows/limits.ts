import type { RunLimits } from './ports.ts';

/**
 * The executor's bounds. The step budget stops a runaway run (nested for-each loops of 1,000 items
 * would otherwise make a million calls); the record caps keep the run log storable and readable
 * when an API answers with megabytes.
 */
export const RUN_LIMITS: RunLimits = Object.freeze({
  maxStepExecutions: 10_000,
  maxRecordedValueBytes: 64 * 1024,
  maxRecordedRunBytes: 2 * 1024 * 1024,
  defaultStepTimeoutMs: 30_000,
});

/** What the run log shows in place of a value too large to keep. */
export interface TruncatedValue {
  truncated: true;
  /** The value's size as JSON, in UTF-8 bytes (0 when it could not be written as JSON). */
  bytes: number;
  preview: string;
}

const PREVIEW_CHARS = 500;
const encoder = new TextEncoder();

/**
 * Caps what goes into step records. Only the record is capped: the real value still flows to later
 * steps. Once the whole run's budget is spent, every further value is recorded as a marker with an
 * empty preview, so the run log stays bounded however many steps run.
 */
export class RecordBudget {
  private used = 0;

  constructor(private readonly limits: Pick<RunLimits, 'maxRecordedValueBytes' | 'maxRecordedRunBytes'>) {}

  record(value: unknown): unknown {
    if (value === undefined) return undefined;
    let json: string;
    try {
      json = JSON.stringify(value) ?? 'null';
    } catch {
      return {
        truncated: true,
        bytes: 0,
        preview: 'the value cannot be written as JSON',
      } satisfies TruncatedValue;
    }
    // a cheap upper bound first: UTF-8 needs at most 3 bytes per UTF-16 unit
    const bytes =
      json.length * 3 <= this.limits.maxRecordedValueBytes ? json.length : encoder.encode(json).length;
    const left = this.limits.maxRecordedRunBytes - this.used;
    if (bytes <= this.limits.maxRecordedValueBytes && bytes <= left) {
      this.used += bytes;
      return value;
    }
    const preview = left > PREVIEW_CHARS ? json.slice(0, PREVIEW_CHARS) : '';
    this.used += preview.length;
    return { truncated: true, bytes, preview } satisfies TruncatedValue;
  }
}
