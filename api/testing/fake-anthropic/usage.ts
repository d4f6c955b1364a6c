import { createHash } from 'node:crypto';
import type { ContentBlock, FakeUsage, MessagesRequestBody } from './script.ts';

// Usage the fake reports when a reply does not script it. An approximation, documented so that
// benchmarks read it for what it is:
// - tokens ≈ characters / 4 of the JSON of each prompt part (tools, system blocks, message blocks);
// - the prompt is read in Anthropic's cache order (tools → system → messages); every part that
//   carries `cache_control` ends a cacheable prefix. A prefix the same fake has seen before (same
//   parts, `cache_control` ignored) is a cache read; the rest up to the last breakpoint is a cache
//   write; what follows the last breakpoint is plain input. No minimum prefix length and no TTL,
//   unlike the real API (1,024+ tokens, 5 minutes).

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

interface PromptPart {
  /** The part's JSON without `cache_control`, so marking a part does not change its identity. */
  text: string;
  breakpoint: boolean;
}

function withoutCacheControl(value: unknown): { text: string; breakpoint: boolean } {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'cache_control' in value) {
    const { cache_control: _ignored, ...rest } = value as Record<string, unknown>;
    return { text: JSON.stringify(rest), breakpoint: true };
  }
  return { text: JSON.stringify(value), breakpoint: false };
}

function promptParts(body: MessagesRequestBody): PromptPart[] {
  const parts: PromptPart[] = [];
  for (const tool of body.tools ?? []) parts.push(withoutCacheControl(tool));
  if (typeof body.system === 'string') parts.push({ text: body.system, breakpoint: false });
  else for (const block of body.system ?? []) parts.push(withoutCacheControl(block));
  for (const message of body.messages) {
    if (typeof message.content === 'string') {
      parts.push({ text: `${message.role}:${message.content}`, breakpoint: false });
      continue;
    }
    for (const block of message.content) {
      const part = withoutCacheControl(block);
      parts.push({ text: `${message.role}:${part.text}`, breakpoint: part.breakpoint });
    }
  }
  return parts;
}

/** Remembers the cacheable prefixes one fake server has seen. */
export class PromptCache {
  readonly #seen = new Set<string>();

  /** Input-side usage of a request; records its prefixes as cached for later requests. */
  inputUsage(body: MessagesRequestBody): Omit<FakeUsage, 'output_tokens'> {
    const parts = promptParts(body);
    const hash = createHash('sha256');
    let tokens = 0;
    let lastBreakpointTokens = 0;
    let cachedTokens = 0;
    const prefixes: string[] = [];
    for (const part of parts) {
      hash.update(part.text);
      hash.update('\u0000');
      tokens += estimateTokens(part.text);
      if (!part.breakpoint) continue;
      const prefix = hash.copy().digest('hex');
      lastBreakpointTokens = tokens;
      if (this.#seen.has(prefix)) cachedTokens = tokens;
      prefixes.push(prefix);
    }
    for (const prefix of prefixes) this.#seen.add(prefix);
    return {
      input_tokens: tokens - lastBreakpointTokens,
      cache_creation_input_tokens: lastBreakpointTokens - cachedTokens,
      cache_read_input_tokens: cachedTokens,
    };
  }
}

export function outputTokens(content: ContentBlock[]): number {
  let total = 0;
  for (const block of content) {
    total += estimateTokens(block.type === 'text' ? block.text : JSON.stringify(block.input));
  }
  return Math.max(1, total);
}
