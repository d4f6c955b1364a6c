import { describe, expect, it } from 'vitest';
import {
  IDLE_POLL_MS,
  LIVE_POLL_MS,
  runListInterval,
  startedAgo,
  workflowStatusLabel,
} from './run-status.ts';

describe('runListInterval', () => {
  it('polls every 2 s while a run is queued or running, every 10 s otherwise', () => {
    expect(runListInterval([{ status: 'succeeded' }, { status: 'running' }])).toBe(LIVE_POLL_MS);
    expect(runListInterval([{ status: 'queued' }])).toBe(2_000);
    expect(runListInterval([{ status: 'failed' }, { status: 'timed_out' }])).toBe(IDLE_POLL_MS);
    expect(runListInterval([])).toBe(10_000);
    expect(runListInterval(undefined)).toBe(10_000);
  });
});

describe('workflowStatusLabel', () => {
  it('reads Draft, Active with its version, and Inactive', () => {
    expect(workflowStatusLabel({ status: 'draft', activeVersion: null })).toBe('Draft');
    expect(workflowStatusLabel({ status: 'active', activeVersion: 4 })).toBe('Active v4');
    expect(workflowStatusLabel({ status: 'inactive', activeVersion: 4 })).toBe('Inactive');
  });
});

describe('startedAgo', () => {
  const now = new Date('2026-11-26T10:00:00.000Z');
  it('reads recent starts relative to now', () => {
    expect(startedAgo('2026-11-26T09:59:50.000Z', now)).toBe('just now');
    expect(startedAgo('2026-11-26T09:55:00.000Z', now)).toBe('5 min ago');
    expect(startedAgo('2026-11-26T07:00:00.000Z', now)).toBe('3 h ago');
  });
});
