import Anthropic from '@anthropic-ai/sdk';
import type { z } from 'zod';
import {
  type AgentAnswer,
  type AgentCallContext,
  AgentError,
  type AgentSpec,
  type CallAgent,
} from './contracts.ts';
import { DEFAULT_AGENT_MODEL, NO_USAGE, runRecord, type TokenUsage, usageOf } from './cost.ts';
import { abortedError, agentErrorFor, keyMissingError, redactKey } from './errors.ts';
import { AGENT_WORK, agentSystem, agentTool } from './prompt.ts';

// One agent call: a forced tool call with the agent's stable prefix (cached), the input as the user
// turn, the answer parsed with Zod. A malformed answer goes back to the agent with its problems
// (as a failed tool result), at most twice; then the call fails naming them. Each model call is
// checked against the budget before it is made and recorded after it, whatever its outcome.

export const MAX_REPAIRS = 2;
const DEFAULT_MAX_TOKENS = 16_000;
/** A run's error column is for a person to read, not for the whole answer. */
const MAX_RUN_ERROR_CHARS = 2_000;

type Verdict<T> =
  | { ok: true; output: T }
  | { ok: false; problems: string; kind: 'schema' | 'check' | 'cut' | 'no-call' };

/** Zod issues as `path: message`, the way a model (and a person) can find them. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(answer)'}: ${issue.message}`)
    .join('; ');
}

/** Before every model call: the budget and the caller's cancel. */
async function beforeCall(ctx: AgentCallContext, spec: AgentSpec<unknown>): Promise<void> {
  if (ctx.signal?.aborted) throw abortedError();
  const remaining = await ctx.remainingTokens();
  if (remaining <= 0) {
    throw new AgentError(
      'budget_exhausted',
      `This feature used its token budget (${remaining < 0 ? `${-remaining} tokens over` : 'none left'}) before the ${AGENT_WORK[spec.name].agent} agent could run: raise the budget to continue`,
      false,
    );
  }
}

function toParam(block: Anthropic.Messages.ContentBlock): Anthropic.Messages.ContentBlockParam | null {
  if (block.type === 'text') return block.text ? { type: 'text', text: block.text } : null;
  if (block.type === 'tool_use')
    return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  return null;
}

/** The model's own answer, then the problems: as a failed result of each tool call it made. */
function repairTurn(message: Anthropic.Messages.Message, text: string): Anthropic.Messages.MessageParam[] {
  const content = message.content.map(toParam).filter((block) => block !== null);
  const calls = content.filter((block) => block.type === 'tool_use');
  const user: Anthropic.Messages.MessageParam = calls.length
    ? {
        role: 'user',
        content: calls.map((call) => ({
          type: 'tool_result',
          tool_use_id: call.id,
          is_error: true,
          content: text,
        })),
      }
    : { role: 'user', content: text };
  // An empty answer (no blocks) cannot be sent back as an assistant turn; the repair stands alone.
  if (content.length === 0) return [{ role: 'assistant', content: '(no answer)' }, user];
  return [{ role: 'assistant', content }, user];
}

async function judge<T>(
  spec: AgentSpec<T>,
  message: Anthropic.Messages.Message,
  extraCheck: ((output: T) => string[] | Promise<string[]>) | undefined,
): Promise<Verdict<T>> {
  const call = message.content.find(
    (block): block is Anthropic.Messages.ToolUseBlock =>
      block.type === 'tool_use' && block.name === spec.tool.name,
  );
  if (message.stop_reason === 'max_tokens') {
    return { ok: false, kind: 'cut', problems: 'the answer was cut off at the output limit' };
  }
  if (!call) {
    return {
      ok: false,
      kind: 'no-call',
      problems: `no call of the tool ${spec.tool.name} (stop reason: ${message.stop_reason})`,
    };
  }
  const parsed = spec.output.safeParse(call.input);
  if (!parsed.success) return { ok: false, kind: 'schema', problems: describeIssues(parsed.error) };
  const problems = extraCheck ? await extraCheck(parsed.data) : [];
  if (problems.length > 0) return { ok: false, kind: 'check', problems: problems.join('; ') };
  return { ok: true, output: parsed.data };
}

function repairText(verdict: Exclude<Verdict<unknown>, { ok: true }>, toolName: string): string {
  switch (verdict.kind) {
    case 'cut':
      return `Your answer was cut off at the output limit. Call ${toolName} again with a shorter answer: fewer, briefer items; keep only what the task needs.`;
    case 'no-call':
      return `You did not call ${toolName}. Answer by calling ${toolName} once.`;
    case 'schema':
      return `Your answer does not match the tool's schema: ${verdict.problems}. Call ${toolName} again with a corrected input.`;
    case 'check':
      return `Your answer matches the schema but has problems: ${verdict.problems}. Call ${toolName} again with a corrected input.`;
  }
}

export const callAgent: CallAgent = async <T>(
  ctx: AgentCallContext,
  spec: AgentSpec<T>,
  input: string,
  extraCheck?: (output: T) => string[] | Promise<string[]>,
): Promise<AgentAnswer<T>> => {
  const { agent, work } = AGENT_WORK[spec.name];
  const model = spec.model ?? DEFAULT_AGENT_MODEL;
  await beforeCall(ctx, spec as AgentSpec<unknown>);
  const key = await ctx.openKey();
  if (!key) throw keyMissingError();

  // A client per call: the key lives only as long as this call. No SDK retries: the pipeline
  // decides, from each error's `retryable`, whether and when to try again.
  const client = new Anthropic({ apiKey: key, baseURL: ctx.baseURL, fetch: ctx.fetch, maxRetries: 0 });
  const tools = [agentTool(spec as AgentSpec<unknown>)];
  const system = agentSystem(spec as AgentSpec<unknown>);
  const messages: Anthropic.Messages.MessageParam[] = [{ role: 'user', content: redactKey(input, key) }];

  const record = (usage: TokenUsage, started: number, error?: string) => {
    const run = runRecord(
      { agent: spec.name, stage: ctx.stage, model },
      usage,
      started,
      error === undefined ? undefined : redactKey(error, key).slice(0, MAX_RUN_ERROR_CHARS),
    );
    return ctx.recordRun(run);
  };

  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      await beforeCall(ctx, spec as AgentSpec<unknown>);
      ctx.onActivity?.(`Repairing the ${work} (attempt ${attempt + 1} of ${MAX_REPAIRS + 1})`);
    }
    const started = performance.now();
    let message: Anthropic.Messages.Message;
    try {
      // Streamed even though nothing reads the deltas: a long answer (a whole app definition) can
      // outlast what the SDK allows a plain request, and a stream keeps the connection busy.
      message = await client.messages
        .stream(
          {
            model,
            max_tokens: spec.maxTokens ?? DEFAULT_MAX_TOKENS,
            system,
            tools,
            tool_choice: { type: 'tool', name: spec.tool.name },
            messages,
          },
          { signal: ctx.signal },
        )
        .finalMessage();
    } catch (error) {
      const failure = agentErrorFor(error, key, ctx.signal);
      // The failure is what the caller must see; a run that could not be stored must not hide it.
      await record(NO_USAGE, started, failure.message).catch(() => undefined);
      throw failure;
    }

    const verdict = await judge(spec, message, extraCheck);
    // The call itself worked; a malformed answer is still recorded as one that did not.
    await record(
      usageOf(message.usage),
      started,
      verdict.ok ? undefined : `The answer was not usable: ${verdict.problems}`,
    );
    if (verdict.ok) return { output: verdict.output, repairs: attempt };
    if (attempt >= MAX_REPAIRS) {
      const what =
        verdict.kind === 'check'
          ? 'was still wrong'
          : verdict.kind === 'cut'
            ? 'was still too long'
            : 'did not match its schema';
      throw new AgentError(
        'invalid_output',
        redactKey(
          `The ${agent} agent's answer ${what} after ${MAX_REPAIRS} repairs: ${verdict.problems}`,
          key,
        ),
        // Not retried by itself: the same prompt is likely to fail the same way; the builder decides.
        false,
      );
    }
    messages.push(...repairTurn(message, redactKey(repairText(verdict, spec.tool.name), key)));
  }
};
