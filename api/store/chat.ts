import type { ChatMessage, FeatureMode, FeatureStatus, ModeRecommendation } from '../../schemas/index.ts';
import type { Tx } from './db.ts';

// The chat with the BA agent (`chat_messages`) and what it decides on the feature: the agent's
// recommended mode and the builder's choice. Every function runs inside `withUser`: RLS keeps it
// to the caller's features, so another builder's feature simply is not there.

interface MessageRow {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  created_at: Date;
}

const toMessage = (row: MessageRow): ChatMessage => ({
  id: row.id,
  role: row.role,
  content: row.content,
  createdAt: row.created_at.toISOString(),
});

/** What the chat needs to know of a feature. */
export interface ChatFeature {
  id: string;
  title: string;
  mode: FeatureMode | null;
  status: FeatureStatus;
}

/**
 * The feature, locked until the transaction ends: a message is stored only while the feature is
 * drafting, and a build that starts at the same moment waits for (or is seen by) this check.
 */
export async function lockChatFeature(tx: Tx, id: string): Promise<ChatFeature | null> {
  const [row] = await tx.query<ChatFeature>(
    'select id, title, mode, status from features where id = $1 for update',
    [id],
  );
  return row ?? null;
}

export async function insertChatMessage(
  tx: Tx,
  featureId: string,
  role: ChatMessage['role'],
  content: string,
): Promise<ChatMessage> {
  const [row] = await tx.query<MessageRow>(
    `insert into chat_messages (feature_id, role, content) values ($1, $2, $3)
     returning id, role, content, created_at`,
    [featureId, role, content],
  );
  return toMessage(row!);
}

/**
 * Oldest first. The insertion time orders them; `clock_timestamp()` is not needed because each
 * message is stored in its own transaction (the builder's before the model call, the reply after).
 */
export async function listChatMessages(tx: Tx, featureId: string): Promise<ChatMessage[]> {
  const rows = await tx.query<MessageRow>(
    `select id, role, content, created_at from chat_messages where feature_id = $1
     order by created_at, id`,
    [featureId],
  );
  return rows.map(toMessage);
}

/**
 * At most the newest `limit` messages, oldest first, opening with one of the builder's: a reply cut
 * off from its question is left out too (the Messages API wants the builder's turn first).
 */
export async function recentChatMessages(tx: Tx, featureId: string, limit: number): Promise<ChatMessage[]> {
  const rows = await tx.query<MessageRow>(
    `select id, role, content, created_at from chat_messages where feature_id = $1
     order by created_at desc, id desc limit $2`,
    [featureId, limit],
  );
  const messages = rows.reverse().map(toMessage);
  const firstUser = messages.findIndex((m) => m.role === 'user');
  return firstUser < 0 ? [] : messages.slice(firstUser);
}

/** Keeps the BA agent's latest recommendation on the feature (the builder's own choice is `mode`). */
export async function storeRecommendation(
  tx: Tx,
  featureId: string,
  recommendation: ModeRecommendation,
): Promise<void> {
  await tx.query(
    `update features set recommended_mode = $2, mode_reason = $3, updated_at = now() where id = $1`,
    [featureId, recommendation.mode, recommendation.reason],
  );
}

/** The builder's choice of mode; the caller has checked that no build is under way. */
export async function setFeatureMode(tx: Tx, featureId: string, mode: FeatureMode): Promise<void> {
  await tx.query('update features set mode = $2, updated_at = now() where id = $1', [featureId, mode]);
}
