import { z } from 'zod';
import { Id } from '../common.ts';
import { AllowedHost } from '../workflow/connections.ts';

/**
 * Builders' connections to outside services and a workflow's secrets and bindings. No response
 * here has a field for a token, key or secret value: at most its last four characters.
 */

export const ConnectionName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters');

export const ProviderName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be a provider name like slack or google_calendar');

export const OAuthProvider = z.enum(['google', 'slack', 'github', 'generic']);
export type OAuthProvider = z.infer<typeof OAuthProvider>;

const HttpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000);

export const CreateApiKeyConnectionBody = z.strictObject({
  name: ConnectionName,
  provider: ProviderName,
  allowedHosts: z.array(AllowedHost).min(1, 'must list the hosts it may call').max(20),
  apiKey: z
    .string()
    .trim()
    .min(8, 'must be at least 8 characters')
    .max(4096, 'must be at most 4096 characters'),
});
export type CreateApiKeyConnectionBody = z.infer<typeof CreateApiKeyConnectionBody>;

/** A provider the platform does not know: the builder brings its endpoints and client. */
export const GenericOAuthClient = z.strictObject({
  authorizationUrl: HttpsUrl,
  tokenUrl: HttpsUrl,
  revocationUrl: HttpsUrl.optional(),
  clientId: z.string().min(1, 'must not be empty').max(500),
  clientSecret: z.string().min(1, 'must not be empty').max(2000),
});
export type GenericOAuthClient = z.infer<typeof GenericOAuthClient>;

export const StartOAuthBody = z
  .strictObject({
    name: ConnectionName,
    provider: OAuthProvider,
    scopes: z.array(z.string().min(1).max(200)).max(50).default([]),
    allowedHosts: z.array(AllowedHost).min(1, 'must list the hosts it may call').max(20),
    generic: GenericOAuthClient.optional(),
    /**
     * Reconnect this existing connection (after the provider signed it out) instead of creating
     * one: it keeps its id, so the workflows bound to it keep working.
     */
    reconnect: z.uuid('must be a connection id').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.provider === 'generic' && !body.generic) {
      ctx.addIssue({ code: 'custom', path: ['generic'], message: 'is required for a generic provider' });
    }
    if (body.provider !== 'generic' && body.generic) {
      ctx.addIssue({ code: 'custom', path: ['generic'], message: 'is only for provider "generic"' });
    }
  });
export type StartOAuthBody = z.infer<typeof StartOAuthBody>;

export const StartOAuthResponse = z.object({ authorizationUrl: z.string() });
export type StartOAuthResponse = z.infer<typeof StartOAuthResponse>;

export const OAuthCallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export const ConnectionSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  provider: z.string(),
  authKind: z.enum(['api_key', 'oauth2']),
  /** needs_reconnect: the provider refused the refresh token; the builder must connect again. */
  status: z.enum(['connected', 'needs_reconnect']),
  last4: z.string().optional(),
  scopes: z.array(z.string()),
  allowedHosts: z.array(z.string()),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

export const ConnectionList = z.object({ connections: z.array(ConnectionSummary) });
export type ConnectionList = z.infer<typeof ConnectionList>;

export const ConnectionIdParam = z.object({ connectionId: z.uuid('must be a connection id') });

export const WorkflowSecretParams = z.object({ id: z.uuid('must be a workflow id'), secretId: Id });
export const WorkflowConnectionParams = z.object({
  id: z.uuid('must be a workflow id'),
  connectionDeclId: Id,
});

export const PutWorkflowSecretBody = z.strictObject({
  value: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
});

export const WorkflowSecretStatus = z.object({
  id: z.string(),
  label: z.string().optional(),
  configured: z.boolean(),
  last4: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type WorkflowSecretStatus = z.infer<typeof WorkflowSecretStatus>;

export const WorkflowSecretList = z.object({ secrets: z.array(WorkflowSecretStatus) });
export type WorkflowSecretList = z.infer<typeof WorkflowSecretList>;

export const BindConnectionBody = z.strictObject({ connectionId: z.uuid('must be a connection id') });

export const WorkflowConnectionBinding = z.object({
  id: z.string(),
  label: z.string(),
  provider: z.string(),
  authKind: z.enum(['oauth2', 'api_key', 'none']),
  /** unbound: no stored connection chosen yet; not_needed: the declaration needs no credential. */
  status: z.enum(['bound', 'unbound', 'needs_reconnect', 'not_needed']),
  connection: z.object({ id: z.uuid(), name: z.string(), provider: z.string() }).nullable(),
});
export type WorkflowConnectionBinding = z.infer<typeof WorkflowConnectionBinding>;

export const WorkflowConnectionList = z.object({ connections: z.array(WorkflowConnectionBinding) });
export type WorkflowConnectionList = z.infer<typeof WorkflowConnectionList>;
