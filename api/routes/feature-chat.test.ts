import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBody, ChatMessageList, ChatStreamEvent, Feature } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, recordingApi, signUpBuilder } from '../testing/builders.ts';
import { fakeAnthropicForFile } from '../testing/fake-anthropic/lifecycle.ts';
import { fakeReply } from '../testing/fake-anthropic/script.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { BA_HISTORY_LIMIT } from './feature-chat.ts';

// Issue #8, the chat: "the BA agent talks with the builder in plain language, streamed token by
// token (SSE) … recommends a mode with one sentence of why; the builder can override it. Without
// a configured key, the chat says so …; a wrong or revoked key, a rate limit or an overloaded
// model give a clear message and lose nothing." The real SDK talks to the local fake Anthropic.

/** Alice's key: planted to prove it never leaves the server other than towards the model. */
const CANARY = `sk-ant-canary${randomBytes(12).toString('hex')}`;
/** Rex's key, which the fake does not accept (a revoked key). */
const REVOKED = `sk-ant-revoked${randomBytes(12).toString('hex')}`;

const fake = fakeAnthropicForFile([CANARY]);
let db: Db;
let server: TestServer;
let alice: Builder;
let rex: Builder;
let nokey: Builder;
let mallory: Builder;
/** Every body the API sent back, to check none carries the key. */
const seen: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  server = await startTestServer(db, { env: { ANTHROPIC_BASE_URL: fake.server.url } });
  const signed = await Promise.all(
    ['alice', 'rex', 'nokey', 'mallory'].map((name) => signUpBuilder(server.url, name)),
  );
  [alice, rex, nokey, mallory] = signed as [Builder, Builder, Builder, Builder];
  expect((await call(alice, 'PUT', '/api/settings/anthropic-key', { key: CANARY })).status).toBe(200);
  expect((await call(rex, 'PUT', '/api/settings/anthropic-key', { key: REVOKED })).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const call = recordingApi(() => server.url, seen);

const errorOf = (response: { json(): unknown }) => ApiErrorBody.parse(response.json()).error;

/** A server-sent event stream as its events, each checked against the API's schema. */
function parseEvents(text: string): ChatStreamEvent[] {
  return text
    .split(/\n\n/)
    .filter((block) => block.trim())
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return ChatStreamEvent.parse({ event, data: JSON.parse(data.join('\n')) });
    });
}

async function chat(who: Builder, featureId: string, content: string) {
  const response = await call(who, 'POST', `/api/features/${featureId}/messages`, { content });
  const events = response.status === 200 ? parseEvents(response.text) : [];
  return { ...response, events };
}

async function newFeature(who: Builder, title = 'Recipe tracker') {
  const response = await call(who, 'POST', '/api/features', { title });
  expect(response.status).toBe(201);
  return Feature.parse(response.json()).id;
}

async function messagesOf(who: Builder, featureId: string) {
  const response = await call(who, 'GET', `/api/features/${featureId}/messages`);
  expect(response.status).toBe(200);
  return ChatMessageList.parse(response.json()).messages;
}

const runsOf = (featureId: string) =>
  db.asService('test-fixtures', (tx) =>
    tx.query<{ agent: string; stage: string; status: string; error: string | null; input_tokens: number }>(
      'select agent, stage, status, error, input_tokens from agent_runs where feature_id = $1 order by created_at',
      [featureId],
    ),
  );

const setStatus = (featureId: string, status: string) =>
  db.asService('test-fixtures', (tx) =>
    tx.query('update features set status = $2 where id = $1', [featureId, status]),
  );

const REPLY =
  'Nice. Who will use it: just you, or people you share it with? And what do you note for each recipe?';

describe('chat with the BA agent', () => {
  it('streams the reply: the stored message first, the deltas in order, then the stored reply', async () => {
    const id = await newFeature(alice);
    fake.server.script([fakeReply.text(REPLY, { chunkDelayMs: 5 })]);

    const response = await chat(alice, id, 'I want to keep track of my recipes');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { events } = response;
    expect(events[0]).toMatchObject({
      event: 'message',
      data: { role: 'user', content: 'I want to keep track of my recipes' },
    });
    const deltas = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(REPLY);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', data: { role: 'assistant', content: REPLY } });
    expect(events.map((e) => e.event)).not.toContain('error');

    // Both kept, oldest first, as the stream announced them.
    const messages = await messagesOf(alice, id);
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'I want to keep track of my recipes'],
      ['assistant', REPLY],
    ]);
    expect(messages.map((m) => m.id)).toEqual(
      [events[0]!.data, done.data].map((m) => (m as { id: string }).id),
    );

    // The BA saw the title and the builder's message last; the call is counted on the feature.
    const request = fake.server.requests.at(-1)!;
    expect(request.rawBody).toContain('Recipe tracker');
    expect(JSON.stringify(request.body!.messages.at(-1))).toContain('I want to keep track of my recipes');
    const runs = await runsOf(id);
    expect(runs).toMatchObject([{ agent: 'ba', stage: 'chat', status: 'ok' }]);
    const [feature] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ tokens_used: string }>('select tokens_used from features where id = $1', [id]),
    );
    expect(Number(feature!.tokens_used)).toBeGreaterThan(0);
  });

  it('stores the recommended mode and its reason, and sends them before the reply is done', async () => {
    const id = await newFeature(alice);
    const reason =
      'It is a list of records you fill in and browse, which the components mode builds as an app.';
    fake.server.script([
      {
        text: 'Got it: a private recipe list.',
        toolUse: { name: 'recommend_mode', input: { mode: 'components', reason } },
      },
    ]);
    const { events } = await chat(alice, id, 'Just me, with a star rating');
    const names = events.map((e) => e.event);
    expect(names.indexOf('recommendation')).toBeGreaterThan(0);
    expect(names.indexOf('recommendation')).toBeLessThan(names.indexOf('done'));
    expect(events.find((e) => e.event === 'recommendation')!.data).toEqual({ mode: 'components', reason });
    const [row] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ recommended_mode: string; mode_reason: string; mode: string | null }>(
        'select recommended_mode, mode_reason, mode from features where id = $1',
        [id],
      ),
    );
    // A recommendation, not a choice: the builder's mode stays unset until they pick one.
    expect(row).toEqual({ recommended_mode: 'components', mode_reason: reason, mode: null });
  });

  it('without a key: 409 that says to add one in Settings, and the message is kept', async () => {
    const id = await newFeature(nokey);
    const response = await chat(nokey, id, 'Hello?');
    expect(response.status).toBe(409);
    expect(errorOf(response)).toMatchObject({
      code: 'anthropic_key_missing',
      message: 'Add your Anthropic key in Settings to chat with the BA agent',
    });
    expect(fake.server.requests).toHaveLength(0);
    expect((await messagesOf(nokey, id)).map((m) => m.content)).toEqual(['Hello?']);
  });

  it.each([
    {
      name: 'a revoked key (401)',
      who: () => rex,
      reply: null,
      code: 'key_rejected',
      message: /rejected your key: check it in Settings/,
    },
    {
      name: 'a rate limit (429)',
      who: () => alice,
      reply: fakeReply.rateLimited(20),
      code: 'rate_limited',
      message: /rate limit.*try again in 20 s/,
    },
    {
      name: 'an overloaded model (529)',
      who: () => alice,
      reply: fakeReply.overloaded(),
      code: 'overloaded',
      message: /overloaded/,
    },
  ])('$name ends the stream with an error event; the message stays, no reply is stored', async (c) => {
    const who = c.who();
    const id = await newFeature(who);
    fake.server.script(c.reply ? [c.reply] : [fakeReply.text('never sent')]);
    const { status, events } = await chat(who, id, 'Can it remind me?');
    expect(status).toBe(200);
    expect(events.map((e) => e.event)).toEqual(['message', 'error']);
    const error = events[1]!.data as { code: string; message: string };
    expect(error.code).toBe(c.code);
    expect(error.message).toMatch(c.message);
    expect((await messagesOf(who, id)).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Can it remind me?'],
    ]);
    expect(await runsOf(id)).toMatchObject([{ agent: 'ba', stage: 'chat', status: 'error' }]);
  });

  it('Retry after a rate limit answers the stored message again: told when to retry, nothing stored twice', async () => {
    const id = await newFeature(alice);
    fake.server.script([fakeReply.rateLimited(20), fakeReply.text(REPLY)]);
    const first = await chat(alice, id, 'Can it remind me?');
    expect(first.events.at(-1)).toMatchObject({
      event: 'error',
      data: { code: 'rate_limited', retryAfterSeconds: 20 },
    });

    const retry = await call(alice, 'POST', `/api/features/${id}/messages/reply`);
    expect(retry.status).toBe(200);
    const events = parseEvents(retry.text);
    expect(events.map((e) => e.event)).not.toContain('message');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { role: 'assistant', content: REPLY } });
    expect((await messagesOf(alice, id)).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Can it remind me?'],
      ['assistant', REPLY],
    ]);
    // The model saw the builder's message once, as the last turn.
    const sent = JSON.stringify(fake.server.requests.at(-1)?.body?.messages);
    expect(sent.split('Can it remind me?')).toHaveLength(2);

    // Answered now: nothing left to reply to, and nothing is sent to the model.
    const again = await call(alice, 'POST', `/api/features/${id}/messages/reply`);
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'nothing_to_answer' } });
    expect(fake.server.requests).toHaveLength(2);
  });

  it("Retry without a key, or on another builder's feature, is refused and stores nothing", async () => {
    const id = await newFeature(nokey);
    expect((await chat(nokey, id, 'A packing list for trips')).status).toBe(409);
    const retry = await call(nokey, 'POST', `/api/features/${id}/messages/reply`);
    expect(retry.status).toBe(409);
    expect(errorOf(retry).code).toBe('anthropic_key_missing');
    expect((await call(mallory, 'POST', `/api/features/${id}/messages/reply`)).status).toBe(404);
    expect((await messagesOf(nokey, id)).map((m) => m.content)).toEqual(['A packing list for trips']);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('an error in the middle of the answer: no partial reply is stored', async () => {
    const id = await newFeature(alice);
    fake.server.script([
      {
        text: 'Here is a long answer that will be cut off',
        streamError: { type: 'overloaded_error', message: 'Overloaded' },
      },
    ]);
    const { events } = await chat(alice, id, 'Tell me more');
    expect(events[0]!.event).toBe('message');
    expect(events.at(-1)).toMatchObject({ event: 'error' });
    expect((events.at(-1)!.data as { message: string }).message).toMatch(/try again/);
    expect(events.map((e) => e.event)).not.toContain('done');
    expect((await messagesOf(alice, id)).map((m) => m.role)).toEqual(['user']);
  });

  it('an unreachable model (network): an error event saying to try again; the message stays', async () => {
    // A second server over the same database whose model endpoint refuses connections.
    const offline = await startTestServer(db, { env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    try {
      // Tokens are signed per server (ephemeral keys), so this builder signs up on it.
      const nina = await signUpBuilder(offline.url, 'nina');
      const put = await api(offline.url, nina, 'PUT', '/api/settings/anthropic-key', { key: CANARY });
      expect(put.status).toBe(200);
      const created = await api(offline.url, nina, 'POST', '/api/features', { title: 'Offline' });
      const id = Feature.parse(await created.json()).id;
      const response = await api(offline.url, nina, 'POST', `/api/features/${id}/messages`, {
        content: 'Are you there?',
      });
      const text = await response.text();
      seen.push(text);
      const events = parseEvents(text);
      expect(events.map((e) => e.event)).toEqual(['message', 'error']);
      expect(events[1]!.data).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/try again/),
      });
      const list = await api(offline.url, nina, 'GET', `/api/features/${id}/messages`);
      const { messages } = ChatMessageList.parse(await list.json());
      expect(messages.map((m) => m.content)).toEqual(['Are you there?']);
      for (const line of offline.logLines) expect(line).not.toContain(CANARY);
    } finally {
      await offline.stop();
    }
  });

  it(`sends the BA the newest ${BA_HISTORY_LIMIT} messages, the builder's newest last`, async () => {
    const id = await newFeature(alice);
    await db.asService('test-fixtures', async (tx) => {
      for (let i = 0; i < 50; i++) {
        await tx.query(
          `insert into chat_messages (user_id, feature_id, role, content, created_at)
           values ($1, $2, $3, $4, now() - make_interval(mins => $5))`,
          [alice.id, id, i % 2 === 0 ? 'user' : 'assistant', `old message ${i}.`, 60 - i],
        );
      }
    });
    fake.server.script([fakeReply.text('Noted.')]);
    await chat(alice, id, 'And the newest one');
    const sent = fake.server.requests.at(-1)!.body!.messages;
    const text = JSON.stringify(sent);
    expect(sent.length).toBeLessThanOrEqual(BA_HISTORY_LIMIT);
    // 51 messages stored: the newest 40 start with a reply (11), which goes with its question.
    expect(text).not.toContain('old message 10.');
    expect(text).not.toContain('old message 11.');
    expect(text).toContain('old message 12.');
    expect(text).toContain('old message 49.');
    expect(JSON.stringify(sent.at(-1))).toContain('And the newest one');
    expect(await messagesOf(alice, id)).toHaveLength(52);
  });

  it('refuses to chat once a build started, naming the status, and stores nothing', async () => {
    const id = await newFeature(alice);
    await setStatus(id, 'planning');
    const response = await chat(alice, id, 'One more thing');
    expect(response.status).toBe(409);
    expect(errorOf(response)).toMatchObject({ code: 'feature_not_drafting' });
    expect(errorOf(response).message).toMatch(/This feature is planning/);
    expect(await messagesOf(alice, id)).toEqual([]);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('refuses an empty or oversized message with a 400 naming the field', async () => {
    const id = await newFeature(alice);
    const empty = await chat(alice, id, '   ');
    expect(empty.status).toBe(400);
    expect(errorOf(empty).issues?.[0]?.path).toBe('content');
    expect((await chat(alice, id, 'x'.repeat(8001))).status).toBe(400);
    expect(await messagesOf(alice, id)).toEqual([]);
  });
});

describe('choosing the mode', () => {
  it('overrides the recommendation while drafting or after a failure, not while building', async () => {
    const id = await newFeature(alice);
    const chosen = await call(alice, 'POST', `/api/features/${id}/mode`, { mode: 'workflows' });
    expect(chosen.status).toBe(200);
    expect(Feature.parse(chosen.json()).mode).toBe('workflows');

    const wrong = await call(alice, 'POST', `/api/features/${id}/mode`, { mode: 'spreadsheet' });
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong).issues?.[0]?.path).toBe('mode');

    await setStatus(id, 'implementing');
    const building = await call(alice, 'POST', `/api/features/${id}/mode`, { mode: 'code' });
    expect(building.status).toBe(409);
    expect(errorOf(building).message).toMatch(/This feature is implementing/);

    await setStatus(id, 'failed');
    const retry = await call(alice, 'POST', `/api/features/${id}/mode`, { mode: 'code' });
    expect(Feature.parse(retry.json()).mode).toBe('code');
  });
});

describe('tenancy and the key', () => {
  it("another builder's feature is not found: no chat, no history, no mode", async () => {
    const id = await newFeature(alice);
    fake.server.script([fakeReply.text('Hi Alice.')]);
    await chat(alice, id, 'Private plans');
    expect((await chat(mallory, id, 'Let me in')).status).toBe(404);
    expect((await call(mallory, 'GET', `/api/features/${id}/messages`)).status).toBe(404);
    expect((await call(mallory, 'POST', `/api/features/${id}/mode`, { mode: 'code' })).status).toBe(404);
    expect((await messagesOf(alice, id)).map((m) => m.content)).toEqual(['Private plans', 'Hi Alice.']);
    const [feature] = await db.asService('test-fixtures', (tx) =>
      tx.query<{ mode: string | null }>('select mode from features where id = $1', [id]),
    );
    expect(feature!.mode).toBeNull();
    expect(fake.server.requests).toHaveLength(1);
  });

  it('the key reaches the model only as its header: never a response, event, log line, prompt or run', async () => {
    const id = await newFeature(alice);
    fake.server.script([fakeReply.text('All good.'), fakeReply.rateLimited(5)]);
    await chat(alice, id, 'First');
    await chat(alice, id, 'Second');
    expect(fake.server.requests.map((r) => r.key)).toEqual([CANARY, CANARY]);
    for (const request of fake.server.requests) expect(request.rawBody).not.toContain(CANARY);
    expect(seen.length).toBeGreaterThan(20);
    for (const body of seen) expect(body).not.toContain(CANARY);
    for (const line of server.logLines) expect(line).not.toContain(CANARY);
    const runs = await db.asService('test-fixtures', (tx) => tx.query('select * from agent_runs'));
    expect(runs.length).toBeGreaterThan(5);
    expect(JSON.stringify(runs)).not.toContain(CANARY);
    expect(JSON.stringify(runs)).not.toContain(CANARY.slice(-12));
  });
});
