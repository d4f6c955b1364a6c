import type { Context } from 'hono';
import { can } from '../../../runtime/components/access.ts';
import type { RowEvent } from '../../../runtime/components/automations.ts';
import {
  compileMatchingIds,
  compileSelect,
  parseFilterQuery,
  parseReadQuery,
  projectRows,
  type RawRow,
} from '../../../runtime/components/query/index.ts';
import { prepareWrite, type WriteResult } from '../../../runtime/components/write.ts';
import { relationValuesAfter } from '../../../runtime/components/write-related.ts';
import type { AppEnv } from '../../kernel/context.ts';
import { limitReached } from '../../kernel/errors.ts';
import { insertAppRows, lockUniqueValues } from '../../store/app-rows.ts';
import { takeAutonumbers } from '../../store/autonumbers.ts';
import type { Tx } from '../../store/db.ts';
import { limitFromDbError } from '../../store/limits.ts';
import type { PublishedApp } from '../../store/published-apps.ts';
import type { Caller } from './actor.ts';
import { runAutomations } from './automations.ts';
import {
  type DerivedContext,
  dependentRows,
  loadRelated,
  refreshDependents,
  refreshRows,
} from './derived.ts';
import { RestError } from './errors.ts';
import { checkAttachmentKeys } from './files-keys.ts';
import { tableFor, visibility } from './read.ts';
import { checkRelations, deleteWithRelations, syncInverses } from './relations.ts';
import { checkUnique, checkUniqueInserts } from './write-unique.ts';

/** Rows one POST may insert. */
export const MAX_BULK_ROWS = 1000;

type Row = { id: string; data: Record<string, unknown>; end_user_id: string | null };

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new RestError(415, 'PGRST107', 'Send JSON with Content-Type: application/json');
  }
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw new RestError(400, 'PGRST102', 'The body is not valid JSON');
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A refused write, with every field's message in `details`. */
function refused(result: Extract<WriteResult, { ok: false }>, index?: number): RestError {
  const where = index === undefined ? '' : `row ${index}: `;
  const details = result.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
  const code = { 400: '23514', 403: '42501', 409: 'BP409' }[result.status];
  return new RestError(result.status, code, `${where}${result.errors[0]!.message}`, details);
}

/**
 * With `Prefer: return=representation`, the written rows as a read would return them (the
 * request's `select`, the role's visible fields, embeds), read in the same transaction.
 */
async function representation(
  tx: Tx,
  c: Context<AppEnv>,
  app: PublishedApp,
  caller: Caller,
  tableId: string,
  ids: string[],
) {
  if (!/return=representation/.test(c.req.header('prefer') ?? '')) return null;
  // A role may add rows it cannot read back (a public sign-up form over rows only their creator
  // sees: visitors have no account, so none are theirs). Say so plainly; the write is undone.
  const readable = can(app.definition, caller.actor, tableId, 'read');
  if (!readable.allowed)
    throw new RestError(
      403,
      '42501',
      `The rows were not saved with return=representation: ${readable.reason}`,
      null,
      'Ask with Prefer: return=minimal to add rows this role cannot read back.',
    );
  if (ids.length === 0) return [];
  const params = new URLSearchParams({
    select: new URL(c.req.url).searchParams.get('select') ?? '*',
    id: `in.(${ids.join(',')})`,
  });
  const parsed = parseReadQuery(params, {
    app: app.definition,
    tableId,
    visible: visibility(app.definition, caller.actor),
  });
  if (!parsed.ok)
    throw new RestError(
      400,
      parsed.error.code,
      parsed.error.message,
      parsed.error.details,
      parsed.error.hint,
    );
  const query = compileSelect(parsed.value, { appId: app.appId, tableId });
  return projectRows(parsed.value, await tx.query<RawRow>(query.text, query.params));
}

/** The answer to a write: 201/200 with the rows when asked for, a single object for `.single()`. */
function respond(c: Context<AppEnv>, rows: Record<string, unknown>[] | null, status: 200 | 201) {
  if (rows === null) return c.body(null, status === 201 ? 201 : 204);
  if ((c.req.header('accept') ?? '').includes('application/vnd.pgrst.object+json')) {
    if (rows.length !== 1)
      throw new RestError(
        406,
        'PGRST116',
        'JSON object requested, multiple (or no) rows returned',
        `The result contains ${rows.length} rows`,
      );
    return c.json(rows[0], status);
  }
  return c.json(rows, status);
}

const writeFailed = (error: unknown): never => {
  const limit = limitFromDbError(error);
  if (limit) throw limitReached(limit);
  throw error;
};

/**
 * `POST /rest/v1/{table}`: one row or an array, all or nothing. In one transaction: the rows'
 * autonumbers are taken (a value sent for one is refused by `prepareWrite`, like any field the app
 * sets) and their lookups and rollups loaded, so that computed fields, the state machine and the
 * validation rules read them; then the checks, the insert, the inverse relations and the rows of
 * other tables whose computed fields read these.
 */
export async function insertRows(c: Context<AppEnv>, app: PublishedApp, caller: Caller, tableId: string) {
  const { table } = tableFor(app.definition, caller.actor, tableId, 'create');
  const body = await jsonBody(c);
  const inputs = Array.isArray(body) ? body : [body];
  if (inputs.length === 0 || inputs.length > MAX_BULK_ROWS) {
    throw new RestError(400, 'PGRST102', `Send between 1 and ${MAX_BULK_ROWS} rows`);
  }
  const values = inputs.map((input, index) => {
    if (!isRecord(input)) throw new RestError(400, 'PGRST102', `row ${index}: must be a JSON object`);
    return input;
  });
  const now = new Date().toISOString();
  const ctx: DerivedContext = { app: app.definition, appId: app.appId, actor: caller.actor, now };
  const endUserId = caller.actor.kind === 'end_user' ? caller.actor.endUserId : null;
  const { prepared, rows } = await c.var.platform.db
    .withUser(caller.claims, async (tx) => {
      const related = await loadRelated(
        tx,
        app.definition,
        app.appId,
        tableId,
        values.map((v) => relationValuesAfter(app.definition, tableId, v)),
      );
      const numbers = await takeAutonumbers(tx, app, table, values.length);
      const prepared = values.map((input, index) => {
        const id = crypto.randomUUID();
        const result = prepareWrite({
          app: app.definition,
          tableId,
          mode: 'create',
          values: input,
          actor: caller.actor,
          now,
          recordId: id,
          related: { ...related[index], ...numbers[index] },
        });
        if (!result.ok) throw refused(result, Array.isArray(body) ? index : undefined);
        return { id, result: { ...result, data: { ...result.data, ...numbers[index] } } };
      });
      const results = prepared.map(({ result }) => result);
      await checkUniqueInserts(tx, app, tableId, results, Array.isArray(body));
      for (const { result } of prepared) {
        await checkRelations(tx, app.definition, app.appId, tableId, result.data);
        await checkAttachmentKeys(tx, app, tableId, result);
      }
      // One statement for the lot (per 500 rows): the row counter runs once, not once per row.
      const newRows = prepared.map(({ id, result }) => ({ id, data: result.data }));
      await insertAppRows(tx, app.appId, tableId, newRows, { userId: app.ownerId, endUserId });
      for (const { id, result } of prepared)
        await syncInverses(tx, app.definition, app.appId, tableId, id, null, result.data);
      await refreshDependents(
        tx,
        ctx,
        tableId,
        newRows.map((row) => ({ id: row.id, before: null, after: row.data })),
      );
      const rows = await representation(
        tx,
        c,
        app,
        caller,
        tableId,
        prepared.map((p) => p.id),
      );
      return { prepared, rows };
    })
    .catch(writeFailed);
  await runAutomations(
    c.var.platform,
    app,
    caller,
    prepared.map(({ id, result }) => ({
      kind: 'create' as const,
      tableId,
      row: { id, data: result.data },
      changedFields: Object.keys(result.data),
    })),
  );
  return respond(c, rows, 201);
}

/** The rows a PATCH or DELETE acts on: its filters (required), within the actor's row scope. */
async function matchedRows(
  tx: Tx,
  c: Context<AppEnv>,
  app: PublishedApp,
  caller: Caller,
  tableId: string,
  scope: 'all' | 'own',
) {
  const params = new URL(c.req.url).searchParams;
  const filters = [...params.keys()].filter(
    (key) => !['select', 'order', 'limit', 'offset', 'columns'].includes(key),
  );
  if (filters.length === 0) {
    throw new RestError(
      400,
      'PGRST106',
      'A filter is required to change or delete rows, e.g. ?id=eq.<row id>',
    );
  }
  const parsed = parseFilterQuery(params, {
    app: app.definition,
    tableId,
    visible: visibility(app.definition, caller.actor),
  });
  if (!parsed.ok)
    throw new RestError(
      400,
      parsed.error.code,
      parsed.error.message,
      parsed.error.details,
      parsed.error.hint,
    );
  const rowScope =
    scope === 'own' && caller.actor.kind === 'end_user' ? { endUserId: caller.actor.endUserId } : undefined;
  const ids = compileMatchingIds(parsed.value, {
    appId: app.appId,
    tableId,
    ...(rowScope ? { rowScope } : {}),
  });
  return tx.query<Row>(
    `select id, data, end_user_id from app_data where id in (${ids.text}) order by created_at, id for update`,
    ids.params,
  );
}

/** `PATCH /rest/v1/{table}?filters`: the same change to every matched row, all or nothing. */
export async function updateRows(c: Context<AppEnv>, app: PublishedApp, caller: Caller, tableId: string) {
  const { decision } = tableFor(app.definition, caller.actor, tableId, 'update');
  const values = await jsonBody(c);
  if (!isRecord(values))
    throw new RestError(400, 'PGRST102', 'The body must be a JSON object of the fields to change');
  const now = new Date().toISOString();
  const ctx: DerivedContext = { app: app.definition, appId: app.appId, actor: caller.actor, now };
  const events: RowEvent[] = [];
  const rows = await c.var.platform.db
    .withUser(caller.claims, async (tx) => {
      const updated: string[] = [];
      const matched = await matchedRows(tx, c, app, caller, tableId, decision.rowScope);
      // The lookups and rollups of every matched row as the change leaves it, in one query.
      const related = await loadRelated(
        tx,
        app.definition,
        app.appId,
        tableId,
        matched.map((existing) => relationValuesAfter(app.definition, tableId, values, existing.data)),
      );
      const writes = matched.map((existing, index) => {
        const result = prepareWrite({
          app: app.definition,
          tableId,
          mode: 'update',
          values,
          existing: { id: existing.id, data: existing.data, createdBy: existing.end_user_id },
          actor: caller.actor,
          now,
          recordId: existing.id,
          related: related[index] ?? {},
        });
        if (!result.ok) throw refused(result);
        return { existing, result };
      });
      // Every value the rows take is locked at once, in one order, before any row is checked.
      await lockUniqueValues(
        tx,
        app.appId,
        tableId,
        writes.flatMap(({ result }) => result.uniqueChecks),
      );
      for (const { existing, result } of writes) {
        await checkUnique(tx, app, tableId, result, existing.id);
        await checkRelations(tx, app.definition, app.appId, tableId, result.data);
        await checkAttachmentKeys(tx, app, tableId, result);
        await syncInverses(tx, app.definition, app.appId, tableId, existing.id, existing.data, result.data);
        await tx.query('update app_data set data = $2::jsonb, updated_at = now() where id = $1', [
          existing.id,
          JSON.stringify(result.data),
        ]);
        updated.push(existing.id);
        const { changedFields } = result;
        events.push({
          kind: 'update',
          tableId,
          row: { id: existing.id, data: result.data },
          previous: existing.data,
          changedFields,
        });
      }
      await refreshDependents(
        tx,
        ctx,
        tableId,
        writes.map(({ existing, result }) => ({
          id: existing.id,
          before: existing.data,
          after: result.data,
        })),
      );
      return representation(tx, c, app, caller, tableId, updated);
    })
    .catch(writeFailed);
  await runAutomations(c.var.platform, app, caller, events);
  return respond(c, rows, 200);
}

/** `DELETE /rest/v1/{table}?filters`. */
export async function deleteRows(c: Context<AppEnv>, app: PublishedApp, caller: Caller, tableId: string) {
  const { decision } = tableFor(app.definition, caller.actor, tableId, 'delete');
  const ctx: DerivedContext = {
    app: app.definition,
    appId: app.appId,
    actor: caller.actor,
    now: new Date().toISOString(),
  };
  const rows = await c.var.platform.db.withUser(caller.claims, async (tx) => {
    const matched = await matchedRows(tx, c, app, caller, tableId, decision.rowScope);
    const ids = matched.map((row) => row.id);
    const before = await representation(tx, c, app, caller, tableId, ids);
    // Found before the delete clears their references: rows whose computed fields read these.
    const readers = await dependentRows(
      tx,
      ctx,
      tableId,
      ids,
      matched.map((row) => ({ before: row.data, after: null })),
    );
    // The rows that point at these: refused, cleared or deleted as each relation says.
    await deleteWithRelations(tx, app.definition, app.appId, tableId, ids);
    await refreshRows(tx, ctx, readers);
    return before;
  });
  return respond(c, rows, 200);
}
