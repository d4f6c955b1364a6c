import { builderClaims } from '../workflows/builder-claims.ts';
import type { AgentCallContext, AgentContextFor, AgentRunRecord } from './contracts.ts';
import { totalTokens } from './cost.ts';

// The context of one builder's agent call. The key is opened by the `agent-key` service job (no
// role but the service role may read it) and only when the call layer asks, just before its
// request. The budget is read and the runs are written as the builder, under RLS: a feature that
// is not theirs has no budget to spend and takes no runs.

/**
 * Tokens a call outside a feature (the co-pilot) may spend. Nothing accumulates across such calls,
 * so this is a per-call allowance rather than a budget; runaway repairs are bounded by the call
 * layer (at most three model calls).
 */
export const NO_FEATURE_TOKEN_ALLOWANCE = 200_000;

export const agentContext: AgentContextFor = (platform, target) => {
  const claims = builderClaims(target.userId);
  const { featureId } = target;
  const context: AgentCallContext = {
    stage: target.stage,
    baseURL: platform.anthropicBaseUrl,
    signal: target.signal,
    onActivity: target.onActivity,
    openKey: () =>
      platform.db.asService('agent-key', (tx) => platform.secrets.open(tx, target.userId, 'anthropic_key')),
    async remainingTokens() {
      if (featureId === null) return NO_FEATURE_TOKEN_ALLOWANCE;
      const [row] = await platform.db.withUser(claims, (tx) =>
        tx.query<{ remaining: string | number }>(
          'select token_budget - tokens_used as remaining from features where id = $1',
          [featureId],
        ),
      );
      // A feature the builder cannot see (deleted, or not theirs) has nothing left to spend.
      return row ? Number(row.remaining) : 0;
    },
    recordRun: (run: AgentRunRecord) =>
      platform.db.withUser(claims, async (tx) => {
        await tx.query(
          `insert into agent_runs (feature_id, agent, stage, model, input_tokens, output_tokens,
             cache_read_tokens, cache_write_tokens, cost_usd, duration_ms, status, error)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            featureId,
            run.agent,
            run.stage,
            run.model,
            run.inputTokens,
            run.outputTokens,
            run.cacheReadTokens,
            run.cacheWriteTokens,
            run.costUsd,
            run.durationMs,
            run.status,
            run.error ?? null,
          ],
        );
        if (featureId === null) return;
        // Same transaction: the run and what it cost the feature are stored together or not at all.
        await tx.query(
          `update features set tokens_used = tokens_used + $2, cost_usd = cost_usd + $3, updated_at = now()
           where id = $1`,
          [featureId, totalTokens(run), run.costUsd],
        );
      }),
  };
  return context;
};
