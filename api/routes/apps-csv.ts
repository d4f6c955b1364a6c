/**
 * CSV import and export of an app's tables, for its builder (mounted at `/api/apps`).
 *
 * Both work on the definition end users get: the published version once the app is published
 * (imported rows must pass the checks the live app applies, and the data API serves them at once),
 * else the latest draft (an unpublished app has no other). Every imported row goes through the
 * runtime's write pipeline as the owner creating it, as `POST /rest/v1/{table}` puts rows through
 * it (`data-api/write.ts`): with its lookups and rollups loaded and its autonumbers taken (in file
 * order, after the stored rows' numbers, none used by a dry run or a refused import); then the
 * inverse relations and the computed fields of the rows that read the imported ones are updated.
 * An import is all or nothing.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  CSV_MAX_CHARS,
  csvLine,
  exportCell,
  exportHeader,
  parseCsv,
  relatedRowIds,
} from '../../runtime/components/csv.ts';
import {
  type CsvImportPlan,
  type CsvImportReport,
  headerColumns,
  importReport,
  importValues,
  type PlanInput,
  planCsvImport,
  type RelationMatches,
  type RowExtras,
  relationKeys,
  resolveMapping,
  withStoredClashes,
} from '../../runtime/components/csv-import.ts';
import { type Cursor, compileViewQuery, viewCursor } from '../../runtime/components/query/index.ts';
import { relationValuesAfter } from '../../runtime/components/write-related.ts';
import { validateApp } from '../../runtime/definitions/index.ts';
import type { AppDefinition, Field, Table, View } from '../../schemas/definitions.ts';
import type { ApiErrorBody, LimitInfo } from '../../schemas/index.ts';
import type { AppEnv } from '../kernel/context.ts';
import { HttpError, invalidRequest, limitReached, notFound } from '../kernel/errors.ts';
import { readJsonBody, readParams, readQuery } from '../kernel/validate.ts';
import {
  dataDefinition,
  insertAppRows,
  rowAllowance,
  rowsById,
  rowsByIdOrName,
  storedUniqueValues,
} from '../store/app-rows.ts';
import { peekAutonumbers, takeAutonumbers } from '../store/autonumbers.ts';
import type { Db, JwtClaims, Tx } from '../store/db.ts';
import { limitFromDbError } from '../store/limits.ts';
import { type DerivedContext, loadRelated, refreshDependents } from './data-api/derived.ts';
import { syncInverses } from './data-api/relations.ts';

// These belong in schemas/api/apps.ts beside the other bodies, so the studio's client is typed by them.
export const TableParams = z.object({
  id: z.uuid('must be an app id (uuid)'),
  tableId: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a table id'),
});
export const CsvImportBody = z.strictObject({
  csv: z
    .string()
    .min(1, 'is empty: send the CSV text, its header row first')
    .max(CSV_MAX_CHARS, `must be at most ${CSV_MAX_CHARS} characters (5 MB): split the file`),
  /** CSV column → field id, or null to leave the column out; other columns map by field id or label. */
  mapping: z.record(z.string(), z.string().nullable()).optional(),
  /** Check every row and answer the report; store nothing. */
  dryRun: z.boolean().optional(),
});
/**
 * The body this route needs (a 5 MB CSV grows by its escapes inside JSON). The kernel's 1 MB limit
 * on /api/* applies until the mount gives this route its own; until then larger files get a 413.
 */
export const CSV_IMPORT_MAX_BODY_BYTES = 6 * 1024 * 1024;
export const CsvExportQuery = z.object({ view: z.string().min(1).max(64).optional() });

/** A dry run's answer: the report, and the plan's row limit when importing the valid rows would pass it. */
export type CsvDryRunResult = CsvImportReport & { limit?: LimitInfo };

/** The app's definition for data (see the header) and one of its tables; 404 when either is not the caller's. */
export async function loadTable(
  tx: Tx,
  appId: string,
  tableId: string,
): Promise<{ app: AppDefinition; table: Table }> {
  const found = await dataDefinition(tx, appId);
  if (!found) throw notFound('app');
  const checked = validateApp(found.definition);
  if (!checked.ok)
    throw new HttpError(
      409,
      'definition_invalid',
      `Version ${found.version} of this app has ${checked.errors.length} problem(s); fix them first (${checked.errors[0]!.path}: ${checked.errors[0]!.message})`,
      { issues: checked.errors.map((e) => ({ path: `definition.${e.path}`, message: e.message })) },
    );
  const table = checked.value.tables.find((candidate) => candidate.id === tableId);
  if (!table) throw notFound(`table "${tableId}" of this app`);
  return { app: checked.value, table };
}

type ImportOutcome =
  | { kind: 'report'; result: CsvDryRunResult }
  | { kind: 'refused'; report: CsvImportReport }
  | { kind: 'imported'; imported: number };

/** Thrown inside the import's transaction so that nothing it did (numbers taken) is kept. */
class ImportRefused extends Error {
  constructor(readonly report: CsvImportReport) {
    super('the import was refused');
  }
}

/** Rows named by relation cells, looked up by id or primary field in the relations' target tables. */
async function matchRelations(
  tx: Tx,
  appId: string,
  app: AppDefinition,
  wanted: ReturnType<typeof relationKeys>,
): Promise<RelationMatches> {
  const matches = new Map<string, Map<string, string[]>>();
  for (const { field, keys } of wanted) {
    const target = app.tables.find((candidate) => candidate.id === field.targetTableId);
    if (target)
      matches.set(field.id, await rowsByIdOrName(tx, appId, target.id, target.primaryFieldId, keys));
  }
  return matches;
}

/**
 * Every row through the write pipeline as `POST /rest/v1/{table}` puts it: with its lookups and
 * rollups (loaded for the row as it will be, in this transaction) and the autonumbers given, then
 * its unique values checked against the file and the stored rows.
 */
async function plannedImport(
  tx: Tx,
  appId: string,
  input: PlanInput,
  related: readonly Record<string, unknown>[],
  numbers: readonly Record<string, number | string>[],
): Promise<CsvImportPlan> {
  const extras: RowExtras[] = related.map((r, i) => ({ related: r, autonumbers: numbers[i] ?? {} }));
  const planned = planCsvImport({ ...input, extras });
  const stored = await storedUniqueValues(
    tx,
    appId,
    input.table.id,
    planned.rows.flatMap((row) => row.uniqueChecks),
  );
  return withStoredClashes(planned, input.table, stored);
}

async function runImport(
  tx: Tx,
  appId: string,
  ownerId: string,
  tableId: string,
  body: z.infer<typeof CsvImportBody>,
): Promise<ImportOutcome> {
  const parsed = parseCsv(body.csv);
  if (!parsed.ok) throw invalidRequest([{ path: 'csv', message: parsed.message }]);
  const [header, ...records] = parsed.records;
  if (!header) throw invalidRequest([{ path: 'csv', message: 'has no header row naming the columns' }]);
  const named = headerColumns(header);
  if (!named.ok) throw invalidRequest([named.issue]);
  const { columns } = named;
  const { app, table } = await loadTable(tx, appId, tableId);
  const resolved = resolveMapping(table, columns, body.mapping);
  if (!resolved.ok) throw invalidRequest(resolved.issues);
  const { mapping, refused } = resolved;
  // A dry run reports a column mapped to a field the app sets; an import refuses the mapping.
  const mappedToDerived = refused.filter((entry) => entry.mapped);
  if (!body.dryRun && mappedToDerived.length > 0)
    throw invalidRequest(
      mappedToDerived.map((entry) => ({ path: `mapping.${entry.column}`, message: entry.message })),
    );
  const relationMatches = await matchRelations(
    tx,
    appId,
    app,
    relationKeys(table, mapping, columns, records),
  );
  const now = new Date().toISOString();
  const input: PlanInput = {
    app,
    table,
    columns,
    mapping,
    records,
    relationMatches,
    refused,
    now,
    newId: () => crypto.randomUUID(),
  };
  const { entries } = importValues(input);
  const related = await loadRelated(
    tx,
    app,
    appId,
    table.id,
    entries.map((entry) => relationValuesAfter(app, table.id, entry.values)),
  );
  // The numbers the rows would get, untaken: a dry run or a refused import uses up none.
  const preview = await peekAutonumbers(tx, { appId }, table, entries.length);
  let plan = await plannedImport(tx, appId, input, related, preview);
  const report = importReport(plan);
  if (body.dryRun) {
    const allowance = await rowAllowance(tx, appId);
    const over = allowance && allowance.max !== null && allowance.current + report.valid > allowance.max;
    const limit = over
      ? { name: 'rows_per_app', max: allowance.max!, current: allowance.current, plan: allowance.plan }
      : undefined;
    return { kind: 'report', result: { ...report, ...(limit ? { limit } : {}) } };
  }
  if (plan.failures.length > 0) throw new ImportRefused(report);
  if (plan.rows.length === 0)
    throw invalidRequest([{ path: 'csv', message: 'has no rows below the header: nothing to import' }]);
  // Every row is valid, so row i is entry i. The numbers are taken now (the counter stays locked
  // until the import commits); should a concurrent insert have taken the previewed ones first,
  // the rows are computed again with theirs.
  const numbers = await takeAutonumbers(tx, { appId, ownerId }, table, entries.length);
  if (JSON.stringify(numbers) !== JSON.stringify(preview)) {
    plan = await plannedImport(tx, appId, input, related, numbers);
    if (plan.failures.length > 0) throw new ImportRefused(importReport(plan));
  }
  await insertAppRows(tx, appId, table.id, plan.rows);
  for (const row of plan.rows) await syncInverses(tx, app, appId, table.id, row.id, null, row.data);
  const ctx: DerivedContext = { app, appId, actor: { kind: 'owner' }, now };
  await refreshDependents(
    tx,
    ctx,
    table.id,
    plan.rows.map((row) => ({ id: row.id, before: null, after: row.data })),
  );
  return { kind: 'imported', imported: plan.rows.length };
}

type ListView = Extract<View, { kind: 'list' }>;
interface ExportSource {
  appId: string;
  app: AppDefinition;
  table: Table;
  view: ListView;
  fields: Field[];
}

/** Rows per page of an export: each page is one short transaction, continued by keyset. */
const EXPORT_PAGE = 500;

/** Every field of the table, in the natural order (as created); or a list view's rows and columns. */
function exportView(app: AppDefinition, table: Table, viewId: string | undefined): ListView {
  if (viewId === undefined)
    return {
      id: 'export',
      label: table.label,
      kind: 'list',
      tableId: table.id,
      columns: table.fields.map((f) => f.id),
      pageSize: EXPORT_PAGE,
    };
  const view = app.views.find((candidate) => candidate.id === viewId);
  const refuse = (message: string) => invalidRequest([{ path: 'query.view', message }]);
  if (!view) throw refuse(`there is no view "${viewId}" in this app`);
  if (view.kind !== 'list')
    throw refuse(`"${view.label}" is a ${view.kind} view; only list views can be exported`);
  if (view.tableId !== table.id)
    throw refuse(`"${view.label}" lists another table (${view.tableId}), not ${table.id}`);
  return view;
}

async function exportPage(db: Db, claims: JwtClaims, source: ExportSource, after?: Cursor) {
  const { app, appId, table, view, fields } = source;
  const query = compileViewQuery(view, { app, appId, limit: EXPORT_PAGE, ...(after ? { after } : {}) });
  if (!query.ok) throw invalidRequest([{ path: 'query.view', message: query.error.message }]);
  const sql = query.value.text;
  return db.withUser(claims, async (tx) => {
    const rows = await tx.query<{ id: string; data: Record<string, unknown> | null }>(
      sql,
      query.value.params,
    );
    const data = rows.map((row) => row.data ?? {});
    const related = await rowsById(tx, appId, relatedRowIds(table, fields, data));
    const text = data
      .map((row) => csvLine(fields.map((field) => exportCell(app, table, field, row, related))))
      .join('');
    const last = rows.at(-1);
    return { text, next: rows.length === EXPORT_PAGE && last ? viewCursor(last) : undefined };
  });
}

/** `attachment; filename="…"`: an ASCII name for every client, the exact one (RFC 6266) for those that read it. */
function attachment(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9 ._()-]/g, '_');
  return `attachment; filename="${ascii}.csv"; filename*=UTF-8''${encodeURIComponent(`${name}.csv`)}`;
}

export const appCsvRoutes = new Hono<AppEnv>()
  .post('/:id/tables/:tableId/import', async (c) => {
    const { id, tableId } = readParams(c, TableParams);
    const body = await readJsonBody(c, CsvImportBody);
    let outcome: ImportOutcome;
    try {
      outcome = await c.var.platform.db.withUser(c.var.claims, (tx) =>
        runImport(tx, id, c.var.claims.sub, tableId, body),
      );
    } catch (error) {
      if (!(error instanceof ImportRefused)) {
        const limit = limitFromDbError(error);
        if (limit) throw limitReached(limit);
        throw error;
      }
      outcome = { kind: 'refused', report: error.report };
    }
    if (outcome.kind === 'report') return c.json(outcome.result);
    if (outcome.kind === 'imported') return c.json({ imported: outcome.imported }, 201);
    const { report } = outcome;
    const first = report.invalid[0]!;
    const errorBody: ApiErrorBody = {
      error: {
        code: 'invalid_rows',
        message: `${report.total - report.valid} of ${report.total} rows cannot be imported, so nothing was imported; first: line ${first.line}: ${first.errors[0]?.message}. Fix them or run a dry run for the full report.`,
        issues: report.invalid.flatMap(({ line, errors }) =>
          errors.map((e) => ({
            path: `csv.line.${line}${e.field ? `.${e.field}` : ''}`,
            message: e.message,
          })),
        ),
        requestId: c.get('requestId'),
      },
    };
    return c.json({ ...errorBody, report }, 400);
  })
  .get('/:id/tables/:tableId/export.csv', async (c) => {
    const { id, tableId } = readParams(c, TableParams);
    const { view: viewId } = readQuery(c, CsvExportQuery);
    const { db, log } = c.var.platform;
    const claims = c.var.claims;
    const source = await db.withUser(claims, async (tx): Promise<ExportSource> => {
      const { app, table } = await loadTable(tx, id, tableId);
      const view = exportView(app, table, viewId);
      const fields = view.columns.flatMap((column) => table.fields.find((f) => f.id === column) ?? []);
      return { appId: id, app, table, view, fields };
    });
    // The first page is read before answering, so a failure is still an error status, not a cut file.
    const first = await exportPage(db, claims, source);
    const header = csvLine(exportHeader(source.fields));
    const encoder = new TextEncoder();
    let next = first.next;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // A BOM, or Excel reads the UTF-8 as its local code page and mangles accents.
        controller.enqueue(encoder.encode(`\uFEFF${header}${first.text}`));
        if (!next) controller.close();
      },
      async pull(controller) {
        if (!next) return;
        try {
          const page = await exportPage(db, claims, source, next);
          if (page.next && JSON.stringify(page.next) === JSON.stringify(next))
            throw new Error('the export cursor did not advance');
          controller.enqueue(encoder.encode(page.text));
          next = page.next;
          if (!next) controller.close();
        } catch (error) {
          log.error('csv_export_failed', { requestId: c.get('requestId'), message: String(error) });
          controller.error(error);
        }
      },
    });
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': attachment(source.table.label),
      'cache-control': 'no-store',
    });
  });
