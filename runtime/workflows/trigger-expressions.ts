import type { Step, Trigger } from '../../schemas/definitions.ts';
import { stepOutputType, triggerType } from '../definitions/workflow-expressions.ts';
import { type ExprContext, type ExprType, evaluateExpression } from '../expr/index.ts';
import type { ConnectionRequest, ConnectionResponse } from './ports.ts';

// The triggers' own expressions, evaluated in the contexts the validator checks them in
// (`checkTriggerExpressions`): the webhook request's parts as variables for the idempotency key,
// `trigger` for a message filter, `response` for the polled list, `item` for its dedupe key.
// Each answers ok/error and never throws: a trigger that cannot be read is reported, not crashed.

export type TriggerResult<T> = { ok: true; value: T } | { ok: false; error: string };

type WebhookTrigger = Extract<Trigger, { kind: 'webhook' }>;
type MessageTrigger = Extract<Trigger, { kind: 'message' }>;
type PollingTrigger = Extract<Trigger, { kind: 'polling' }>;

/** `{body, headers, query}` as the validator declares a webhook request (one source: triggerType). */
const WEBHOOK_REQUEST = (
  triggerType({ kind: 'webhook' } as WebhookTrigger) as { object: Record<string, ExprType> }
).object;
/** A connection's response, as a call_api step gives it (one source: stepOutputType). */
const HTTP_RESPONSE = stepOutputType({ kind: 'call_api' } as Step);

const IDEMPOTENCY: ExprContext = { variables: WEBHOOK_REQUEST };
const MESSAGE: ExprContext = { variables: { trigger: 'dyn' } };
const POLL_QUERY: ExprContext = { variables: {} };
const POLL_ITEMS: ExprContext = { variables: { response: HTTP_RESPONSE } };
const DEDUPE: ExprContext = { variables: { item: 'dyn' } };

function evaluate(
  what: string,
  source: string,
  context: ExprContext,
  values: Record<string, unknown>,
): TriggerResult<unknown> {
  const result = evaluateExpression(source, context, values);
  return result.ok ? result : { ok: false, error: `${what}: ${result.error.message}` };
}

/**
 * The sender's idempotency key of a webhook delivery (`headers["x-delivery-id"]`), as text.
 * `undefined` value when the trigger declares no key.
 */
export function evaluateIdempotencyKey(
  trigger: WebhookTrigger,
  request: { body: unknown; headers: Record<string, string>; query: Record<string, string> },
): TriggerResult<string | undefined> {
  if (!trigger.idempotencyKey) return { ok: true, value: undefined };
  const result = evaluate('idempotencyKey', trigger.idempotencyKey, IDEMPOTENCY, request);
  if (!result.ok) return result;
  if (typeof result.value === 'string' && result.value !== '') return { ok: true, value: result.value };
  if (typeof result.value === 'number') return { ok: true, value: String(result.value) };
  return { ok: false, error: 'idempotencyKey: must give non-empty text' };
}

/** Whether a received message starts the workflow: its event matches and its filter holds. */
export function messageMatches(
  trigger: MessageTrigger,
  message: { event: string; payload: unknown },
): TriggerResult<boolean> {
  if (message.event !== trigger.event) return { ok: true, value: false };
  if (!trigger.filter) return { ok: true, value: true };
  const result = evaluate('filter', trigger.filter, MESSAGE, { trigger: message.payload });
  if (!result.ok) return result;
  if (typeof result.value !== 'boolean') return { ok: false, error: 'filter: must give true or false' };
  return { ok: true, value: result.value };
}

/** The request a polling trigger makes on each tick (its query values are constant expressions). */
export function pollRequest(trigger: PollingTrigger): TriggerResult<ConnectionRequest> {
  const query: [string, string][] = [];
  for (const entry of trigger.request.query ?? []) {
    const result = evaluate(`query.${entry.name}`, entry.value, POLL_QUERY, {});
    if (!result.ok) return result;
    const value = result.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return { ok: false, error: `query.${entry.name}: must give text or a number` };
    query.push([entry.name, String(value)]);
  }
  return {
    ok: true,
    value: {
      connectionId: trigger.connectionId,
      method: 'GET',
      path: trigger.request.path,
      query,
      headers: [],
    },
  };
}

/** The list of items in a polled response (`response.body.items`). */
export function pollItems(trigger: PollingTrigger, response: ConnectionResponse): TriggerResult<unknown[]> {
  const result = evaluate('items', trigger.items, POLL_ITEMS, { response });
  if (!result.ok) return result;
  if (!Array.isArray(result.value)) return { ok: false, error: 'items: must give a list' };
  return { ok: true, value: result.value };
}

/** What makes a polled item new (`item.id`), as text to remember in workflow state. */
export function dedupeKeyOf(trigger: PollingTrigger, item: unknown): TriggerResult<string> {
  const result = evaluate('dedupeKey', trigger.dedupeKey, DEDUPE, { item });
  if (!result.ok) return result;
  const value = result.value;
  if (typeof value === 'string' && value !== '') return { ok: true, value };
  if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
  return { ok: false, error: 'dedupeKey: must give text or a number' };
}
