import { z } from 'zod';
import { BundleFile } from '../code/code-bundle.ts';
import { ReviewFinding } from './apps.ts';
import { Feature, FeatureMode } from './features.ts';

// The agent pipeline's API: the chat with the BA agent, the build's stages and progress, what each
// stage produced (its artifact), approval, and the co-pilot on the canvas. Agents' outputs are the
// artifact shapes below: each agent answers through a forced tool whose input schema is derived
// from one of them, and Zod parses every answer.

/** The stages a build moves through, in order (also the feature's status while one runs). */
export const PipelineStage = z.enum(['spec', 'planning', 'testing', 'implementing', 'reviewing']);
export type PipelineStage = z.infer<typeof PipelineStage>;
export const PIPELINE_STAGES = PipelineStage.options;

// ------------------------------------------------------------------ chat

export const ChatMessage = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatMessageList = z.object({ messages: z.array(ChatMessage) });
export type ChatMessageList = z.infer<typeof ChatMessageList>;

export const MAX_CHAT_MESSAGE_CHARS = 8000;
export const PostMessageBody = z.strictObject({
  content: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_CHAT_MESSAGE_CHARS, `must be at most ${MAX_CHAT_MESSAGE_CHARS} characters`),
});
export type PostMessageBody = z.infer<typeof PostMessageBody>;

/** The BA agent's recommendation: a mode and one sentence of why. */
export const ModeRecommendation = z.strictObject({
  mode: FeatureMode,
  reason: z.string().min(1).max(1000),
});
export type ModeRecommendation = z.infer<typeof ModeRecommendation>;

/**
 * Server-sent events of `POST /api/features/:id/messages` (and of `…/messages/reply`, which answers
 * the newest stored builder message again without a `message` event) (event name → data):
 * `message` the builder's message as stored; `delta` a piece of the reply's text; `recommendation`
 * a mode recommendation; `done` the reply as stored; `error` why the reply stopped (the builder's
 * message is kept either way).
 */
export const ChatStreamEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('message'), data: ChatMessage }),
  z.object({ event: z.literal('delta'), data: z.object({ text: z.string() }) }),
  z.object({ event: z.literal('recommendation'), data: ModeRecommendation }),
  z.object({ event: z.literal('done'), data: ChatMessage }),
  z.object({
    event: z.literal('error'),
    data: z.object({
      code: z.string(),
      message: z.string(),
      /** A rate limit: when the model may be asked again. */
      retryAfterSeconds: z.number().optional(),
    }),
  }),
]);
export type ChatStreamEvent = z.infer<typeof ChatStreamEvent>;

export const SetModeBody = z.strictObject({ mode: FeatureMode });
export type SetModeBody = z.infer<typeof SetModeBody>;

// ------------------------------------------------------------------ artifacts (agents' outputs)

const Line = z.string().trim().min(1).max(1000);

/** The spec agent's output. */
export const FeatureSpec = z.strictObject({
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(4000),
  /** Who uses it and for what. */
  users: z.array(Line).min(1).max(20),
  requirements: z.array(Line).min(1).max(60),
  /** Checkable statements the contract tests are written from. */
  acceptance: z.array(Line).min(1).max(60),
  outOfScope: z.array(Line).max(30),
});
export type FeatureSpec = z.infer<typeof FeatureSpec>;

/** The planner's output. `interface` fixes the names the tests and the implementation share. */
export const FeaturePlan = z.strictObject({
  steps: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1).max(200),
        detail: z.string().trim().min(1).max(4000),
      }),
    )
    .min(1)
    .max(40),
  /**
   * The contract between tests and implementation, in ids: components — each table id with its
   * field ids and types, role ids; workflows — trigger kind, step ids and kinds; code — file paths
   * and exported functions with their signatures.
   */
  interface: z
    .array(
      z.strictObject({ name: z.string().trim().min(1).max(200), detail: z.string().trim().min(1).max(4000) }),
    )
    .min(1)
    .max(60),
});
export type FeaturePlan = z.infer<typeof FeaturePlan>;

/** A components contract case: one write to one table, and whether the app accepts it. */
export const RecordCase = z.strictObject({
  name: z.string().trim().min(1).max(200),
  table: z.string().min(1).max(100),
  action: z.enum(['create', 'update']),
  /** The role of the end user writing; absent: the builder (owner). */
  role: z.string().min(1).max(100).optional(),
  /** Field values sent, by field id. */
  values: z.record(z.string(), z.unknown()),
  /** Update only: the stored row before, by field id. */
  existing: z.record(z.string(), z.unknown()).optional(),
  expect: z.discriminatedUnion('outcome', [
    z.strictObject({
      outcome: z.literal('accepted'),
      /** Stored values to check after the write (computed fields included), by field id. */
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
    z.strictObject({
      outcome: z.literal('refused'),
      /** 400 invalid, 403 not allowed, 409 illegal state transition. */
      status: z.union([z.literal(400), z.literal(403), z.literal(409)]).optional(),
      /** The field the refusal names. */
      field: z.string().min(1).max(100).optional(),
    }),
  ]),
});
export type RecordCase = z.infer<typeof RecordCase>;

/** A workflows contract case: a trigger payload in, which steps run and what comes out. */
export const WorkflowCase = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** The trigger's payload (webhook body, message, or {} for a schedule). */
  trigger: z.record(z.string(), z.unknown()),
  /** Canned outputs of steps that reach outside (call_api, send_message, ai, records), by step id. */
  stubs: z.record(z.string(), z.unknown()),
  expect: z.strictObject({
    status: z.enum(['succeeded', 'failed']),
    stepsRun: z.array(z.string().min(1).max(100)).max(100).optional(),
    stepsNotRun: z.array(z.string().min(1).max(100)).max(100).optional(),
    /** The respond step's body, compared as a subset (keys not listed are not checked). */
    response: z.unknown().optional(),
  }),
});
export type WorkflowCase = z.infer<typeof WorkflowCase>;

/** The contract-test agent's output, by mode. Code mode's tests are files we never run. */
export const ContractTests = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('components'), cases: z.array(RecordCase).min(1).max(50) }),
  z.strictObject({ kind: z.literal('workflows'), cases: z.array(WorkflowCase).min(1).max(50) }),
  z.strictObject({
    kind: z.literal('code'),
    tests: z
      .array(
        BundleFile.refine((f) => f.path.endsWith('.test.ts'), {
          message: 'must be a .test.ts file',
          path: ['path'],
        }),
      )
      .min(1)
      .max(50),
  }),
]);
export type ContractTests = z.infer<typeof ContractTests>;

/** How the candidate fared against the contract cases in the dry-run runtime. */
export const ContractRun = z.object({
  passed: z.number().int(),
  failed: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** Implementation rounds used (failing cases go back to the implementer, bounded). */
  rounds: z.number().int(),
});
export type ContractRun = z.infer<typeof ContractRun>;

/**
 * One finding of a feature's review: the deterministic rules' findings (`api/review`, the same
 * shape the publish dialog shows) and the LLM reviewers', told apart by `source`.
 */
export const PipelineFinding = ReviewFinding.extend({
  source: z.enum(['rules', 'security-reviewer', 'code-reviewer']),
});
export type PipelineFinding = z.infer<typeof PipelineFinding>;

export const ArtifactKind = z.enum(['spec', 'plan', 'tests', 'definition', 'code', 'review']);
export type ArtifactKind = z.infer<typeof ArtifactKind>;

/** What a stage stored (the artifact's content is inline: they are small JSON documents). */
export const FeatureArtifacts = z.object({
  spec: FeatureSpec.optional(),
  plan: FeaturePlan.optional(),
  tests: ContractTests.optional(),
  /** components / workflows: the candidate definition (validated); code: the bundle. */
  result: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('components'), definition: z.record(z.string(), z.unknown()) }),
      z.object({ kind: z.literal('workflows'), definition: z.record(z.string(), z.unknown()) }),
      z.object({ kind: z.literal('code'), files: z.array(BundleFile), tests: z.array(BundleFile) }),
    ])
    .optional(),
  contractRun: ContractRun.optional(),
  review: z.object({ findings: z.array(PipelineFinding), summary: z.string() }).optional(),
});
export type FeatureArtifacts = z.infer<typeof FeatureArtifacts>;

// ------------------------------------------------------------------ build state

export const PipelineJob = z.object({
  stage: PipelineStage,
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  attempts: z.number().int(),
});

/** `GET /api/features/:id`: the feature with everything the studio shows about its build. */
export const FeatureDetail = Feature.extend({
  recommendedMode: FeatureMode.nullable(),
  modeReason: z.string().nullable(),
  /** What the running stage is doing now, in plain words. */
  activity: z.string().nullable(),
  failedStage: PipelineStage.nullable(),
  failureReason: z.string().nullable(),
  rejectionComment: z.string().nullable(),
  tokenBudget: z.number().int(),
  tokensUsed: z.number().int(),
  costUsd: z.number(),
  /** The open (queued or running) stage job, if any. */
  job: PipelineJob.nullable(),
  artifacts: FeatureArtifacts,
  /** Once approved: the app's or workflow's id, and the app's public URL. */
  appId: z.uuid().nullable(),
  workflowId: z.uuid().nullable(),
  resultUrl: z.string().nullable(),
  /** Code mode, once approved: where the zip is downloaded. */
  codeZipUrl: z.string().nullable(),
  /** The builder has an Anthropic key (the chat and the build need one). */
  keyConfigured: z.boolean(),
});
export type FeatureDetail = z.infer<typeof FeatureDetail>;

/** `GET /api/features/:id/events`: `progress` events (this data) until `end`. */
export const FeatureProgress = z.object({
  status: Feature.shape.status,
  activity: z.string().nullable(),
  job: PipelineJob.nullable(),
  failedStage: PipelineStage.nullable(),
  failureReason: z.string().nullable(),
  tokensUsed: z.number().int(),
  costUsd: z.number(),
  updatedAt: z.string(),
});
export type FeatureProgress = z.infer<typeof FeatureProgress>;

/** `POST /api/features/:id/build`: starts the pipeline (the mode must be chosen or recommended). */
export const BuildBody = z.strictObject({
  /** Input + output tokens this feature may spend; default from the platform (PIPELINE_TOKEN_BUDGET). */
  tokenBudget: z.number().int().min(10_000).max(5_000_000).optional(),
});
export type BuildBody = z.infer<typeof BuildBody>;

export const RejectBody = z.strictObject({
  comment: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
});
export type RejectBody = z.infer<typeof RejectBody>;

/** `POST /api/features/:id/retry`: from the failed stage unless an earlier one is named. */
export const RetryBody = z.strictObject({ stage: PipelineStage.optional() });
export type RetryBody = z.infer<typeof RetryBody>;

export const ApproveResult = z.object({
  approved: z.boolean(),
  /** Blocking findings stop approval (422). */
  findings: z.array(PipelineFinding),
  appId: z.uuid().nullable(),
  workflowId: z.uuid().nullable(),
  resultUrl: z.string().nullable(),
  codeZipUrl: z.string().nullable(),
});
export type ApproveResult = z.infer<typeof ApproveResult>;

/** One model call, as `agent_runs` keeps it. */
export const AgentRun = z.object({
  id: z.uuid(),
  agent: z.string(),
  stage: z.string(),
  model: z.string(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  costUsd: z.number(),
  durationMs: z.number().int(),
  status: z.enum(['ok', 'error']),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type AgentRun = z.infer<typeof AgentRun>;
export const AgentRunList = z.object({ runs: z.array(AgentRun) });
export type AgentRunList = z.infer<typeof AgentRunList>;

// ------------------------------------------------------------------ co-pilot

export const MAX_COPILOT_OPERATIONS = 200;

/**
 * JSON Patch operations (RFC 6902) as the API carries them. Only their outline is checked here;
 * the server parses them with `runtime/definitions/json-patch.ts` (pointers, values) and applies
 * them to the definition before anything is shown or saved.
 */
export const PatchOperations = z
  .array(
    z.looseObject({ op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']), path: z.string() }),
  )
  .max(MAX_COPILOT_OPERATIONS, `must have at most ${MAX_COPILOT_OPERATIONS} operations`);
export type PatchOperations = z.infer<typeof PatchOperations>;

/** `POST /api/apps/:id/copilot` and `/api/workflows/:id/copilot`. */
export const CopilotAskBody = z.strictObject({
  message: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
  /** The draft version the builder is looking at; the patch applies to it. */
  baseVersion: z.number().int().positive(),
});
export type CopilotAskBody = z.infer<typeof CopilotAskBody>;

/** The proposal, already applied and validated against `baseVersion`, for the canvas to preview. */
export const CopilotAnswer = z.object({
  summary: z.string(),
  operations: PatchOperations,
  baseVersion: z.number().int(),
  /** The definition after the patch (what accepting would save). */
  proposed: z.record(z.string(), z.unknown()),
  /** Repairs the agent needed before its patch validated (0 = first answer was valid). */
  repairs: z.number().int(),
});
export type CopilotAnswer = z.infer<typeof CopilotAnswer>;

/** `POST …/copilot/accept`: the server applies the operations again and saves an agent-authored draft. */
export const CopilotAcceptBody = z.strictObject({
  operations: PatchOperations,
  baseVersion: z.number().int().positive(),
});
export type CopilotAcceptBody = z.infer<typeof CopilotAcceptBody>;
