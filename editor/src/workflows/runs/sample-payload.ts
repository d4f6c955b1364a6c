import type { Trigger } from '../../../../schemas/definitions.ts';

/**
 * A trigger payload to start a test run from, shaped as the runtime hands it to `trigger`: a
 * webhook's request, a cron tick, a message, or one polled item. The builder edits it before
 * sending; it only has to look like what will really arrive.
 */
export function samplePayload(trigger: Pick<Trigger, 'kind'> & Partial<Trigger>, now: Date): unknown {
  switch (trigger.kind) {
    case 'webhook':
      return {
        body: {
          id: 'evt_123',
          type: 'example.created',
          data: { name: 'Ada Lovelace', email: 'ada@example.com' },
        },
        headers: {},
        query: {},
      };
    case 'cron':
      return { scheduledAt: now.toISOString() };
    case 'message':
      return {
        event: 'event' in trigger && typeof trigger.event === 'string' ? trigger.event : 'message.created',
        message: {
          id: 'msg_123',
          text: 'Hello from a test run',
          from: 'someone@example.com',
          at: now.toISOString(),
        },
      };
    case 'polling':
      return { item: { id: 'item_123', title: 'A new item', createdAt: now.toISOString() } };
    default:
      return {};
  }
}

/** A payload as the dialog's text: indented so it reads and edits like a form. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

export type ParsedPayload = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The builder's text as JSON, or a sentence saying where it breaks (line and column, when the
 * engine tells the position) so it can be fixed in place; the text itself is never touched.
 */
export function parsePayload(text: string): ParsedPayload {
  if (text.trim() === '') return { ok: false, error: 'The payload is empty: write a JSON value, e.g. {}.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/end of JSON input/i.test(reason))
      return {
        ok: false,
        error: 'The payload is not valid JSON: it ends too early (a value, } or ] is missing).',
      };
    const at = /position (\d+)/.exec(reason);
    if (!at) return { ok: false, error: `The payload is not valid JSON: ${reason}` };
    const offset = Number(at[1]);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    return {
      ok: false,
      error: `The payload is not valid JSON (line ${line}, column ${column}): ${shortReason(reason)}`,
    };
  }
}

/** V8's message without the echo of the whole text it adds since Node 20. */
function shortReason(reason: string): string {
  return reason.replace(/,?\s*"[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '');
}
