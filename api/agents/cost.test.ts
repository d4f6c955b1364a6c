import { describe, expect, it } from 'vitest';
import { costUsd, DEFAULT_AGENT_MODEL, modelPrice, totalTokens } from './cost.ts';

const MILLION = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

describe('cost of a model call', () => {
  it('prices input, output, cache writes (1.25×) and cache reads (0.1×) per model', () => {
    expect(costUsd('claude-sonnet-4-5', MILLION)).toBe(3);
    expect(costUsd('claude-sonnet-4-5', { ...MILLION, inputTokens: 0, outputTokens: 1_000_000 })).toBe(15);
    expect(costUsd('claude-sonnet-4-5', { ...MILLION, inputTokens: 0, cacheWriteTokens: 1_000_000 })).toBe(
      3.75,
    );
    expect(
      costUsd('claude-sonnet-4-5', { ...MILLION, inputTokens: 0, cacheReadTokens: 1_000_000 }),
    ).toBeCloseTo(0.3, 9);
    expect(costUsd('claude-haiku-4-5', MILLION)).toBe(1);
    expect(costUsd('claude-haiku-4-5', { ...MILLION, inputTokens: 0, outputTokens: 1_000_000 })).toBe(5);
    expect(costUsd('claude-opus-4-1', MILLION)).toBe(15);
    expect(costUsd('claude-opus-4-1', { ...MILLION, inputTokens: 0, outputTokens: 1_000_000 })).toBe(75);
  });

  it('prices a dated snapshot as its model and an unknown model as Sonnet', () => {
    expect(modelPrice('claude-haiku-4-5-20251001')).toEqual(modelPrice('claude-haiku-4-5'));
    expect(modelPrice('claude-test-model')).toEqual(modelPrice(DEFAULT_AGENT_MODEL));
    expect(DEFAULT_AGENT_MODEL).toBe('claude-sonnet-5-5');
    expect(costUsd('claude-sonnet-5-5', MILLION)).toBe(2);
    expect(costUsd('claude-sonnet-5-5-20260901', MILLION)).toBe(2);
    expect(costUsd('claude-sonnet-4-6', MILLION)).toBe(3);
  });

  it('rounds to the millionth of a dollar agent_runs keeps, and counts every token against the budget', () => {
    const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 1, cacheWriteTokens: 1 };
    expect(costUsd('claude-sonnet-4-5', usage)).toBe(0.000022);
    expect(
      totalTokens({ inputTokens: 10, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 40 }),
    ).toBe(100);
  });
});
