import { Hono } from 'hono';
import type { AppEnv, Platform } from './kernel/context.ts';
import { HttpError } from './kernel/errors.ts';
import {
  corsFor,
  corsHeaders,
  handleError,
  limitBody,
  limitRate,
  platformContext,
  requireBuilder,
  securityHeaders,
} from './kernel/middleware.ts';
import { adminRoutes } from './routes/admin.ts';
import { appEndUserRoutes } from './routes/app-end-users.ts';
import { appRoutes, listSharedApps } from './routes/apps.ts';
import { appCsvRoutes } from './routes/apps-csv.ts';
import { type ConnectionDeps, connectionRoutes, oauthCallbackRoutes } from './routes/connections.ts';
import { copilotRoutes } from './routes/copilot.ts';
import { appAuthRoutes } from './routes/data-api/app-auth.ts';
import { appFileRoutes } from './routes/data-api/files.ts';
import { dataApiRoutes } from './routes/data-api/index.ts';
import { featureChatRoutes } from './routes/feature-chat.ts';
import { featurePipelineRoutes } from './routes/feature-pipeline.ts';
import { featureRoutes } from './routes/features.ts';
import { hookRoutes } from './routes/hooks.ts';
import { meRoutes } from './routes/me.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { settingsRoutes } from './routes/settings.ts';
import { viewerRoutes } from './routes/viewer/index.ts';
import { listSharedWorkflows, workflowRoutes } from './routes/workflows.ts';

/** `/u/{username}/{slug}/files/{table}/{field}`: an upload to a published app's attachment field. */
const isUpload = (path: string) => /^\/u\/[^/]+\/[^/]+\/files\/[^/]+\/[^/]+\/?$/.test(path);

export interface AppOptions {
  /** Connections to outside services: OAuth clients and the sandboxed fetch for token calls. */
  connections?: ConnectionDeps;
  /** Platform routes mounted after the API (embedded auth server, static studio). */
  mount?: (app: Hono<AppEnv>) => void;
  version?: string;
}

/**
 * The platform's one Hono app. Kernel order: errors → headers → CORS → auth → rate limit →
 * routes. Public: /health, /studio-config.json, /auth/v1/*, /u/*, /hooks/*; protected: /api/*.
 */
export function createApp(platform: Platform, options: AppOptions = {}) {
  // Not strict: `/rest/v1` and `/rest/v1/` are one address, as PostgREST clients expect.
  const app = new Hono<AppEnv>({ strict: false });
  app.onError(handleError);
  app.use('*', platformContext(platform));
  app.use('*', securityHeaders(platform));
  app.use('/api/*', corsFor(platform));
  app.use('/auth/*', corsFor(platform));
  app.use('/api/*', limitBody());
  app.use('/auth/*', limitBody());
  app.use(
    '/u/*',
    corsHeaders({
      origin: '*',
      allowHeaders: [
        'authorization',
        'content-type',
        'apikey',
        'prefer',
        'accept',
        'range',
        'x-client-info',
        'accept-profile',
        'content-profile',
      ],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['content-range', 'retry-after'],
    }),
  );
  // Uploads to published apps stream past 1 MB under their field's own limit (routes/data-api/files.ts).
  app.use('/u/*', limitBody({ except: isUpload }));
  // Webhook deliveries: no account, the workflow's own verification (routes/hooks.ts); 1 MB bodies.
  app.use('/hooks/*', limitBody());
  app.use('/api/*', requireBuilder());
  app.use('/api/*', limitRate());

  app.get('/health', async (c) => {
    await platform.db.asOwner((tx) => tx.query('select 1'));
    return c.json({
      status: 'ok',
      db: platform.db.kind,
      auth: platform.studio.authMode,
      version: options.version,
    });
  });
  app.get('/studio-config.json', (c) => c.json(platform.studio));

  app.route('/api/me', meRoutes);
  // Not under /api/apps/:id: a static path beside that parameter would make Hono fall back from
  // its one-regex router to its trie router for every request.
  app.get('/api/shared-with-me/apps', listSharedApps);
  app.get('/api/shared-with-me/workflows', listSharedWorkflows);
  app.route('/api/features', featureRoutes);
  app.route('/api/features', featureChatRoutes);
  app.route('/api/features', featurePipelineRoutes);
  app.route('/api/apps', appRoutes);
  app.route('/api/apps', copilotRoutes('app'));
  app.route('/api/workflows', copilotRoutes('workflow'));
  app.route('/api/apps', appCsvRoutes);
  app.route('/api/workflows', workflowRoutes);
  if (options.connections) {
    app.route('/api/connections', connectionRoutes(options.connections));
    // Public: the browser comes back from the provider without our token; the state proves who.
    app.route('/oauth', oauthCallbackRoutes(options.connections));
  }
  app.route('/api/admin', adminRoutes);
  app.route('/api/apps', appEndUserRoutes);
  app.route('/api/outbox', outboxRoutes);
  app.route('/api/settings', settingsRoutes);
  app.route('/hooks', hookRoutes);
  app.route('/u/:username/:slug/rest/v1', dataApiRoutes);
  app.route('/u/:username/:slug/auth', appAuthRoutes);
  app.route('/u/:username/:slug/files', appFileRoutes);
  app.route('/u/:username/:slug', viewerRoutes);
  app.all('/api/*', (c) => {
    throw new HttpError(404, 'not_found', `No API route ${c.req.method} ${c.req.path}`);
  });

  options.mount?.(app);
  return app;
}
