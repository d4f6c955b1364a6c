import { describe, expect, it } from 'vitest';
import { formatJson, parsePayload, samplePayload } from './sample-payload.ts';

const now = new Date('2026-11-26T08:00:00.000Z');

describe('samplePayload', () => {
  it('gives a webhook a request with body, headers and query', () => {
    const sample = samplePayload({ kind: 'webhook' }, now) as Record<string, unknown>;
    expect(Object.keys(sample).sort()).toEqual(['body', 'headers', 'query']);
    expect(sample.body).toBeTypeOf('object');
    expect(sample.headers).toEqual({});
    expect(sample.query).toEqual({});
  });

  it('gives a cron tick the time it was scheduled for', () => {
    expect(samplePayload({ kind: 'cron' }, now)).toEqual({ scheduledAt: '2026-11-26T08:00:00.000Z' });
  });

  it('names a message trigger’s own event and gives polling one item', () => {
    expect(samplePayload({ kind: 'message', event: 'reaction.added' }, now)).toMatchObject({
      event: 'reaction.added',
    });
    expect(samplePayload({ kind: 'polling' }, now)).toHaveProperty('item.id');
  });

  it('round-trips through the text the dialog shows', () => {
    const sample = samplePayload({ kind: 'webhook' }, now);
    const parsed = parsePayload(formatJson(sample));
    expect(parsed).toEqual({ ok: true, value: sample });
  });
});

describe('parsePayload', () => {
  it('accepts any JSON value', () => {
    expect(parsePayload('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parsePayload(' 42 ')).toEqual({ ok: true, value: 42 });
  });

  it('says where the JSON breaks, by line and column', () => {
    const result = parsePayload('{\n  "a": 1,\n  b: 2\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/line 3, column 3/);
  });

  it('refuses empty or cut-off text with a sentence, not a crash', () => {
    const empty = parsePayload('   ');
    expect(empty).toEqual({ ok: false, error: expect.stringContaining('empty') });
    const cut = parsePayload('{"a":');
    expect(cut.ok).toBe(false);
    if (!cut.ok)
      expect(cut.error).toBe(
        'The payload is not valid JSON: it ends too early (a value, } or ] is missing).',
      );
  });
});
