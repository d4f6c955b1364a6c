import type { Step, Trigger, WorkflowDefinition } from '../../schemas/definitions.ts';
import { validateWorkflow } from '../definitions/validate-workflow.ts';
import type {
  AiTaskRequest,
  AiTaskResult,
  ConnectionRequest,
  ConnectionResponse,
  MessageRequest,
  WorkflowPorts,
} from './ports.ts';

// Test fakes for the executor's ports: scripted answers, every call remembered, a clock that only
// moves when a test moves it, and a sleep that returns at once but records how long it was asked for.

export type Call =
  | { port: 'callConnection'; request: ConnectionRequest }
  | { port: 'sendMessage'; request: MessageRequest }
  | { port: 'createRecord'; appId: string; tableId: string; values: Record<string, unknown> }
  | {
      port: 'updateRecord';
      appId: string;
      tableId: string;
      recordId: string;
      values: Record<string, unknown>;
    }
  | { port: 'getState'; key: string }
  | { port: 'setState'; key: string; value: unknown }
  | { port: 'runAiTask'; request: Omit<AiTaskRequest, 'signal'> };

export interface Script {
  callConnection?(request: ConnectionRequest, signal: AbortSignal): Promise<ConnectionResponse>;
  sendMessage?(request: MessageRequest, signal: AbortSignal): Promise<{ id?: string }>;
  runAiTask?(request: AiTaskRequest): Promise<AiTaskResult>;
  createRecord?(appId: string, tableId: string, values: Record<string, unknown>): Promise<{ id: string }>;
}

export interface FakePorts {
  ports: WorkflowPorts;
  calls: Call[];
  sleeps: number[];
  state: Map<string, unknown>;
  clock: { now: number };
}

/**
 * `realTimers`: step and run deadlines use the platform's setTimeout (for timeout tests);
 * otherwise they never fire, so no test depends on how fast the machine is.
 */
export function fakePorts(script: Script = {}, options: { realTimers?: boolean } = {}): FakePorts {
  const calls: Call[] = [];
  const sleeps: number[] = [];
  const state = new Map<string, unknown>();
  const clock = { now: Date.UTC(2026, 2, 5, 7, 0, 0) };
  let ids = 0;
  const ports: WorkflowPorts = {
    async callConnection(request, signal) {
      calls.push({ port: 'callConnection', request });
      return script.callConnection
        ? script.callConnection(request, signal)
        : { status: 200, headers: {}, body: { ok: true } };
    },
    async sendMessage(request, signal) {
      calls.push({ port: 'sendMessage', request });
      return script.sendMessage ? script.sendMessage(request, signal) : { id: `msg_${++ids}` };
    },
    async createRecord(appId, tableId, values) {
      calls.push({ port: 'createRecord', appId, tableId, values });
      return script.createRecord ? script.createRecord(appId, tableId, values) : { id: `rec_${++ids}` };
    },
    async updateRecord(appId, tableId, recordId, values) {
      calls.push({ port: 'updateRecord', appId, tableId, recordId, values });
      return { id: recordId };
    },
    async getState(key) {
      calls.push({ port: 'getState', key });
      return state.has(key) ? { found: true, value: state.get(key) } : { found: false, value: undefined };
    },
    async setState(key, value) {
      calls.push({ port: 'setState', key, value });
      state.set(key, value);
    },
    async runAiTask(request) {
      const { signal: _signal, ...rest } = request;
      calls.push({ port: 'runAiTask', request: rest });
      if (!script.runAiTask) throw new Error(`no scripted AI answer for step ${request.stepId}`);
      return script.runAiTask(request);
    },
    now: () => clock.now,
    async sleep(ms) {
      sleeps.push(ms);
    },
  };
  if (!options.realTimers) ports.timer = () => () => {};
  return { ports, calls, sleeps, state, clock };
}

export const WEBHOOK: Trigger = {
  kind: 'webhook',
  verification: { kind: 'none' },
  response: { mode: 'async' },
};

/** A workflow of `steps` starting at the first, checked by the validator unless `unchecked`. */
export function workflow(
  steps: Step[],
  options: { trigger?: Trigger; start?: string; unchecked?: boolean } = {},
): WorkflowDefinition {
  const definition: WorkflowDefinition = {
    schemaVersion: 1,
    kind: 'workflow',
    name: 'Test workflow',
    trigger: options.trigger ?? WEBHOOK,
    start: options.start ?? steps[0]!.id,
    steps,
    connections: [
      {
        id: 'api',
        label: 'API',
        provider: 'http',
        auth: { kind: 'none' },
        allowedHosts: ['api.example.com'],
      },
      { id: 'slack', label: 'Slack', provider: 'slack', auth: { kind: 'none' }, allowedHosts: ['slack.com'] },
    ],
  };
  if (!options.unchecked) {
    const checked = validateWorkflow(definition);
    if (!checked.ok) throw new Error(`test workflow is invalid: ${JSON.stringify(checked.errors)}`);
  }
  return definition;
}

/** A send_message step to #ops (the simplest step with a port). */
export function message(id: string, text: string, extra: Partial<Step> = {}): Step {
  return { id, label: id, kind: 'send_message', connectionId: 'slack', to: '"#ops"', text, ...extra } as Step;
}

/** The port calls of one kind, in order. */
export function callsTo<P extends Call['port']>(calls: Call[], port: P): Extract<Call, { port: P }>[] {
  return calls.filter((call): call is Extract<Call, { port: P }> => call.port === port);
}
