import type Anthropic from '@anthropic-ai/sdk';
import type { AgentName, AgentRunRecord, RunStage } from './contracts.ts';

// What a model call costs, in USD, from its usage. Cache writes cost 1.25× input, cache reads
// 0.1× input (Anthropic's 5-minute cache). Prices per million tokens; an unknown model is priced
// as Sonnet, so a renamed model is never free in the runs list.

/**
 * The pipeline's model. Not claude-sonnet-4-5: the SDK lists it as reaching end-of-life on
 * 2026-11-30. Sonnet 5.5 is priced as Sonnet 5 ($2 / $10 per million tokens).
 */
export const DEFAULT_AGENT_MODEL = 'claude-sonnet-5-5';

interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

const PRICES: Record<string, ModelPrice> = {
  'claude-sonnet-5-5': { input: 2, output: 10 },
  'claude-sonnet-5': { input: 2, output: 10 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-opus-4-1': { input: 15, output: 75 },
};

const BY_LENGTH = Object.keys(PRICES).sort((a, b) => b.length - a.length);

const CACHE_WRITE_FACTOR = 1.25;
const CACHE_READ_FACTOR = 0.1;

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** The price of a model, by its id or a dated snapshot of it (`claude-haiku-4-5-20251001`). */
export function modelPrice(model: string): ModelPrice {
  // Longest name first: `claude-sonnet-5-5` must not be read as a snapshot of `claude-sonnet-5`.
  const known = BY_LENGTH.find((name) => model === name || model.startsWith(`${name}-`));
  return PRICES[known ?? DEFAULT_AGENT_MODEL]!;
}

export function costUsd(model: string, usage: TokenUsage): number {
  const price = modelPrice(model);
  const micro =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheWriteTokens * price.input * CACHE_WRITE_FACTOR +
    usage.cacheReadTokens * price.input * CACHE_READ_FACTOR;
  // agent_runs keeps numeric(12, 6): round to the millionth of a dollar it can hold.
  return Math.round(micro) / 1_000_000;
}

/** The usage of an API message in the shape `agent_runs` keeps. */
export function usageOf(usage: Anthropic.Messages.Usage | undefined): TokenUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cacheReadTokens: usage?.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage?.cache_creation_input_tokens ?? 0,
  };
}

export const NO_USAGE: TokenUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};

/** Everything the call sent and received, as it counts against a feature's budget. */
export function totalTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

/** One model call as `agent_runs` keeps it: its usage, priced, timed from `startedAt` (performance.now()). */
export function runRecord(
  call: { agent: AgentName; stage: RunStage; model: string },
  usage: TokenUsage,
  startedAt: number,
  error?: string,
): AgentRunRecord {
  return {
    ...call,
    ...usage,
    costUsd: costUsd(call.model, usage),
    durationMs: Math.round(performance.now() - startedAt),
    status: error === undefined ? 'ok' : 'error',
    ...(error === undefined ? {} : { error }),
  };
}
