import type { RunStatus, StepRecord } from '../../schemas/api/workflow-runs.ts';
import type { WorkflowDefinition } from '../../schemas/definitions.ts';

// The workflow executor's ports: everything a run touches outside itself. The executor is pure
// (no fetch, no database, no clock of its own); the platform hands it these, and tests hand it
// fakes. A port that fails throws a `StepFailure` (or any Error, taken as a failure of the step).

/** A request through one of the workflow's declared connections (auth added by the port). */
export interface ConnectionRequest {
  connectionId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the connection's base URL, placeholders already filled and URL-encoded. */
  path: string;
  query: [string, string][];
  headers: [string, string][];
  body?: unknown;
}

export interface ConnectionResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else its text. */
  body: unknown;
}

export interface MessageRequest {
  connectionId: string;
  to: string;
  subject?: string;
  text: string;
}

export type AiTaskRequest = {
  stepId: string;
  input: unknown;
  instructions?: string;
  ai: Extract<WorkflowDefinition['steps'][number], { kind: 'ai' }>['ai'];
  signal: AbortSignal;
};

export interface AiTaskResult {
  /** The task's typed output (classify: {label, confidence}; extract: the fields; …), Zod-checked. */
  output: Record<string, unknown>;
  tokens: { input: number; output: number };
}

export interface WorkflowPorts {
  /** call_api steps. Refuses undeclared connections, disallowed hosts, private addresses. */
  callConnection(request: ConnectionRequest, signal: AbortSignal): Promise<ConnectionResponse>;
  /** send_message steps. */
  sendMessage(request: MessageRequest, signal: AbortSignal): Promise<{ id?: string }>;
  /** create_record / update_record: through the component runtime (validation, automations). */
  createRecord(appId: string, tableId: string, values: Record<string, unknown>): Promise<{ id: string }>;
  updateRecord(
    appId: string,
    tableId: string,
    recordId: string,
    values: Record<string, unknown>,
  ): Promise<{ id: string }>;
  /** Persistent per-workflow state. */
  getState(key: string): Promise<{ found: boolean; value: unknown }>;
  setState(key: string, value: unknown): Promise<void>;
  /** AI steps, with the builder's own key. */
  runAiTask(request: AiTaskRequest): Promise<AiTaskResult>;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits (retry backoff); rejects when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /**
   * Calls `onTime` after `ms` of real time and returns a function that cancels it: the step and
   * run deadlines. Apart from `sleep` because tests fake backoff away, while a hard stop must
   * really wait. Optional: without it the executor uses the platform's `setTimeout`.
   */
  timer?(ms: number, onTime: () => void): () => void;
}

/** A step's failure as the run log shows it; `retryable: false` skips the step's retries. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

export interface RunInput {
  definition: WorkflowDefinition;
  /** What started the run: the webhook request, the cron tick, the message or polled item. */
  trigger: unknown;
  /** Hard stop for the whole run (plan: 30 s free / 120 s paid). */
  timeoutMs: number;
  /** Re-run: start here, with the recorded outputs of the steps that ran before it. */
  resume?: { fromStep: string; outputs: Record<string, unknown> };
  /** Called after each step finishes (live status, durable progress). */
  onStep?: (record: StepRecord) => void | Promise<void>;
  /**
   * Called when the first respond step has run, with its answer, while the run goes on: a sync
   * webhook can answer its caller at once instead of waiting for the last step.
   */
  onRespond?: (response: { status: number; headers: Record<string, string>; body: unknown }) => void;
  /** Aborts the run from outside (deactivation, shutdown). */
  signal?: AbortSignal;
  /** Overrides of the executor's bounds (see `RUN_LIMITS` in runtime/workflows/limits.ts). */
  limits?: Partial<RunLimits>;
}

/** The bounds that keep any run finite and its record storable. */
export interface RunLimits {
  /** Step executions per run (each step inside a for-each counts once per item). */
  maxStepExecutions: number;
  /** JSON bytes of one recorded input or output; larger ones are recorded as a truncation marker. */
  maxRecordedValueBytes: number;
  /** JSON bytes of all recorded inputs and outputs of a run together. */
  maxRecordedRunBytes: number;
  /** A step's timeout when the definition gives none. */
  defaultStepTimeoutMs: number;
}

export interface RunResult {
  status: Exclude<RunStatus, 'queued' | 'running'>;
  steps: StepRecord[];
  /** Set by a respond step (sync webhooks). */
  response?: { status: number; headers: Record<string, string>; body: unknown };
  error?: { stepId?: string; code: string; message: string };
  /** Sum over AI steps. */
  tokens: { input: number; output: number };
}
