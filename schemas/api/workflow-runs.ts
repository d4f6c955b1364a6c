import { z } from 'zod';

// Runs of workflows, activation and test runs: what `/api/workflows/:id/...` answers. Step inputs
// and outputs are JSON as recorded, with every secret value replaced by "[redacted]".

export const RunStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'timed_out']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunTrigger = z.enum(['cron', 'webhook', 'message', 'polling', 'manual', 'rerun']);
export type RunTrigger = z.infer<typeof RunTrigger>;

/** One executed step (a step inside a for-each appears once per item, with `item`). */
export const StepRecord = z.object({
  stepId: z.string(),
  kind: z.string(),
  status: z.enum(['succeeded', 'failed', 'skipped']),
  /** The step's evaluated input (the request it made, the values it wrote, …). */
  input: z.unknown(),
  output: z.unknown().optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  attempts: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** Inside a for-each: the index of the item. */
  item: z.number().int().optional(),
  /** For condition steps: the branch taken ("otherwise" when none matched). */
  branch: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepRecord>;

export const RunSummary = z.object({
  id: z.uuid(),
  workflowId: z.uuid(),
  version: z.number().int(),
  trigger: RunTrigger,
  status: RunStatus,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunList = z.object({ runs: z.array(RunSummary) });
export type RunList = z.infer<typeof RunList>;

export const RunDetail = RunSummary.extend({
  /** What started it (the webhook request's body and headers, the cron tick, …), redacted. */
  triggerInput: z.unknown(),
  steps: z.array(StepRecord),
  /** The respond step's answer, for sync webhooks. */
  response: z.unknown().optional(),
  tokens: z.object({ input: z.number().int(), output: z.number().int() }),
  /** When a re-run: the run and step it started from. */
  rerunOf: z.object({ runId: z.uuid(), fromStep: z.string() }).nullable(),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunParams = z.object({
  id: z.uuid('must be a workflow id (uuid)'),
  runId: z.uuid('must be a run id (uuid)'),
});

export const RunListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Runs started before this run (keyset paging). */
  before: z.uuid().optional(),
});

/** `POST /api/workflows/:id/runs/:runId/rerun`. */
export const RerunBody = z.strictObject({
  fromStep: z.string().min(1, 'must name a step of the workflow'),
  /** `current`: the workflow's current draft version; `original`: the version the run used. */
  version: z.enum(['current', 'original']).default('original'),
});
export type RerunBody = z.infer<typeof RerunBody>;

/** `POST /api/workflows/:id/test-run`: runs the current draft once with a sample trigger payload. */
export const TestRunBody = z.strictObject({
  /** For a webhook: `{body, headers, query}`; a cron tick: `{scheduledAt}`; else the item. */
  trigger: z.unknown().default({}),
});
export type TestRunBody = z.infer<typeof TestRunBody>;

/** `POST /api/workflows/:id/activate` and `/deactivate`. */
export const ActivationResult = z.object({
  status: z.enum(['active', 'inactive', 'draft']),
  activeVersion: z.number().int().nullable(),
  findings: z.array(
    z.object({
      ruleId: z.string(),
      severity: z.enum(['blocker', 'warning', 'info']),
      path: z.string(),
      message: z.string(),
    }),
  ),
  /** For webhook and message triggers: where senders post. */
  webhookUrl: z.string().nullable(),
});
export type ActivationResult = z.infer<typeof ActivationResult>;

/** `POST /hooks/{workflowId}` with async response: the run that was queued. */
export const WebhookAccepted = z.object({ runId: z.uuid(), status: RunStatus });
export type WebhookAccepted = z.infer<typeof WebhookAccepted>;
