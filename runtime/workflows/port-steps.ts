import type { Step } from '../../schemas/definitions.ts';
import type { StepEvaluator } from './evaluator.ts';
import { ExpressionFailure } from './evaluator.ts';
import type { ConnectionRequest, MessageRequest, WorkflowPorts } from './ports.ts';

/** The steps that act through a port (and so can be retried and time out). */
export type PortStep = Exclude<Step, { kind: 'condition' | 'for_each' | 'respond' | 'map' }>;

export function isPortStep(step: Step): step is PortStep {
  return (
    step.kind !== 'condition' && step.kind !== 'for_each' && step.kind !== 'respond' && step.kind !== 'map'
  );
}

export interface PortAction {
  /** The evaluated request, as the run log records it. */
  input: unknown;
  /** One attempt; its result is the step's output (`steps.<id>` later). */
  attempt(signal: AbortSignal): Promise<unknown>;
  /** AI steps: the tokens of the successful attempt are added here. */
  tokens?: { input: number; output: number };
}

/**
 * Evaluates a step's expressions into the request it makes (once: retries repeat the call, not
 * the evaluation) and says how to make it. Throws an ExpressionFailure when an expression fails.
 */
export function portAction(step: PortStep, evaluator: StepEvaluator, ports: WorkflowPorts): PortAction {
  const fieldValues = (values: readonly { fieldId: string; value: string }[]) =>
    Object.fromEntries(values.map((v) => [v.fieldId, evaluator.value(`values.${v.fieldId}`, v.value)]));
  switch (step.kind) {
    case 'call_api': {
      const request: ConnectionRequest = {
        connectionId: step.connectionId,
        method: step.method,
        path: evaluator.path(step.path),
        query: (step.query ?? []).map((q) => [q.name, evaluator.scalarText(`query.${q.name}`, q.value)]),
        headers: (step.headers ?? []).map((h) => [
          h.name,
          evaluator.scalarText(`headers.${h.name}`, h.value),
        ]),
      };
      if (step.body !== undefined) request.body = evaluator.value('body', step.body);
      return {
        input: request,
        attempt: async (signal) => {
          const response = await ports.callConnection(request, signal);
          return { status: response.status, body: response.body, headers: response.headers };
        },
      };
    }
    case 'send_message': {
      const message: MessageRequest = {
        connectionId: step.connectionId,
        to: evaluator.text('to', step.to),
        text: evaluator.text('text', step.text),
      };
      if (step.subject !== undefined) message.subject = evaluator.text('subject', step.subject);
      return {
        input: message,
        attempt: async (signal) => {
          const sent = await ports.sendMessage(message, signal);
          return sent.id === undefined ? {} : { id: sent.id };
        },
      };
    }
    case 'create_record': {
      const input = { appId: step.appId, tableId: step.tableId, values: fieldValues(step.values) };
      return {
        input,
        attempt: async () => ({
          id: (await ports.createRecord(input.appId, input.tableId, input.values)).id,
        }),
      };
    }
    case 'update_record': {
      const input = {
        appId: step.appId,
        tableId: step.tableId,
        recordId: evaluator.text('recordId', step.recordId),
        values: fieldValues(step.values),
      };
      return {
        input,
        attempt: async () => ({
          id: (await ports.updateRecord(input.appId, input.tableId, input.recordId, input.values)).id,
        }),
      };
    }
    case 'state_get': {
      const key = evaluator.text('key', step.key);
      return {
        input: { key },
        attempt: async () => {
          const state = await ports.getState(key);
          if (state.found) return { value: state.value };
          // the default is only worked out when needed: it may read what only a miss makes sense of
          return { value: step.default === undefined ? null : evaluator.value('default', step.default) };
        },
      };
    }
    case 'state_set': {
      const input = { key: evaluator.text('key', step.key), value: evaluator.value('value', step.value) };
      if (input.value === undefined) throw new ExpressionFailure('value', 'gave no value');
      return {
        input,
        attempt: async () => {
          await ports.setState(input.key, input.value);
          return {};
        },
      };
    }
    case 'ai': {
      const input = {
        input: evaluator.value('input', step.input),
        instructions: step.instructions,
        ai: step.ai,
      };
      const action: PortAction = {
        input,
        attempt: async (signal) => {
          const result = await ports.runAiTask({ stepId: step.id, ...input, signal });
          action.tokens = {
            input: (action.tokens?.input ?? 0) + result.tokens.input,
            output: (action.tokens?.output ?? 0) + result.tokens.output,
          };
          return result.output;
        },
      };
      return action;
    }
  }
}
