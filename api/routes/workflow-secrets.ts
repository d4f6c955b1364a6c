import { Hono } from 'hono';
import { z } from 'zod';
import {
  BindConnectionBody,
  PutWorkflowSecretBody,
  type WorkflowConnectionList,
  WorkflowConnectionParams,
  type WorkflowSecretList,
  WorkflowSecretParams,
} from '../../schemas/api/connections.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams } from '../kernel/validate.ts';
import { providerMatches } from '../oauth/providers.ts';
import { getConnection } from '../store/connections.ts';
import {
  bindConnection,
  deleteWorkflowSecret,
  listBindings,
  listWorkflowSecrets,
  ownWorkflowDeclarations,
  putWorkflowSecret,
  unbindConnection,
} from '../store/workflow-secrets.ts';

const WorkflowIdOnly = z.object({ id: z.uuid('must be a workflow id') });

const undeclared = (what: string, id: string) =>
  new HttpError(404, 'not_found', `${what} "${id}" is not declared in the workflow's current version`);

/**
 * `/api/workflows/:id/secrets`: the values of the secrets a workflow declares (a webhook's
 * signing secret). A value is written, never read back: answers say configured and the last four.
 */
export const workflowSecretRoutes = new Hono<AppEnv>()
  .get('/secrets', async (c) => {
    const { id } = readParams(c, WorkflowIdOnly);
    const secrets = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const declared = await ownWorkflowDeclarations(tx, c.var.claims.sub, id);
      return listWorkflowSecrets(tx, id, declared.secrets);
    });
    return c.json({ secrets } satisfies WorkflowSecretList);
  })
  .put('/secrets/:secretId', async (c) => {
    const { id, secretId } = readParams(c, WorkflowSecretParams);
    const { value } = await readJsonBody(c, PutWorkflowSecretBody);
    const status = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const declared = await ownWorkflowDeclarations(tx, c.var.claims.sub, id);
      if (!declared.secrets.some((s) => s.id === secretId)) throw undeclared('secret', secretId);
      return putWorkflowSecret(tx, c.var.platform, c.var.claims.sub, id, secretId, value);
    });
    return c.json({ configured: status.configured, last4: status.last4 });
  })
  .delete('/secrets/:secretId', async (c) => {
    const { id, secretId } = readParams(c, WorkflowSecretParams);
    const removed = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      await ownWorkflowDeclarations(tx, c.var.claims.sub, id);
      return deleteWorkflowSecret(tx, id, secretId);
    });
    if (!removed) throw notFound(`secret "${secretId}"`);
    return c.body(null, 204);
  });

/**
 * `/api/workflows/:id/connections`: which of the builder's stored connections serves each
 * connection the workflow declares. A stored connection must be the builder's own, for the same
 * provider and of the same kind (an OAuth declaration takes an OAuth connection).
 */
export const workflowBindingRoutes = new Hono<AppEnv>()
  .get('/connections', async (c) => {
    const { id } = readParams(c, WorkflowIdOnly);
    const connections = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const declared = await ownWorkflowDeclarations(tx, c.var.claims.sub, id);
      const bindings = new Map((await listBindings(tx, id)).map((b) => [b.connection_decl_id, b]));
      return declared.connections.map((decl) => {
        const bound = bindings.get(decl.id);
        const status =
          decl.authKind === 'none'
            ? 'not_needed'
            : !bound
              ? 'unbound'
              : bound.status === 'needs_reconnect'
                ? 'needs_reconnect'
                : 'bound';
        return {
          id: decl.id,
          label: decl.label,
          provider: decl.provider,
          authKind: decl.authKind,
          status,
          connection: bound ? { id: bound.connection_id, name: bound.name, provider: bound.provider } : null,
        } as const;
      });
    });
    return c.json({ connections } satisfies WorkflowConnectionList);
  })
  .put('/connections/:connectionDeclId', async (c) => {
    const { id, connectionDeclId } = readParams(c, WorkflowConnectionParams);
    const { connectionId } = await readJsonBody(c, BindConnectionBody);
    await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      const declared = await ownWorkflowDeclarations(tx, c.var.claims.sub, id);
      const decl = declared.connections.find((d) => d.id === connectionDeclId);
      if (!decl) throw undeclared('connection', connectionDeclId);
      if (decl.authKind === 'none') {
        throw new HttpError(
          400,
          'invalid_request',
          `connectionDeclId: "${decl.id}" needs no credential; nothing to bind`,
        );
      }
      // RLS shows only the builder's own connections: another builder's id is simply not found.
      const stored = await getConnection(tx, connectionId);
      if (!stored) throw notFound('connection');
      if (!providerMatches(decl.provider, stored.provider)) {
        throw new HttpError(
          400,
          'invalid_request',
          `connectionId: "${stored.name}" is a ${stored.provider} connection; "${decl.label}" needs ${decl.provider}`,
        );
      }
      if (decl.authKind !== stored.authKind) {
        const needs = decl.authKind === 'oauth2' ? 'an OAuth sign-in' : 'an API key';
        throw new HttpError(
          400,
          'invalid_request',
          `connectionId: "${decl.label}" needs ${needs} connection`,
        );
      }
      await bindConnection(tx, id, decl.id, stored.id);
    });
    return c.json({ id: connectionDeclId, connectionId, status: 'bound' });
  })
  .delete('/connections/:connectionDeclId', async (c) => {
    const { id, connectionDeclId } = readParams(c, WorkflowConnectionParams);
    const removed = await c.var.platform.db.withUser(c.var.claims, async (tx) => {
      await ownWorkflowDeclarations(tx, c.var.claims.sub, id);
      return unbindConnection(tx, id, connectionDeclId);
    });
    if (!removed) throw notFound(`binding of "${connectionDeclId}"`);
    return c.body(null, 204);
  });
