import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type ChartRow, chartData, compileChartQuery } from '../../../runtime/components/query/index.ts';
import type { ViewerApp } from '../../../schemas/api/viewer.ts';
import { Id } from '../../../schemas/definitions.ts';
import type { AppEnv } from '../../kernel/context.ts';
import { HttpError } from '../../kernel/errors.ts';
import { readParams } from '../../kernel/validate.ts';
import { visibility } from '../data-api/read.ts';
import { SignInRequired, type ViewerRequest, viewerCaller, viewerRequest } from './viewer-request.ts';

const ChartParams = z.object({ viewId: Id });

type Handler = (c: Context<AppEnv>, request: ViewerRequest) => Promise<Response> | Response;

function serveViewer(handler: Handler) {
  return async (c: Context<AppEnv>) => {
    try {
      return await handler(c, await viewerRequest(c));
    } catch (error) {
      if (error instanceof SignInRequired) return error.response(c);
      throw error;
    }
  };
}

/**
 * What the viewer of a published app (`editor/viewer.html`) reads besides the data API, at
 * `/u/{username}/{slug}`: the app as the caller may see it, and its charts' numbers. See
 * `schemas/api/viewer.ts` for the contract.
 */
export const viewerRoutes = new Hono<AppEnv>()
  .get(
    '/app',
    serveViewer((c, { app, slug, caller, cut }) => {
      const body: ViewerApp = {
        username: app.username,
        slug,
        version: app.version,
        level: app.level,
        caller: viewerCaller(app.definition, caller.actor),
        definition: cut.definition,
        rights: cut.rights,
      };
      return c.json(body);
    }),
  )
  .get(
    '/aggregate/:viewId',
    serveViewer(async (c, { app, caller, cut }) => {
      const { viewId } = readParams(c, ChartParams);
      const view = cut.definition.views.find((candidate) => candidate.id === viewId);
      // The same answer for a chart that does not exist and one this caller may not see.
      if (view?.kind !== 'chart')
        throw new HttpError(404, 'not_found', `There is no chart "${viewId}" in this app for you`);
      const { actor } = caller;
      const ownRows = cut.rights[view.tableId]?.ownRowsOnly && actor.kind === 'end_user';
      const compiled = compileChartQuery(view, {
        app: app.definition,
        appId: app.appId,
        // Lookups and rollups read as the data API reads them for this caller.
        visible: visibility(app.definition, actor),
        ...(ownRows ? { rowScope: { endUserId: actor.endUserId } } : {}),
      });
      if (!compiled.ok)
        throw new HttpError(
          422,
          'invalid_chart',
          `The chart "${viewId}" cannot be drawn: ${compiled.error.message}`,
        );
      const [rows = []] = await c.var.platform.db.readAsUser<ChartRow>(caller.claims, [compiled.value]);
      return c.json(chartData(view, rows));
    }),
  );
