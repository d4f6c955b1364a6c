import { type ConnectionRequest, StepFailure, type WorkflowPorts } from '../../runtime/workflows/index.ts';
import { CredentialError, openCredential } from '../oauth/credentials.ts';
import type { OAuthEnv } from '../oauth/providers.ts';
import type { OutboundFetch } from '../oauth/token-endpoint.ts';
import {
  connectionRequest,
  type OutboundCredential,
  type OutboundHttp,
  OutboundRefused,
  toConnectionResponse,
} from '../ports/outbound-http.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { WorkflowState } from '../ports/workflow-state.ts';
import type { Db } from '../store/db.ts';
import type { SecretStore } from '../store/secrets.ts';
import { boundConnection } from '../store/workflow-secrets.ts';
import { anthropicAiTasks } from './ai-tasks.ts';
import { builderClaims } from './builder-claims.ts';
import type { InternalCallers } from './internal-caller.ts';
import { messageFailure, messageRequest } from './messages.ts';
import { type AppFetch, recordSteps } from './record-steps.ts';
import type { PortsFor, RunContext } from './runner.ts';
import { stateSteps } from './state-steps.ts';

// The ports a run's steps use, built per run from the platform's adapters: calls leave through
// the sandboxed outbound port with the connection's credential, records go through the apps' own
// data API, state and secrets are reached as the builder.

export interface StepPortsOptions {
  db: Db;
  box: SecretBox;
  secrets: SecretStore;
  outbound: OutboundHttp;
  oauthEnv: OAuthEnv;
  fetchApp: AppFetch;
  callers: InternalCallers;
  publicUrl: string;
  /** Where state_get / state_set keep the workflow's values (Postgres, or its Durable Object). */
  state: WorkflowState;
  /** ANTHROPIC_BASE_URL: another Anthropic-compatible endpoint (the fake server in tests). */
  anthropicBaseUrl?: string;
  now?: () => number;
}

/** Answers larger than this fail the step (the log would not keep them anyway). */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const CALL_TIMEOUT_MS = 30_000;

const RETRYABLE_REFUSALS = new Set(['timeout', 'network', 'dns_failed']);

/** OAuth token calls through the sandbox: https, public addresses, the token endpoint's own host. */
export function guardedFetch(outbound: OutboundHttp): OutboundFetch {
  return async (url, init) => {
    const host = new URL(url).hostname;
    const headers = [...new Headers(init.headers)] as [string, string][];
    const body = typeof init.body === 'string' ? init.body : init.body ? String(init.body) : undefined;
    const answer = await outbound.send({
      url,
      method: init.method ?? 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
      allowedHosts: [host],
      timeoutMs: CALL_TIMEOUT_MS,
      maxResponseBytes: 1024 * 1024,
      ...(init.signal ? { signal: init.signal } : {}),
    });
    return new Response(answer.body as Uint8Array<ArrayBuffer>, {
      status: answer.status,
      headers: answer.headers,
    });
  };
}

export function stepPorts(options: StepPortsOptions): PortsFor {
  const now = options.now ?? Date.now;
  const tokenFetch = guardedFetch(options.outbound);

  return (run: RunContext): WorkflowPorts => {
    const { definition, redactor, userId, workflowId } = run;

    async function credentialFor(connectionId: string): Promise<OutboundCredential> {
      const declared = definition.connections.find((c) => c.id === connectionId)!;
      if (declared.auth.kind === 'none') return { kind: 'none' };
      const bound = await options.db.withUser(builderClaims(userId), (tx) =>
        boundConnection(tx, workflowId, connectionId),
      );
      if (!bound)
        throw new StepFailure(
          `The connection "${connectionId}" is not connected to one of your accounts: connect it in the workflow's settings`,
          'connection_not_connected',
          false,
        );
      try {
        const credential = await openCredential(options.db, options.box, userId, bound, {
          env: options.oauthEnv,
          fetch: tokenFetch,
          now,
        });
        redactor.add(credential.kind === 'bearer' ? credential.token : credential.value);
        return credential;
      } catch (error) {
        if (error instanceof CredentialError)
          throw new StepFailure(error.message, `connection_${error.reason}`, error.reason === 'provider');
        throw error;
      }
    }

    async function callConnection(request: ConnectionRequest, signal: AbortSignal) {
      const declared = definition.connections.find((c) => c.id === request.connectionId);
      if (!declared)
        throw new StepFailure(
          `"${request.connectionId}" is not a connection of this workflow`,
          'connection_undeclared',
          false,
        );
      const credential = await credentialFor(declared.id);
      let built: ReturnType<typeof connectionRequest>;
      try {
        built = connectionRequest(declared, request, credential);
      } catch (error) {
        throw new StepFailure(redactor.text((error as Error).message), 'bad_request', false);
      }
      try {
        const answer = await options.outbound.send({
          url: built.url,
          method: built.method,
          headers: built.headers,
          ...(built.body === undefined ? {} : { body: built.body }),
          allowedHosts: declared.allowedHosts,
          timeoutMs: CALL_TIMEOUT_MS,
          maxResponseBytes: MAX_RESPONSE_BYTES,
          signal,
        });
        return toConnectionResponse(answer);
      } catch (error) {
        if (error instanceof OutboundRefused)
          throw new StepFailure(redactor.text(error.message), error.code, RETRYABLE_REFUSALS.has(error.code));
        throw error;
      }
    }

    const records = recordSteps({
      db: options.db,
      fetchApp: options.fetchApp,
      callers: options.callers,
      publicUrl: options.publicUrl,
      userId,
    });
    const state = stateSteps(options.state, { userId, workflowId });
    const runAiTask = anthropicAiTasks({
      openKey: async () => {
        const key = await options.db.asService('workflow-secrets', (tx) =>
          options.secrets.open(tx, userId, 'anthropic_key'),
        );
        redactor.add(key);
        return key;
      },
      ...(options.anthropicBaseUrl ? { baseURL: options.anthropicBaseUrl } : {}),
    });

    return {
      callConnection,
      async sendMessage(message, signal) {
        const declared = definition.connections.find((c) => c.id === message.connectionId);
        if (!declared)
          throw new StepFailure(
            `"${message.connectionId}" is not a connection of this workflow`,
            'connection_undeclared',
            false,
          );
        const answer = await callConnection(messageRequest(declared, message), signal);
        const failed = messageFailure(declared, answer.status, answer.body);
        if (failed)
          throw new StepFailure(failed, 'message_refused', answer.status === 429 || answer.status >= 500);
        const body = answer.body as { ts?: unknown; id?: unknown } | null;
        const id = body && typeof body === 'object' ? (body.ts ?? body.id) : undefined;
        return typeof id === 'string' ? { id } : {};
      },
      createRecord: records.createRecord,
      updateRecord: records.updateRecord,
      getState: state.getState,
      setState: state.setState,
      runAiTask,
      now,
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal.aborted) return reject(signal.reason);
          const timer = setTimeout(resolve, ms);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              reject(signal.reason);
            },
            { once: true },
          );
        }),
    };
  };
}
