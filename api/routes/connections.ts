import { Hono } from 'hono';
import {
  ConnectionIdParam,
  type ConnectionList,
  CreateApiKeyConnectionBody,
  OAuthCallbackQuery,
  type OAuthProvider,
  StartOAuthBody,
  type StartOAuthResponse,
} from '../../schemas/api/connections.ts';
import type { AppEnv, Platform } from '../kernel/context.ts';
import { HttpError, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams, readQuery } from '../kernel/validate.ts';
import { type OAuthEnv, oauthClientFor, providerLabel } from '../oauth/providers.ts';
import {
  authorizationUrl,
  exchangeCode,
  newPkce,
  OAuthProviderError,
  type OutboundFetch,
  revokeToken,
} from '../oauth/token-endpoint.ts';
import {
  assertNameFree,
  deleteConnection,
  getConnection,
  insertConnection,
  listConnections,
  readCredential,
  replaceOAuthCredential,
  type SealedCredential,
} from '../store/connections.ts';
import { claimOAuthState, saveOAuthState } from '../store/oauth-states.ts';
import { builderClaims } from '../workflows/builder-claims.ts';

/** What the connection routes need beyond the platform. */
export interface ConnectionDeps {
  /** The deployment's OAuth clients: OAUTH_<PROVIDER>_CLIENT_ID / _CLIENT_SECRET (/ _BASE_URL). */
  env: OAuthEnv;
  /** Outbound HTTP to providers; builder-supplied endpoints make this the SSRF-guarded fetch. */
  fetch: OutboundFetch;
  now?: () => number;
}

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

const redirectUriFor = (platform: Platform) =>
  `${platform.publicUrl.replace(/\/+$/, '')}${OAUTH_CALLBACK_PATH}`;

/**
 * `/api/connections`: the builder's connections to outside services. No answer ever carries a
 * token or key; an API key shows as its last four characters.
 */
export function connectionRoutes(deps: ConnectionDeps) {
  const now = deps.now ?? Date.now;
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const connections = await c.var.platform.db.withUser(c.var.claims, listConnections);
      return c.json({ connections } satisfies ConnectionList);
    })
    .post('/', async (c) => {
      const body = await readJsonBody(c, CreateApiKeyConnectionBody);
      const summary = await c.var.platform.db.withUser(c.var.claims, (tx) =>
        insertConnection(tx, c.var.platform, c.var.claims.sub, {
          name: body.name,
          provider: body.provider,
          authKind: 'api_key',
          allowedHosts: body.allowedHosts,
          scopes: [],
          credential: { kind: 'api_key', apiKey: body.apiKey },
          expiresAt: null,
          last4: body.apiKey.slice(-4),
        }),
      );
      return c.json(summary, 201);
    })
    .post('/oauth/start', async (c) => {
      const body = await readJsonBody(c, StartOAuthBody);
      const client = oauthClientFor(body.provider, deps.env, body.generic);
      const { state, verifier } = newPkce();
      const { db } = c.var.platform;
      await db.withUser(c.var.claims, async (tx) => {
        if (body.reconnect) {
          const existing = await getConnection(tx, body.reconnect);
          if (!existing) throw notFound('connection');
          if (existing.authKind !== 'oauth2' || existing.provider !== body.provider) {
            throw new HttpError(
              400,
              'invalid_request',
              `reconnect: "${existing.name}" is not a ${providerLabel(body.provider)} sign-in connection`,
            );
          }
        } else await assertNameFree(tx, body.name);
        await saveOAuthState(
          tx,
          c.var.platform.secretBox,
          c.var.claims.sub,
          state,
          { verifier, ...body },
          new Date(now() + OAUTH_STATE_TTL_MS),
        );
      });
      const url = await authorizationUrl(client, {
        redirectUri: redirectUriFor(c.var.platform),
        state,
        verifier,
        scopes: body.scopes,
      });
      return c.json({ authorizationUrl: url } satisfies StartOAuthResponse);
    })
    .delete('/:connectionId', async (c) => {
      const { connectionId } = readParams(c, ConnectionIdParam);
      const { db, log } = c.var.platform;
      const userId = c.var.claims.sub;
      const found = await db.withUser(c.var.claims, (tx) => getConnection(tx, connectionId));
      if (!found) throw notFound('connection');
      if (found.authKind === 'oauth2') {
        // Tokens are readable by the 'workflow-secrets' job only; the owner was checked above
        // under RLS and is checked again in the query.
        const row = await db.asService('workflow-secrets', (tx) =>
          readCredential(tx, c.var.platform.secretBox, userId, connectionId, { lock: false }),
        );
        const credential = row?.credential;
        if (credential?.kind === 'oauth2') {
          try {
            const client = oauthClientFor(found.provider as OAuthProvider, deps.env, credential.generic);
            // The refresh token first: revoking it ends the whole grant at most providers.
            if (credential.refreshToken) await revokeToken(client, credential.refreshToken, deps.fetch);
            await revokeToken(client, credential.accessToken, deps.fetch);
          } catch (error) {
            // Best effort: the builder asked to forget the connection, and we do regardless.
            log.info('connection_revocation_failed', {
              connectionId,
              provider: found.provider,
              reason: error instanceof OAuthProviderError ? error.reason : (error as Error).name,
            });
          }
        }
      }
      await db.withUser(c.var.claims, (tx) => deleteConnection(tx, connectionId));
      return c.body(null, 204);
    });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page a builder's browser lands on when connecting failed: what happened and what to do. */
function failurePage(status: 400 | 409 | 502 | 503, title: string, detail: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>
<p><a href="/app/connections">Back to Connections</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * `/oauth` (public: the browser comes back from the provider without our bearer token). The
 * state, stored server-side when the builder started, proves who started the sign-in; it works
 * once and for ten minutes.
 */
export function oauthCallbackRoutes(deps: ConnectionDeps) {
  const now = deps.now ?? Date.now;
  return new Hono<AppEnv>().get('/callback', async (c) => {
    const query = readQuery(c, OAuthCallbackQuery);
    const { db } = c.var.platform;
    if (!query.state) {
      return failurePage(
        400,
        'Connecting failed',
        'The provider sent no state back. Start connecting again from Connections.',
      );
    }
    const state = query.state;
    const claimed = await db.withUser({ sub: '', role: 'anon' }, (tx) =>
      claimOAuthState(tx, c.var.platform.secretBox, state),
    );
    if (!claimed) {
      return failurePage(
        400,
        'This sign-in link is no longer valid',
        'It was already used or was never started here. Start connecting again from Connections.',
      );
    }
    const { payload, userId } = claimed;
    const label = providerLabel(payload.provider);
    if (claimed.expiresAt.getTime() < now()) {
      return failurePage(
        400,
        'This sign-in took too long',
        `Connecting ${label} must finish within 10 minutes. Start again from Connections.`,
      );
    }
    if (query.error) {
      const declined = query.error === 'access_denied';
      return failurePage(
        400,
        declined ? `${label} access was declined` : `${label} refused the sign-in`,
        declined
          ? `The connection "${payload.name}" was not created because access was not granted. Try again and allow access.`
          : `${label} answered with the error "${query.error.slice(0, 60)}". Check the connection's settings and try again.`,
      );
    }
    if (!query.code) {
      return failurePage(
        400,
        'Connecting failed',
        `${label} sent no authorization code back. Start again from Connections.`,
      );
    }
    let client: ReturnType<typeof oauthClientFor>;
    try {
      client = oauthClientFor(payload.provider, deps.env, payload.generic);
    } catch (error) {
      if (error instanceof HttpError) return failurePage(503, 'Connecting is not available', error.message);
      throw error;
    }
    let tokens: Awaited<ReturnType<typeof exchangeCode>>;
    try {
      tokens = await exchangeCode(
        client,
        {
          callback: new URL(c.req.url).searchParams,
          state,
          redirectUri: redirectUriFor(c.var.platform),
          verifier: payload.verifier,
        },
        deps.fetch,
        now(),
      );
    } catch (error) {
      if (!(error instanceof OAuthProviderError)) throw error;
      c.var.platform.log.info('oauth_callback_failed', { provider: payload.provider, reason: error.reason });
      return failurePage(502, `Connecting ${label} failed`, error.message);
    }
    // The tokens are stored as the builder who started the sign-in (the state proved it), under RLS.
    const credential: SealedCredential = {
      kind: 'oauth2',
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(payload.generic ? { generic: payload.generic } : {}),
    };
    const scopes = tokens.scopes.length > 0 ? tokens.scopes : payload.scopes;
    try {
      const summary = await db.withUser(builderClaims(userId), (tx) =>
        payload.reconnect
          ? replaceOAuthCredential(tx, c.var.platform, userId, payload.reconnect, {
              credential,
              expiresAt: tokens.expiresAt,
              scopes,
            })
          : insertConnection(tx, c.var.platform, userId, {
              name: payload.name,
              provider: payload.provider,
              authKind: 'oauth2',
              allowedHosts: payload.allowedHosts,
              scopes,
              credential,
              expiresAt: tokens.expiresAt,
              last4: null,
            }),
      );
      if (!summary)
        return failurePage(
          409,
          'The connection is gone',
          'It was deleted while you signed in. Connect again.',
        );
      return c.redirect(`/app/connections?connected=${summary.id}`, 302);
    } catch (error) {
      if (error instanceof HttpError && error.status === 409) {
        // The tokens will not be kept: give them back rather than leave a live grant behind.
        await revokeToken(client, tokens.refreshToken ?? tokens.accessToken, deps.fetch).catch(() => {});
        return failurePage(409, 'A connection with this name exists', error.message);
      }
      throw error;
    }
  });
}
