import type { z } from 'zod';
import type { ChatMessage, FeatureMode, ModeRecommendation, PipelineStage } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import type { SecretStore } from '../store/secrets.ts';

// What the parts of the agent pipeline promise each other. The model-call layer (`call.ts`) knows
// nothing of features or the database: it is handed a context that opens the key, checks and
// spends the budget and records each call. The pipeline (`pipeline/`) and the routes build that
// context for a feature.

/** Every agent, by name (the `agent` column of `agent_runs`). */
export type AgentName =
  | 'ba'
  | 'spec'
  | 'planner'
  | 'contract-tests'
  | 'implementer'
  | 'security-reviewer'
  | 'code-reviewer'
  | 'copilot';

/** Where a model call belongs (the `stage` column of `agent_runs`). */
export type RunStage = PipelineStage | 'chat' | 'copilot';

/**
 * One agent: a small module with its role prompt, its Zod output schema and its rules. The role,
 * the rules and the reference form the stable prefix of every call (cached); the per-call input
 * comes after it.
 */
export interface AgentSpec<T> {
  name: AgentName;
  /** Who the agent is and what it produces. */
  role: string;
  /** What it may do and what it may not (put in the prompt; enforced by what it is shown and by `output`). */
  may: readonly string[];
  mayNot: readonly string[];
  /** Stable reference text after the rules: schema notes, one worked example. */
  reference?: string;
  /** The forced tool: its name and description; its input schema is `output`'s JSON Schema. */
  tool: { name: string; description: string };
  output: z.ZodType<T>;
  /** Default: DEFAULT_AGENT_MODEL. */
  model?: string;
  /** Output token limit per call. */
  maxTokens?: number;
}

/** One model call as `agent_runs` keeps it (a failed call is recorded too, with its error). */
export interface AgentRunRecord {
  agent: AgentName;
  stage: RunStage;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  durationMs: number;
  status: 'ok' | 'error';
  /** Why it failed, in words safe to show (never the key). */
  error?: string;
}

/** What the caller gives the call layer for one agent call (which may make up to 3 model calls). */
export interface AgentCallContext {
  /** Opens the builder's Anthropic key for this call only; null when they have none. */
  openKey(): Promise<string | null>;
  /** ANTHROPIC_BASE_URL (the fake server in tests); the SDK's default when absent. */
  baseURL?: string;
  fetch?: typeof fetch;
  stage: RunStage;
  /**
   * Tokens left in the feature's budget. Checked before every model call: at or below zero the
   * call is not made and `budget_exhausted` is thrown.
   */
  remainingTokens(): Promise<number>;
  /** Stores one `agent_runs` row and adds its tokens and cost to the feature. Called for every model call. */
  recordRun(run: AgentRunRecord): Promise<void>;
  /** Progress for the studio ("Repairing the spec (attempt 2 of 3)"). */
  onActivity?(activity: string): void;
  signal?: AbortSignal;
}

export type AgentErrorCode =
  | 'key_missing'
  | 'key_rejected'
  | 'rate_limited'
  | 'overloaded'
  | 'unavailable'
  | 'request_refused'
  | 'invalid_output'
  | 'budget_exhausted'
  | 'aborted';

/**
 * Why an agent call failed, in words a builder can act on; never carries the key. `retryable`:
 * trying the same call later may work (rate limit, overload, network).
 */
export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
    readonly retryable: boolean,
    /** Seconds to wait, when the API said (429 retry-after). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

/** The answer of one agent call: the parsed output and how many repairs it took (0–2). */
export interface AgentAnswer<T> {
  output: T;
  repairs: number;
}

/**
 * `call.ts` exports `callAgent(ctx, spec, input)`: one forced tool call (stable prefix with
 * cache_control, then `input` as the user turn), Zod-parsed; on a malformed answer the Zod issues go
 * back to the agent at most twice, then `AgentError('invalid_output')` naming them. `extraCheck`
 * lets the caller add checks Zod cannot make (a patch that must apply, a definition that must
 * validate): return problems to send back as a repair, or [] when fine.
 */
export type CallAgent = <T>(
  ctx: AgentCallContext,
  spec: AgentSpec<T>,
  input: string,
  extraCheck?: (output: T) => string[] | Promise<string[]>,
) => Promise<AgentAnswer<T>>;

/** The BA agent's streamed turn: text arrives through `onText`; a recommendation may come with it. */
export interface BaTurn {
  text: string;
  recommendation: ModeRecommendation | null;
}

/**
 * `ba.ts` exports `streamBaReply(ctx, { title, mode, history }, onText)`: the conversation so far
 * (the builder's newest message last) in, the reply streamed token by token.
 */
export type StreamBaReply = (
  ctx: AgentCallContext,
  conversation: { title: string; mode: FeatureMode | null; history: readonly ChatMessage[] },
  onText: (text: string) => void,
) => Promise<BaTurn>;

/**
 * `agent-context.ts` exports `agentContext: AgentContextFor`: the context for one builder's agent
 * call — the key opened through the `agent-key` service job, the feature's budget (none for the
 * co-pilot: `featureId` null), each call stored in `agent_runs` as the builder and added to the
 * feature's tokens and cost.
 */
export type AgentContextFor = (
  platform: {
    db: Db;
    secrets: SecretStore;
    anthropicBaseUrl?: string;
  },
  target: {
    userId: string;
    featureId: string | null;
    stage: RunStage;
    signal?: AbortSignal;
    onActivity?: (activity: string) => void;
  },
) => AgentCallContext;

/** The pipeline worker as the platform holds it (`Platform.pipeline`). */
export interface PipelineWorker {
  /**
   * A stage of this feature was queued: look for work now rather than at the next poll. The Worker's
   * pipeline wakes the feature's Durable Object (awaited, so the request does not end first); a
   * failed wake is logged, never thrown: the queued job is found by the next sweep.
   */
  wake(featureId: string): void | Promise<void>;
  /** Stops claiming; waits for running stages to reach a safe point (or abandons them to their lease). */
  stop(): Promise<void>;
}

/**
 * The forced tool of each agent (and the implementer's per mode). The fake Anthropic server's
 * scripts answer by these names (`replyByTool`), so they are part of the contract.
 */
export const AGENT_TOOLS = {
  /** Not forced: the BA streams text and may call this to recommend a mode. */
  ba: 'recommend_mode',
  spec: 'write_spec',
  planner: 'write_plan',
  'contract-tests': 'write_contract_tests',
  implementer: {
    components: 'write_app_definition',
    workflows: 'write_workflow_definition',
    code: 'write_code',
  },
  'security-reviewer': 'report_security_findings',
  'code-reviewer': 'report_code_review',
  copilot: 'propose_patch',
} as const;
