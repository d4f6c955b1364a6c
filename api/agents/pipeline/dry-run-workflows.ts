import {
  type RunResult,
  runWorkflow,
  StepFailure,
  type WorkflowPorts,
} from '../../../runtime/workflows/index.ts';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import type { WorkflowCase } from '../../../schemas/index.ts';
import { type DryRun, sameJson } from './dry-run-components.ts';

// The workflows contract cases, run through the pure executor with in-memory ports: nothing real
// is called (no mail, HTTP or model). A step that reaches outside answers with the case's
// `stubs[stepId]`; state lives in a Map for the run. Each failing case gets a reason naming the
// step, the status or the response field that differed.

const PORT_KINDS = new Set(['call_api', 'send_message', 'create_record', 'update_record', 'ai']);

/** A stub that makes the step fail, so a case can take an error path: `{"$fail": "why"}`. */
const failureOf = (stub: unknown): string | undefined =>
  stub && typeof stub === 'object' && typeof (stub as { $fail?: unknown }).$fail === 'string'
    ? (stub as { $fail: string }).$fail
    : undefined;

/**
 * The ports only see a step's request, not its id, so the dry run copies the definition with each
 * outside step's target (connection or app) replaced by the step's own id: the port then knows
 * which stub answers. The copy is only ever run here, never stored.
 */
function taggedCopy(definition: WorkflowDefinition): WorkflowDefinition {
  const copy = structuredClone(definition) as WorkflowDefinition;
  for (const step of copy.steps as Array<Record<string, unknown>>) {
    if (step.kind === 'call_api' || step.kind === 'send_message') step.connectionId = step.id;
    if (step.kind === 'create_record' || step.kind === 'update_record') step.appId = step.id;
  }
  return copy;
}

function stubbedPorts(stubs: Record<string, unknown>): WorkflowPorts {
  let clock = Date.UTC(2026, 5, 15, 12, 0, 0);
  const state = new Map<string, unknown>();
  const answer = (stepId: string, fallback: (() => unknown) | null): unknown => {
    const stub = stubs[stepId];
    const failure = failureOf(stub);
    if (failure !== undefined) throw new StepFailure(failure, 'stubbed_failure', false);
    if (stub !== undefined) return stub;
    if (fallback) return fallback();
    throw new StepFailure(
      `no stub for step "${stepId}": the case must give stubs.${stepId} (the step's output)`,
      'no_stub',
      false,
    );
  };
  return {
    async callConnection(request) {
      const stub = answer(request.connectionId, () => ({ status: 200, headers: {}, body: {} }));
      const full =
        stub && typeof stub === 'object' && typeof (stub as { status?: unknown }).status === 'number';
      const response = full
        ? (stub as { status: number; headers?: Record<string, string>; body?: unknown })
        : { status: 200, body: stub };
      return { status: response.status, headers: response.headers ?? {}, body: response.body ?? null };
    },
    async sendMessage(request) {
      return answer(request.connectionId, () => ({})) as { id?: string };
    },
    async createRecord(stepId) {
      return answer(stepId, () => ({ id: '00000000-0000-4000-8000-0000000000c1' })) as { id: string };
    },
    async updateRecord(stepId, _tableId, recordId) {
      return answer(stepId, () => ({ id: recordId })) as { id: string };
    },
    async getState(key) {
      return state.has(key) ? { found: true, value: state.get(key) } : { found: false, value: null };
    },
    async setState(key, value) {
      state.set(key, value);
    },
    async runAiTask(request) {
      const output = answer(request.stepId, null);
      if (!output || typeof output !== 'object' || Array.isArray(output))
        throw new StepFailure(
          `stubs.${request.stepId} must be the AI step's output object`,
          'no_stub',
          false,
        );
      return { output: output as Record<string, unknown>, tokens: { input: 0, output: 0 } };
    },
    now: () => clock++,
    async sleep(ms) {
      clock += ms;
    },
    // Deadlines never fire: a dry run has no real time to wait for.
    timer: () => () => {},
  };
}

/** What the executor is started with for a case: webhooks get `{body, headers, query}`. */
function triggerInput(definition: WorkflowDefinition, trigger: Record<string, unknown>): unknown {
  if (definition.trigger.kind !== 'webhook') return trigger;
  if ('body' in trigger && ('headers' in trigger || 'query' in trigger)) return trigger;
  return { body: trigger, headers: {}, query: {} };
}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** Where `actual` differs from the expected subset (keys not listed are not checked). */
function subsetDifferences(expected: unknown, actual: unknown, path: string): string[] {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual))
      return [`${path || 'the response body'} is ${show(actual)}, expected an object`];
    return Object.entries(expected).flatMap(([key, value]) =>
      subsetDifferences(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return sameJson(expected, actual)
    ? []
    : [`${path || 'the response body'} is ${show(actual)}, expected ${show(expected)}`];
}

export function judgeWorkflowCase(testCase: WorkflowCase, result: RunResult): string | undefined {
  const { expect: expected } = testCase;
  const problems: string[] = [];
  const ran = result.steps.filter((s) => s.status !== 'skipped').map((s) => s.stepId);
  if (result.status !== expected.status) {
    const why = result.error ? ` at step "${result.error.stepId ?? '?'}": ${result.error.message}` : '';
    problems.push(`the run ${result.status}${why}, expected it to have ${expected.status}`);
  }
  const missing = (expected.stepsRun ?? []).filter((id) => !ran.includes(id));
  if (missing.length)
    problems.push(
      `step(s) ${missing.map((id) => `"${id}"`).join(', ')} did not run (steps run: ${ran.join(', ') || 'none'})`,
    );
  const extra = (expected.stepsNotRun ?? []).filter((id) => ran.includes(id));
  if (extra.length)
    problems.push(`step(s) ${extra.map((id) => `"${id}"`).join(', ')} ran but should not have`);
  if (expected.response !== undefined) {
    if (!result.response) problems.push('no respond step ran, but the case expects a response');
    else problems.push(...subsetDifferences(expected.response, result.response.body, ''));
  }
  return problems.length ? problems.join('; ') : undefined;
}

export async function runWorkflowCase(
  definition: WorkflowDefinition,
  testCase: WorkflowCase,
): Promise<string | undefined> {
  const unknownStubs = Object.keys(testCase.stubs).filter(
    (id) => !definition.steps.some((s) => s.id === id && PORT_KINDS.has(s.kind)),
  );
  const result = await runWorkflow(
    {
      definition: taggedCopy(definition),
      trigger: triggerInput(definition, testCase.trigger),
      timeoutMs: 30_000,
    },
    stubbedPorts(testCase.stubs),
  );
  const reason = judgeWorkflowCase(testCase, result);
  if (reason && unknownStubs.length)
    return `${reason} (stubs given for ${unknownStubs.map((id) => `"${id}"`).join(', ')}, which is not an outside step of the workflow)`;
  return reason;
}

export async function dryRunWorkflows(
  definition: WorkflowDefinition,
  cases: readonly WorkflowCase[],
): Promise<DryRun> {
  const failed: DryRun['failed'] = [];
  for (const testCase of cases) {
    let reason: string | undefined;
    try {
      reason = await runWorkflowCase(definition, testCase);
    } catch (error) {
      reason = `the case could not run: ${(error as Error).message}`;
    }
    if (reason !== undefined) failed.push({ name: testCase.name, reason });
  }
  return { passed: cases.length - failed.length, failed };
}
