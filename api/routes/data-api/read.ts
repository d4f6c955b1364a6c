import type { Context } from 'hono';
import { type Actor, can, findTable, visibleFieldIds } from '../../../runtime/components/access.ts';
import {
  type CompileOptions,
  compileCount,
  compileSelect,
  compileSelectJson,
  parseReadQuery,
  projectRows,
  type RawRow,
  type ReadQuery,
  type SqlQuery,
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

/** A read parsed and compiled for one caller's view of one published version. */
interface CompiledRead {
  query: ReadQuery;
  options: CompileOptions;
  /** The read answered by Postgres as one JSON text (`compileSelectJson`), when it can be. */
  body: SqlQuery | null;
}

/**
 * Reads compiled per published version (the resolver keeps one `PublishedApp` object per version
 * for a few seconds), by table, caller and query string: a list's page is asked for again and
 * again, and parsing and compiling it were a tenth of a read's server CPU. Never shared between
 * versions, so a publish is seen as soon as the resolver sees it.
 */
const compiledReads = new WeakMap<PublishedApp, Map<string, CompiledRead>>();
/** Distinct reads kept per version; past it the version's reads are compiled afresh. */
const MAX_COMPILED_READS = 500;

function compileRead(
  app: PublishedApp,
  caller: Caller,
  tableId: string,
  rowScopeOwn: boolean,
  search: string,
  wantsCount: boolean,
): CompiledRead {
  const { actor } = caller;
  const who =
    actor.kind === 'owner'
      ? 'owner'
      : actor.kind === 'visitor'
        ? `visitor ${actor.roleId}`
        : `end_user ${actor.roleId} ${actor.endUserId}`;
  const key = `${tableId}\n${who}\n${wantsCount ? 'count' : ''}\n${search}`;
  let reads = compiledReads.get(app);
  const known = reads?.get(key);
  if (known) return known;
  const parsed = parseReadQuery(new URLSearchParams(search), {
    app: app.definition,
    tableId,
    visible: visibility(app.definition, actor),
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
  const rowScope = rowScopeOwn && actor.kind === 'end_user' ? { endUserId: actor.endUserId } : undefined;
  const options: CompileOptions = { appId: app.appId, tableId, ...(rowScope ? { rowScope } : {}) };
  const read = { query, options, body: wantsCount ? null : compileSelectJson(query, options) };
  if (!reads) {
    reads = new Map();
    compiledReads.set(app, reads);
  }
  if (reads.size >= MAX_COMPILED_READS) reads.clear();
  reads.set(key, read);
  return read;
}

/** `GET /rest/v1/{table}`: rows as PostgREST returns them, with `Prefer: count=exact` and `.single()`. */
export async function readRows(c: Context<AppEnv>, app: PublishedApp, caller: Caller, tableId: string) {
  const { decision } = tableFor(app.definition, caller.actor, tableId, 'read');
  const url = c.req.url;
  const at = url.indexOf('?');
  const wantsCount = /count=exact/.test(c.req.header('prefer') ?? '');
  const single = (c.req.header('accept') ?? '').includes('application/vnd.pgrst.object+json');
  const { query, options, body } = compileRead(
    app,
    caller,
    tableId,
    decision.rowScope === 'own',
    at === -1 ? '' : url.slice(at + 1),
    wantsCount,
  );
  if (body) {
    // The common read: Postgres writes the whole answer's JSON (as PostgREST does); nothing is parsed here.
    const [[answer] = []] = await c.var.platform.db.readAsUser<{ n: number; body: string }>(caller.claims, [
      body,
    ]);
    const length = answer?.n ?? 0;
    c.header('content-range', rangeHeader(query.offset, length, undefined));
    // One row's array is `[<row>]`: the row is its text between the brackets.
    if (single) return singleRow(c, length, () => answer!.body.slice(1, -1));
    return jsonBody(c, answer?.body ?? '[]', 200);
  }
  const statements = [compileSelect(query, options)];
  if (wantsCount) statements.push(compileCount(query, options));
  const [rows = [], counted] = await c.var.platform.db.readAsUser<RawRow>(caller.claims, statements);
  const count = counted ? Number((counted[0] as { count?: number } | undefined)?.count ?? 0) : undefined;
  const rowsOut = projectRows(query, rows);
  c.header('content-range', rangeHeader(query.offset, rowsOut.length, count));
  if (single) return singleRow(c, rowsOut.length, () => JSON.stringify(rowsOut[0]));
  const partial = count !== undefined && query.limit !== null && rowsOut.length < count;
  return jsonBody(c, JSON.stringify(rowsOut), partial ? 206 : 200);
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
