import { describe, expect, it } from 'vitest';
import type { Trigger } from '../../schemas/definitions.ts';
import { dedupeKeyOf, evaluateIdempotencyKey, messageMatches, pollItems, pollRequest } from './index.ts';

type Of<K extends Trigger['kind']> = Extract<Trigger, { kind: K }>;

const webhook: Of<'webhook'> = {
  kind: 'webhook',
  verification: { kind: 'none' },
  response: { mode: 'async' },
  idempotencyKey: 'headers["x-delivery-id"]',
};
const request = (headers: Record<string, string>) => ({ body: {}, headers, query: {} });

describe('evaluateIdempotencyKey', () => {
  it('reads the key from the request as the validator declares it (headers, body, query as variables)', () => {
    expect(evaluateIdempotencyKey(webhook, request({ 'x-delivery-id': 'd-1' }))).toEqual({
      ok: true,
      value: 'd-1',
    });
    expect(
      evaluateIdempotencyKey(
        { ...webhook, idempotencyKey: 'string(body.event_id)' },
        { ...request({}), body: { event_id: 7 } },
      ),
    ).toEqual({ ok: true, value: '7' });
  });

  it('no declared key is no key; a missing header is an error, never a throw', () => {
    expect(evaluateIdempotencyKey({ ...webhook, idempotencyKey: undefined }, request({}))).toEqual({
      ok: true,
      value: undefined,
    });
    const missing = evaluateIdempotencyKey(webhook, request({}));
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toMatch(/^idempotencyKey: /);
  });
});

describe('messageMatches', () => {
  const trigger: Of<'message'> = {
    kind: 'message',
    connectionId: 'slack',
    event: 'message.created',
    filter: 'trigger.channel_name == "team-plans" && !has(trigger.bot_id)',
  };

  it('needs the same event and a true filter', () => {
    const payload = { channel_name: 'team-plans', text: 'hi' };
    expect(messageMatches(trigger, { event: 'message.created', payload })).toEqual({ ok: true, value: true });
    expect(messageMatches(trigger, { event: 'message.deleted', payload })).toEqual({
      ok: true,
      value: false,
    });
    expect(
      messageMatches(trigger, { event: 'message.created', payload: { ...payload, bot_id: 'B1' } }),
    ).toEqual({
      ok: true,
      value: false,
    });
    expect(
      messageMatches({ ...trigger, filter: undefined }, { event: 'message.created', payload: {} }),
    ).toEqual({
      ok: true,
      value: true,
    });
  });

  it('a filter that cannot be read from the message is an error', () => {
    const result = messageMatches(trigger, { event: 'message.created', payload: { text: 'no channel' } });
    expect(result.ok).toBe(false);
  });
});

describe('polling', () => {
  const trigger: Of<'polling'> = {
    kind: 'polling',
    connectionId: 'todoist',
    request: {
      method: 'GET',
      path: '/tasks',
      query: [
        { name: 'filter', value: '"today"' },
        { name: 'limit', value: '50' },
      ],
    },
    intervalMinutes: 15,
    items: 'response.body.items',
    dedupeKey: 'item.id + "@" + item.due',
  };

  it('pollRequest evaluates the constant query values', () => {
    expect(pollRequest(trigger)).toEqual({
      ok: true,
      value: {
        connectionId: 'todoist',
        method: 'GET',
        path: '/tasks',
        query: [
          ['filter', 'today'],
          ['limit', '50'],
        ],
        headers: [],
      },
    });
  });

  it('pollItems finds the list in the response; anything else is an error', () => {
    const items = [{ id: 'a', due: 'mon' }];
    expect(pollItems(trigger, { status: 200, headers: {}, body: { items } })).toEqual({
      ok: true,
      value: items,
    });
    expect(pollItems(trigger, { status: 200, headers: {}, body: { items: 'none' } })).toEqual({
      ok: false,
      error: 'items: must give a list',
    });
    expect(pollItems(trigger, { status: 200, headers: {}, body: {} }).ok).toBe(false);
  });

  it('dedupeKeyOf gives the item’s key as text', () => {
    expect(dedupeKeyOf(trigger, { id: 'a', due: 'mon' })).toEqual({ ok: true, value: 'a@mon' });
    expect(dedupeKeyOf({ ...trigger, dedupeKey: 'item.n' }, { n: 5 })).toEqual({ ok: true, value: '5' });
    expect(dedupeKeyOf(trigger, { id: 'a' }).ok).toBe(false);
  });
});
