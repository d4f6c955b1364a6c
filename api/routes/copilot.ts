import { Hono } from 'hono';
import {
  type AppDetail,
  AppIdParam,
  CopilotAcceptBody,
  type CopilotAnswer,
  CopilotAskBody,
  type WorkflowDetail,
  WorkflowIdParam,
} from '../../schemas/index.ts';
import { AgentError } from '../agents/contracts.ts';
import { applyCopilotPatch, type CopilotKind } from '../agents/copilot-apply.ts';
import { agentContext, callAgent, copilotAgent, copilotInput } from '../agents/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { saveDraft, toSummary } from '../store/apps.ts';
import { DbError, type Tx } from '../store/db.ts';
import {
  APP_DEFINITIONS,
  getVersion,
  type VersionedDefinitions,
  WORKFLOW_DEFINITIONS,
} from '../store/definition-versions.ts';
import { getMe } from '../store/profiles.ts';
import { definitionAccess } from '../store/reviewers.ts';
import { secretStatus } from '../store/secrets.ts';
import { saveWorkflowDraft, toWorkflowSummary } from '../store/workflows.ts';
import { reviewersOnlyRead } from './reviewers.ts';

// The co-pilot on the canvas: JSON Patch proposals on an app's or a workflow's draft, and accepting
// one as an agent-authored draft version. Mounted at /api/apps and /api/workflows.
//
// Asking runs the agent with a check that applies and validates its patch (problems go back to it,
// at most twice); the answer carries the proposed definition for the canvas diff. Accepting never
// trusts that preview: the studio sends the operations back and they are parsed, applied to the
// base version and validated again before the draft is saved.

/** An agent failure as a JSON error. Never 401: the studio would take it for its own session ending. */
export function agentHttpError(error: AgentError, noun: string): HttpError {
  const retry = (fallback: number) => ({
    headers: { 'retry-after': String(error.retryAfterSeconds ?? fallback) },
  });
  switch (error.code) {
    case 'key_missing':
      return keyMissing();
    case 'key_rejected':
      return new HttpError(409, 'anthropic_key_rejected', error.message);
    case 'rate_limited':
      return new HttpError(429, 'anthropic_rate_limited', error.message, retry(30));
    case 'overloaded':
    case 'unavailable':
    case 'aborted':
      return new HttpError(503, `anthropic_${error.code}`, error.message, retry(10));
    case 'budget_exhausted':
      return new HttpError(409, 'budget_exhausted', error.message);
    case 'invalid_output':
      return new HttpError(
        422,
        'copilot_patch_refused',
        `The co-pilot could not propose a valid change to this ${noun}: ${error.message}`,
      );
    case 'request_refused':
      return new HttpError(422, 'anthropic_request_refused', error.message);
  }
}

const keyMissing = () =>
  new HttpError(409, 'anthropic_key_missing', 'Add your Anthropic key in Settings to use the co-pilot');

const conflict = (noun: string, baseVersion: number, current: number) =>
  new HttpError(
    409,
    'version_conflict',
    `This ${noun} changed since version ${baseVersion} (it is now at version ${current}, saved elsewhere). Reload it, then ask again.`,
  );

interface Loaded {
  definition: unknown;
  currentVersion: number;
  keyConfigured: boolean;
}

/**
 * The base version, as its owner: a reviewer may read it but not have the co-pilot change it (403,
 * as for publishing), anyone else finds nothing (RLS). Null when there is no such definition.
 */
async function loadOwnDraft(
  tx: Tx,
  of: VersionedDefinitions,
  id: string,
  baseVersion: number,
): Promise<Loaded | null> {
  const access = await definitionAccess(tx, of, id);
  if (!access) return null;
  if (access.access !== 'owner') throw reviewersOnlyRead(of);
  const [row] = await tx.query<{ current_version: number }>(
    `select current_version from ${of.table} where id = $1`,
    [id],
  );
  if (!row) return null;
  const definition = await getVersion(tx, of, id, baseVersion);
  if (definition === undefined) throw notFound(`version ${baseVersion} of this ${of.noun}`);
  const { configured } = await secretStatus(tx, 'anthropic_key');
  return { definition, currentVersion: row.current_version, keyConfigured: configured };
}

export function copilotRoutes(kind: CopilotKind) {
  const of = kind === 'app' ? APP_DEFINITIONS : WORKFLOW_DEFINITIONS;
  const IdParam = kind === 'app' ? AppIdParam : WorkflowIdParam;
  const agent = copilotAgent(kind);

  return new Hono<AppEnv>()
    .post('/:id/copilot', async (c) => {
      const { id } = readParams(c, IdParam);
      const { message, baseVersion } = await readJsonBody(c, CopilotAskBody);
      const { db, secrets, anthropicBaseUrl } = c.var.platform;
      const loaded = await db.withUser(c.var.claims, (tx) => loadOwnDraft(tx, of, id, baseVersion));
      if (!loaded) throw notFound(of.noun);
      // Both checked before any model call: neither answer could be saved, so neither is paid for.
      if (loaded.currentVersion !== baseVersion) throw conflict(of.noun, baseVersion, loaded.currentVersion);
      if (!loaded.keyConfigured) throw keyMissing();

      const ctx = agentContext(
        { db, secrets, anthropicBaseUrl },
        { userId: c.var.claims.sub, featureId: null, stage: 'copilot', signal: c.req.raw.signal },
      );
      const input = copilotInput({ kind, definition: loaded.definition, message });
      const answer = await callAgent(ctx, agent, input, (output) => {
        const applied = applyCopilotPatch(kind, loaded.definition, output.operations);
        return applied.ok ? [] : applied.problems;
      }).catch((error: unknown) => {
        throw error instanceof AgentError ? agentHttpError(error, of.noun) : error;
      });
      // The check above passed for this very answer; applying it again yields what it saw.
      const applied = applyCopilotPatch(kind, loaded.definition, answer.output.operations);
      if (!applied.ok) throw new HttpError(422, 'copilot_patch_refused', applied.problems.join('; '));
      const body: CopilotAnswer = {
        summary: answer.output.summary,
        operations: applied.operations,
        baseVersion,
        proposed: applied.definition as unknown as Record<string, unknown>,
        repairs: answer.repairs,
      };
      return c.json(body);
    })
    .post('/:id/copilot/accept', async (c) => {
      const { id } = readParams(c, IdParam);
      const { operations, baseVersion } = await readJsonBody(c, CopilotAcceptBody);
      const saved = await c.var.platform.db
        .withUser(c.var.claims, async (tx) => {
          const loaded = await loadOwnDraft(tx, of, id, baseVersion);
          if (!loaded) return null;
          if (loaded.currentVersion !== baseVersion)
            throw conflict(of.noun, baseVersion, loaded.currentVersion);
          const applied = applyCopilotPatch(kind, loaded.definition, operations);
          if (!applied.ok) {
            const issues = applied.problems.map((problem) => {
              const at = problem.indexOf(': ');
              return at > 0
                ? { path: problem.slice(0, at), message: problem.slice(at + 2) }
                : { path: 'operations', message: problem };
            });
            throw new HttpError(
              applied.stage === 'parse' ? 400 : 422,
              applied.stage === 'parse' ? 'invalid_request' : 'invalid_patch',
              `The change cannot be applied to version ${baseVersion}: ${applied.problems[0]}`,
              { issues },
            );
          }
          const definition = applied.definition;
          const owner = (await getMe(tx, ''))?.username ?? '';
          const name = definition.name.trim().slice(0, 120);
          if (definition.kind === 'app') {
            const outcome = await saveDraft(tx, id, baseVersion, definition, 'agent', {
              name,
              slug: definition.slug,
            });
            if (!outcome) return null;
            if (!outcome.ok) throw conflict(of.noun, baseVersion, outcome.currentVersion);
            const detail: AppDetail = {
              ...toSummary(outcome.row, null),
              access: 'owner',
              owner,
              definition,
              problems: [],
            };
            return detail;
          }
          const outcome = await saveWorkflowDraft(tx, id, baseVersion, definition, 'agent', name);
          if (!outcome) return null;
          if (!outcome.ok) throw conflict(of.noun, baseVersion, outcome.currentVersion);
          const detail: WorkflowDetail = {
            ...toWorkflowSummary(outcome.row),
            access: 'owner',
            owner,
            definition,
            problems: [],
          };
          return detail;
        })
        .catch((error: unknown) => {
          if (error instanceof DbError && error.code === '23505')
            throw new HttpError(409, 'slug_taken', 'definition.slug: you already have an app with this slug');
          throw error;
        });
      if (!saved) throw notFound(of.noun);
      return c.json(saved);
    });
}
