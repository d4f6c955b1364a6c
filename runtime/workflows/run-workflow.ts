import type { StepRecord } from '../../schemas/api/workflow-runs.ts';
import type { Step } from '../../schemas/definitions.ts';
import { attemptWithRetries, stopError } from './attempts.ts';
import { type Scope, StepEvaluator } from './evaluator.ts';
import { RecordBudget, RUN_LIMITS } from './limits.ts';
import { planOf, stepAt, stepsBefore, type WorkflowPlan } from './plan.ts';
import { isPortStep, portAction } from './port-steps.ts';
import type { RunInput, RunLimits, RunResult, WorkflowPorts } from './ports.ts';
import { StepFailure } from './ports.ts';
import { RunControl, type RunStopReason } from './run-control.ts';

type RunError = NonNullable<RunResult['error']>;

/** Ends the walk: the run failed or was stopped; carries what the result reports. */
class RunEnded extends Error {
  constructor(
    readonly status: 'failed' | 'timed_out',
    readonly runError: RunError,
  ) {
    super(runError.message);
  }
}

const ended = (reason: RunStopReason, stepId?: string) =>
  new RunEnded(reason === 'timed_out' ? 'timed_out' : 'failed', {
    ...(stepId ? { stepId } : {}),
    ...stopError(reason),
  });

/** Where a step leads: the id of the next step, or undefined when this path ends. */
type Next = string | undefined;

/**
 * Runs a workflow from its start (or from a re-run's step) to the end of its path, given its
 * ports. Deterministic for given ports: every time, wait and effect goes through them. Never
 * throws: whatever happens is in the result (status, every step's record, error, response).
 */
export async function runWorkflow(input: RunInput, ports: WorkflowPorts): Promise<RunResult> {
  const limits: RunLimits = { ...RUN_LIMITS, ...input.limits };
  const control = new RunControl(ports, input.timeoutMs, input.signal);
  const run = new WorkflowRun(input, ports, planOf(input.definition), limits, control);
  try {
    const start = run.startingPoint();
    await run.walk(start.stepId, { outputs: start.outputs });
    return run.result('succeeded');
  } catch (error) {
    if (error instanceof RunEnded) return run.result(error.status, error.runError);
    const message = error instanceof Error ? error.message : String(error);
    return run.result('failed', {
      code: 'internal_error',
      message: `the run stopped unexpectedly: ${message}`,
    });
  } finally {
    control.dispose();
  }
}

class WorkflowRun {
  private readonly records: StepRecord[] = [];
  private readonly tokens = { input: 0, output: 0 };
  private readonly budget: RecordBudget;
  private response: RunResult['response'];
  private executions = 0;

  constructor(
    private readonly input: RunInput,
    private readonly ports: WorkflowPorts,
    private readonly plan: WorkflowPlan,
    private readonly limits: RunLimits,
    private readonly control: RunControl,
  ) {
    this.budget = new RecordBudget(limits);
  }

  startingPoint(): { stepId: string; outputs: Record<string, unknown> } {
    const resume = this.input.resume;
    if (!resume) return { stepId: this.plan.definition.start, outputs: {} };
    const before = stepsBefore(this.plan.definition, resume.fromStep);
    if (!before.ok) throw new RunEnded('failed', { code: 'invalid_resume', message: before.error });
    const missing = before.value.filter((id) => !Object.hasOwn(resume.outputs, id));
    if (missing.length > 0)
      throw new RunEnded('failed', {
        code: 'missing_outputs',
        message: `a re-run from "${resume.fromStep}" needs the recorded outputs of ${missing.map((id) => `"${id}"`).join(', ')}`,
      });
    return { stepId: resume.fromStep, outputs: { ...resume.outputs } };
  }

  result(status: RunResult['status'], error?: RunError): RunResult {
    return {
      status,
      steps: this.records,
      ...(this.response ? { response: this.response } : {}),
      ...(error ? { error } : {}),
      tokens: { ...this.tokens },
    };
  }

  /** Runs steps from `from` until one leads nowhere (the end of the run, or of a for-each body). */
  async walk(from: Next, scope: Scope): Promise<void> {
    let current = from;
    while (current !== undefined) {
      const found = stepAt(this.plan, current);
      if (!found)
        throw new RunEnded('failed', {
          stepId: current,
          code: 'unknown_step',
          message: `the workflow leads to step "${current}", which does not exist`,
        });
      current = await this.execute(found.step, found.index, scope);
    }
  }

  private async execute(step: Step, index: number, scope: Scope): Promise<Next> {
    const reason = this.control.stopReason;
    if (reason) throw ended(reason);
    if (++this.executions > this.limits.maxStepExecutions)
      throw new RunEnded('failed', {
        stepId: step.id,
        code: 'step_budget',
        message: `the run reached its limit of ${this.limits.maxStepExecutions.toLocaleString('en-US')} step executions and was stopped; lower a for_each's maxItems or filter its items`,
      });
    const startedAt = this.ports.now();
    const evaluator = new StepEvaluator(this.plan.contexts[index]!, this.input.trigger, scope);
    const rec = { step, scope, startedAt };
    try {
      if (step.kind === 'condition') {
        const checked: { branch: string; when: boolean }[] = [];
        const taken = step.branches.find((branch) => {
          const when = evaluator.bool(`branches.${branch.id}.when`, branch.when);
          checked.push({ branch: branch.id, when });
          return when;
        });
        const branch = taken?.id ?? 'otherwise';
        scope.outputs[step.id] = { branch };
        await this.record(rec, { status: 'succeeded', input: { checked }, output: { branch }, branch });
        return taken ? taken.next : step.otherwise;
      }
      if (step.kind === 'for_each') return await this.forEach(step, evaluator, rec);
      if (step.kind === 'map') {
        const output = Object.fromEntries(
          step.values.map((entry) => [entry.name, evaluator.value(`values.${entry.name}`, entry.value)]),
        );
        scope.outputs[step.id] = output;
        await this.record(rec, {
          status: 'succeeded',
          input: { names: step.values.map((v) => v.name) },
          output,
        });
        return step.next;
      }
      if (step.kind === 'respond') {
        const headers = Object.fromEntries(
          (step.headers ?? []).map((h) => [h.name, evaluator.scalarText(`headers.${h.name}`, h.value)]),
        );
        const body = step.body === undefined ? null : evaluator.value('body', step.body);
        const response = { status: step.status, headers, body };
        if (!this.response) {
          this.response = response; // the first answer is the one a waiting caller gets
          this.input.onRespond?.(response);
        }
        scope.outputs[step.id] = { status: step.status };
        await this.record(rec, { status: 'succeeded', input: response, output: { status: step.status } });
        return step.next;
      }
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      return this.failed(rec, undefined, 1, { code: error.code, message: error.message });
    }
    if (!isPortStep(step)) throw new Error(`unknown step kind ${(step as Step).kind}`);
    let action: ReturnType<typeof portAction>;
    try {
      action = portAction(step, evaluator, this.ports);
    } catch (error) {
      if (!(error instanceof StepFailure)) throw error;
      return this.failed(rec, undefined, 1, { code: error.code, message: error.message });
    }
    const outcome = await attemptWithRetries(
      step,
      action.attempt,
      this.control,
      this.ports,
      this.limits.defaultStepTimeoutMs,
    );
    if (action.tokens) {
      this.tokens.input += action.tokens.input;
      this.tokens.output += action.tokens.output;
    }
    if (!outcome.ok) {
      if (outcome.stopped) {
        await this.record(rec, {
          status: 'failed',
          input: action.input,
          attempts: outcome.attempts,
          error: outcome.error,
        });
        throw ended(outcome.stopped.reason, step.id);
      }
      return this.failed(rec, action.input, outcome.attempts, outcome.error);
    }
    scope.outputs[step.id] = outcome.output;
    await this.record(rec, {
      status: 'succeeded',
      input: action.input,
      output: outcome.output,
      attempts: outcome.attempts,
    });
    return step.next;
  }

  /** Runs the body once per item, each iteration with its own `steps` (and `item`, `index`). */
  private async forEach(
    step: Extract<Step, { kind: 'for_each' }>,
    evaluator: StepEvaluator,
    rec: RecordContext,
  ): Promise<Next> {
    const items = evaluator.value('items', step.items);
    if (!Array.isArray(items))
      return this.failed(rec, undefined, 1, {
        code: 'invalid_items',
        message: `items must give a list, but gave ${items === null ? 'no value (null)' : typeof items}`,
      });
    if (items.length > step.maxItems)
      return this.failed(rec, { count: items.length }, 1, {
        code: 'too_many_items',
        message: `items gave ${items.length} items, more than this for_each's limit of ${step.maxItems} (maxItems); filter the list or raise maxItems`,
      });
    await this.record(rec, { status: 'succeeded', input: { items }, output: { count: items.length } });
    for (const [i, item] of items.entries()) {
      await this.walk(step.body, { outputs: { ...rec.scope.outputs }, loop: { item, index: i } });
    }
    rec.scope.outputs[step.id] = { count: items.length };
    return step.next;
  }

  /** A failed step: its onError path when it has one, else the end of the run. */
  private async failed(
    rec: RecordContext,
    input: unknown,
    attempts: number,
    error: { code: string; message: string },
  ): Promise<Next> {
    await this.record(rec, { status: 'failed', input, attempts, error });
    if (rec.step.onError) return rec.step.onError;
    throw new RunEnded('failed', { stepId: rec.step.id, ...error });
  }

  private async record(rec: RecordContext, outcome: Outcome): Promise<void> {
    const record: StepRecord = {
      stepId: rec.step.id,
      kind: rec.step.kind,
      status: outcome.status,
      input: this.budget.record(outcome.input ?? null),
      startedAt: new Date(rec.startedAt).toISOString(),
      durationMs: Math.max(0, this.ports.now() - rec.startedAt),
      attempts: outcome.attempts ?? 1,
    };
    if (outcome.output !== undefined) record.output = this.budget.record(outcome.output);
    if (outcome.error) record.error = outcome.error;
    if (rec.scope.loop) record.item = rec.scope.loop.index;
    if (outcome.branch !== undefined) record.branch = outcome.branch;
    this.records.push(record);
    await this.input.onStep?.(record);
  }
}

interface RecordContext {
  step: Step;
  scope: Scope;
  startedAt: number;
}

interface Outcome {
  status: StepRecord['status'];
  input: unknown;
  output?: unknown;
  attempts?: number;
  error?: { code: string; message: string };
  branch?: string;
}
