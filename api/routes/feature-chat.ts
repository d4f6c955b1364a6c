import { type Context, Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import {
  type ChatMessage,
  type ChatMessageList,
  type ChatStreamEvent,
  FeatureIdParam,
  type FeatureMode,
  type FeatureStatus,
  PostMessageBody,
  SetModeBody,
} from '../../schemas/index.ts';
import { AgentError } from '../agents/contracts.ts';
import { agentContext, streamBaReply } from '../agents/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import {
  insertChatMessage,
  listChatMessages,
  lockChatFeature,
  recentChatMessages,
  setFeatureMode,
  storeRecommendation,
} from '../store/chat.ts';
import { getFeature } from '../store/features.ts';
import { secretStatus } from '../store/secrets.ts';

// The chat with the BA agent (SSE) and the mode override. Mounted at /api/features.
//
// A message is stored before the model is called, so a failed call (no key, a revoked key, a rate
// limit, an overloaded model, a dropped connection) never loses what the builder wrote: the studio
// shows it from GET …/messages and they send another when ready. A reply is stored only whole:
// a partial one would read as the agent's considered answer.

/**
 * The BA agent reads the newest messages only: enough for a requirements conversation, bounded so
 * a long chat neither outgrows the model's context nor spends the feature's budget on old turns.
 */
export const BA_HISTORY_LIMIT = 40;

/** Statuses from which the builder may still change the mode: before a build, or after one failed. */
const MODE_OPEN: readonly FeatureStatus[] = ['drafting', 'failed'];

export const keyMissingForChat = () =>
  new HttpError(409, 'anthropic_key_missing', 'Add your Anthropic key in Settings to chat with the BA agent');

function chatClosed(status: FeatureStatus) {
  return new HttpError(
    409,
    'feature_not_drafting',
    `This feature is ${status.replace('_', ' ')}: the chat with the BA agent is open only while it is drafting`,
  );
}

/** The error event's text: the agent layer's words (never the key), or a generic one for the rest. */
function errorEvent(error: unknown): Extract<ChatStreamEvent, { event: 'error' }>['data'] {
  if (error instanceof AgentError)
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  return {
    code: 'internal_error',
    message: 'The reply failed on our side; your message is kept. Try again.',
  };
}

/**
 * Sends events in order: `onText` is synchronous, `writeSSE` is not, so each write waits for the
 * one before. A write to a client that went away fails silently (Hono swallows it).
 */
function eventQueue(stream: SSEStreamingApi) {
  let last: Promise<unknown> = Promise.resolve();
  return {
    send(event: ChatStreamEvent) {
      last = last.then(() => stream.writeSSE({ event: event.event, data: JSON.stringify(event.data) }));
      return last;
    },
    drained: () => last,
  };
}

interface ReplyStart {
  feature: { title: string; mode: FeatureMode | null };
  /** The builder's message just stored (sent first), or null when answering one stored earlier. */
  message: ChatMessage | null;
  history: ChatMessage[];
}

/** The BA agent's reply as server-sent events: its text as it streams, then the stored reply. */
function replyStream(c: Context<AppEnv>, id: string, start: ReplyStart) {
  const { db, secrets, anthropicBaseUrl, log } = c.var.platform;
  const claims = c.var.claims;
  return streamSSE(c, async (stream) => {
    const events = eventQueue(stream);
    if (start.message) void events.send({ event: 'message', data: start.message });
    // No abort on a closed connection: the reply is still stored, so a builder who navigated
    // away finds it when they come back, and the tokens spent are not wasted.
    const ctx = agentContext(
      { db, secrets, anthropicBaseUrl },
      { userId: claims.sub, featureId: id, stage: 'chat' },
    );
    try {
      const turn = await streamBaReply(
        ctx,
        { title: start.feature.title, mode: start.feature.mode, history: start.history },
        (text) => void events.send({ event: 'delta', data: { text } }),
      );
      const reply = turn.text.trim() || turn.recommendation?.reason || '';
      const stored = await db.withUser(claims, async (tx): Promise<ChatMessage> => {
        if (turn.recommendation) await storeRecommendation(tx, id, turn.recommendation);
        return insertChatMessage(tx, id, 'assistant', reply);
      });
      if (turn.recommendation) void events.send({ event: 'recommendation', data: turn.recommendation });
      await events.send({ event: 'done', data: stored });
    } catch (error) {
      if (!(error instanceof AgentError)) {
        // The name only: an unexpected error's message is not known to be free of secrets.
        log.error('chat_reply_failed', {
          featureId: id,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
      await events.send({ event: 'error', data: errorEvent(error) });
    }
    await events.drained();
  });
}

export const featureChatRoutes = new Hono<AppEnv>()
  .get('/:id/messages', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const body = await c.var.platform.db.withUser(
      c.var.claims,
      async (tx): Promise<ChatMessageList | null> => {
        if (!(await getFeature(tx, id))) return null;
        return { messages: await listChatMessages(tx, id) };
      },
    );
    if (!body) throw notFound('feature');
    return c.json(body);
  })
  .post('/:id/messages', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { content } = await readJsonBody(c, PostMessageBody);
    const { db } = c.var.platform;
    const claims = c.var.claims;
    const start = await db.withUser(claims, async (tx) => {
      const feature = await lockChatFeature(tx, id);
      if (!feature) return null;
      if (feature.status !== 'drafting') throw chatClosed(feature.status);
      const message = await insertChatMessage(tx, id, 'user', content);
      const history = await recentChatMessages(tx, id, BA_HISTORY_LIMIT);
      const { configured } = await secretStatus(tx, 'anthropic_key');
      return { feature, message, history, configured };
    });
    if (!start) throw notFound('feature');
    // A JSON 409 rather than a stream with one error event: nothing streams without a key, and the
    // studio shows the settings link from the code. The message is stored (above) all the same.
    if (!start.configured) throw keyMissingForChat();

    return replyStream(c, id, start);
  })
  // Answers the newest builder message again, without a new one: Retry after a failed reply (a
  // rate limit, an overloaded model, a dropped connection) must not store the message twice.
  .post('/:id/messages/reply', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const start = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const feature = await lockChatFeature(tx, id);
      if (!feature) return null;
      if (feature.status !== 'drafting') throw chatClosed(feature.status);
      const history = await recentChatMessages(tx, id, BA_HISTORY_LIMIT);
      if (history.at(-1)?.role !== 'user')
        throw new HttpError(409, 'nothing_to_answer', 'The BA agent has answered your last message already');
      const { configured } = await secretStatus(tx, 'anthropic_key');
      return { feature, message: null, history, configured };
    });
    if (!start) throw notFound('feature');
    if (!start.configured) throw keyMissingForChat();
    return replyStream(c, id, start);
  })
  .post('/:id/mode', async (c) => {
    const { id } = readParams(c, FeatureIdParam);
    const { mode } = await readJsonBody(c, SetModeBody);
    const feature = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const current = await lockChatFeature(tx, id);
      if (!current) return null;
      if (!MODE_OPEN.includes(current.status)) {
        throw new HttpError(
          409,
          'build_started',
          `This feature is ${current.status.replace('_', ' ')}: the mode can change only before a build starts or after it failed`,
        );
      }
      await setFeatureMode(tx, id, mode);
      return getFeature(tx, id);
    });
    if (!feature) throw notFound('feature');
    return c.json(feature);
  });
