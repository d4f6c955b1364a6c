import { describe, expect, it } from 'vitest';
import { pickReader, READER_DEPTH, READER_STALLED_MS, type ReaderState } from './postgres-db.ts';

// Which reader connection takes a read (the data API's hot path on Postgres): reads for the same
// person go down a connection already busy for them, in batches, but never behind a slow read,
// past the depth, or behind someone else's; otherwise a free connection, the one that needs no
// entering first.

const VISITOR = 'anon {"role":"anon","app_id":"a"}';
const OTHER = 'anon {"role":"anon","app_id":"b"}';
const NOW = 1_000;

const free = (entered: string | null, idleSince = 0): ReaderState => ({ entered, sent: [], idleSince });
const busy = (entered: string | null, reads: number, oldestAgeMs = 1): ReaderState => ({
  entered,
  sent: Array.from({ length: reads }, () => NOW - oldestAgeMs),
  idleSince: 0,
});

describe('pickReader', () => {
  it('sends a read behind the fullest connection already reading for the same person', () => {
    expect(pickReader([free(VISITOR), busy(VISITOR, 1), busy(VISITOR, 2)], VISITOR, NOW)).toBe(2);
    expect(pickReader([busy(VISITOR, READER_DEPTH - 1), free(null)], VISITOR, NOW)).toBe(0);
  });

  it('never past the depth, behind a stalled read, or behind a read for someone else', () => {
    expect(pickReader([busy(VISITOR, READER_DEPTH), free(null)], VISITOR, NOW)).toBe(1);
    expect(pickReader([busy(VISITOR, 1, READER_STALLED_MS), free(OTHER)], VISITOR, NOW)).toBe(1);
    expect(pickReader([busy(OTHER, 1), free(OTHER)], VISITOR, NOW)).toBe(1);
    // A connection being entered for its read holds nobody known yet: nothing joins it.
    expect(pickReader([busy(null, 1), free(OTHER)], VISITOR, NOW)).toBe(1);
  });

  it('else takes a free connection: holding the person, else holding nobody, else free the longest', () => {
    expect(pickReader([free(OTHER), free(null), free(VISITOR)], VISITOR, NOW)).toBe(2);
    expect(pickReader([free(OTHER), free(null, 50)], VISITOR, NOW)).toBe(1);
    expect(pickReader([free(OTHER, 30), free(OTHER, 10), free(OTHER, 20)], VISITOR, NOW)).toBe(1);
  });

  it('waits (-1) when no connection may take it', () => {
    expect(
      pickReader(
        [busy(VISITOR, READER_DEPTH), busy(VISITOR, 1, READER_STALLED_MS + 1), busy(OTHER, 1)],
        VISITOR,
        NOW,
      ),
    ).toBe(-1);
    expect(pickReader([], VISITOR, NOW)).toBe(-1);
  });
});
