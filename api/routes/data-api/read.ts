import type { Context } from 'hono';
import { type Actor, can, findTable, visibleFieldIds } from '../../../runtime/components/access.ts';
import {
  compileCount,
  compileSelect,
  compileSelectJson,
  parseReadQuery,
  projectRows,
  type RawRow,
  type Visibility,
} from '../../../runtime/components/query/index.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import type { AppEnv } from '../../kernel/context.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';
import { RestError } from './errors.ts';

/** The most rows one read returns, as PostgREST's db-max-rows. */
export const MAX_ROWS = 1000;

/** What the actor may see: the tables it may read, each with its visible fields. */
export function visibility(app: AppDefinition, actor: Actor): Visibility {
  const visible = new Map<string, ReadonlySet<string>>();
  for (const table of app.tables) {
    if (can(app, actor, table.id, 'read').allowed)
      visible.set(table.id, visibleFieldIds(app, actor, table.id));
  }
  return visible;
}

/** A table the actor may act on, or the error PostgREST gives for it. */
export function tableFor(
  app: AppDefinition,
  actor: Actor,
  tableId: string,
  action: 'create' | 'read' | 'update' | 'delete',
) {
  const table = findTable(app, tableId);
  if (!table)
    throw new RestError(
      404,
      'PGRST205',
      `Could not find the table '${tableId}' in this app`,
      null,
      `Tables: ${app.tables.map((t) => t.id).join(', ')}`,
    );
  const decision = can(app, actor, tableId, action);
  if (!decision.allowed) throw new RestError(403, '42501', `Not allowed: ${decision.reason}`);
  return { table, decision };
}

/** `GET /rest/v1/{table}`: rows as PostgREST returns them, with `Prefer: count=exact` and `.single()`. */
export async function readRows(c: Context<AppEnv>, app: PublishedApp, caller: Caller, tableId: string) {
  const definition = app.definition;
  const { decision } = tableFor(definition, caller.actor, tableId, 'read');
  const parsed = parseReadQuery(new URL(c.req.url).searchParams, {
    app: definition,
    tableId,
    visible: visibility(definition, caller.actor),
    maxRows: MAX_ROWS,
  });
  if (!parsed.ok)
    throw new RestError(
      400,
      parsed.error.code,
      parsed.error.message,
      parsed.error.details,
      parsed.error.hint,
    );
  const query = parsed.value;
  const rowScope =
    decision.rowScope === 'own' && caller.actor.kind === 'end_user'
      ? { endUserId: caller.actor.endUserId }
      : undefined;
  const options = { appId: app.appId, tableId, ...(rowScope ? { rowScope } : {}) };
  const wantsCount = /count=exact/.test(c.req.header('prefer') ?? '');
  const single = (c.req.header('accept') ?? '').includes('application/vnd.pgrst.object+json');
  const asJson = wantsCount ? null : compileSelectJson(query, options);
  if (asJson) {
    // The common read: Postgres writes each row's JSON (as PostgREST does); no row is parsed here.
    const [rows = []] = await c.var.platform.db.readAsUser<{ j: string }>(caller.claims, [asJson]);
    c.header('content-range', rangeHeader(query.offset, rows.length, undefined));
    if (single) return singleRow(c, rows.length, () => rows[0]!.j);
    return jsonBody(c, `[${rows.map((row) => row.j).join(',')}]`, 200);
  }
  const statements = [compileSelect(query, options)];
  if (wantsCount) statements.push(compileCount(query, options));
  const [rows = [], counted] = await c.var.platform.db.readAsUser<RawRow>(caller.claims, statements);
  const count = counted ? Number((counted[0] as { count?: number } | undefined)?.count ?? 0) : undefined;
  const body = projectRows(query, rows);
  c.header('content-range', rangeHeader(query.offset, body.length, count));
  if (single) return singleRow(c, body.length, () => JSON.stringify(body[0]));
  const partial = count !== undefined && query.limit !== null && body.length < count;
  return jsonBody(c, JSON.stringify(body), partial ? 206 : 200);
}

/** PostgREST's `Content-Range`: the rows' positions (or `*` for none) over the count (or `*`). */
function rangeHeader(first: number, length: number, count: number | undefined): string {
  const range = length > 0 ? `${first}-${first + length - 1}` : '*';
  return `${range}/${count ?? '*'}`;
}

/** `.single()` (`Accept: application/vnd.pgrst.object+json`): exactly one row, as an object. */
function singleRow(c: Context<AppEnv>, length: number, row: () => string): Response {
  if (length !== 1) {
    throw new RestError(
      406,
      'PGRST116',
      'JSON object requested, multiple (or no) rows returned',
      `The result contains ${length} rows`,
    );
  }
  return jsonBody(c, row(), 200);
}

function jsonBody(c: Context<AppEnv>, body: string, status: 200 | 206): Response {
  return c.body(body, status, { 'content-type': 'application/json' });
}
