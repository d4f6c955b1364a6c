import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../runtime/components/csv.ts';
import type { CsvImportReport } from '../../runtime/components/csv-import.ts';
import type { AppDefinition } from '../../schemas/definitions.ts';
import { ApiErrorBody, AppDetail } from '../../schemas/index.ts';
import type { Db } from '../store/db.ts';
import { api, type Builder, signUpBuilder } from '../testing/builders.ts';
import { openTestDb } from '../testing/test-db.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let db: Db;
let server: TestServer;
let url: string;
let alice: Builder;
let bob: Builder;
let appId: string;

async function startServer() {
  server = await startTestServer(db);
  url = server.url;
}

/** crm-lite, plus a list view of the contacts one may e-mail, newest surname first. */
function crmDefinition(): AppDefinition {
  const definition = JSON.parse(
    readFileSync(new URL('../../schemas/examples/crm-lite.app.json', import.meta.url), 'utf8'),
  ) as AppDefinition;
  definition.views.push({
    id: 'mailable',
    label: 'Mailable',
    kind: 'list',
    tableId: 'contacts',
    columns: ['full_name', 'email', 'company', 'company_industry'],
    filter: { combinator: 'and', conditions: [{ fieldId: 'do_not_email', op: 'eq', value: false }] },
    sort: [{ fieldId: 'last_name', direction: 'desc' }],
    pageSize: 50,
  });
  return definition;
}

beforeAll(async () => {
  db = await openTestDb();
  await startServer();
  alice = await signUpBuilder(url, 'alice');
  bob = await signUpBuilder(url, 'bob');
  const created = await api(url, alice, 'POST', '/api/apps', { definition: crmDefinition() });
  expect(created.status).toBe(201);
  appId = AppDetail.parse(await created.json()).id;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const importCsv = (table: string, body: unknown, who: Builder = alice) =>
  api(url, who, 'POST', `/api/apps/${appId}/tables/${table}/import`, body);
const exportCsv = (table: string, query = '', who: Builder = alice) =>
  api(url, who, 'GET', `/api/apps/${appId}/tables/${table}/export.csv${query}`);
const rowCount = async () =>
  AppDetail.parse(await (await api(url, alice, 'GET', `/api/apps/${appId}`)).json()).rowCount;
const errorOf = async (response: Response) => ApiErrorBody.parse(await response.json()).error;
const csvCells = async (response: Response) => {
  const parsed = parseCsv(await response.text());
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.records.map((record) => record.cells);
};

const COMPANIES = [
  'Company,Website,Industry,Employees,Notes',
  'Acme Ltd,https://acme.test,software,11–50,old customer',
  '"Bolt, Inc.",https://bolt.test,Retail,,',
  "=cmd|' /C calc'!A0,,other,,",
].join('\r\n');

describe('CSV import', () => {
  it('answers a dry run with the report and stores nothing', async () => {
    const response = await importCsv('companies', { csv: COMPANIES, dryRun: true });
    expect(response.status).toBe(200);
    const report = (await response.json()) as CsvImportReport;
    expect(report).toEqual({
      total: 3,
      valid: 3,
      invalid: [],
      columns: { Company: 'name', Website: 'website', Industry: 'industry', Employees: 'size', Notes: null },
      unmappedColumns: ['Notes'],
      missingRequiredFields: [],
      refusedColumns: [],
    });
    expect(await rowCount()).toBe(0);
  });

  it('stores nothing when one row is bad, and says which line and why', async () => {
    const csv = `${COMPANIES}\r\nDelta,not a site,Space,,`;
    const dry = (await (await importCsv('companies', { csv, dryRun: true })).json()) as CsvImportReport;
    expect(dry).toMatchObject({ total: 4, valid: 3 });
    expect(dry.invalid).toEqual([
      {
        line: 5,
        errors: [
          { field: 'website', message: expect.stringMatching(/^Website /) },
          { field: 'industry', message: expect.stringMatching(/^Industry: "Space" is not an option/) },
        ],
      },
    ]);
    const response = await importCsv('companies', { csv });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; message: string };
      report: CsvImportReport;
    };
    expect(body.error.code).toBe('invalid_rows');
    expect(body.error.message).toMatch(
      /^1 of 4 rows cannot be imported, so nothing was imported; first: line 5/,
    );
    expect(body.report.invalid).toEqual(dry.invalid);
    expect(await rowCount()).toBe(0);
  });

  it('imports every row in one go', async () => {
    const response = await importCsv('companies', { csv: COMPANIES });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ imported: 3 });
    expect(await rowCount()).toBe(3);
  });

  it('refuses values a unique field already has, in the file or stored, and stores nothing', async () => {
    const csv = 'Company\nNew Co\nNew Co\nAcme Ltd\n';
    const response = await importCsv('companies', { csv });
    expect(response.status).toBe(400);
    const { report } = (await response.json()) as { report: CsvImportReport };
    expect(report.invalid).toEqual([
      {
        line: 3,
        errors: [
          { field: 'name', message: 'Company must be unique: "New Co" is already taken (line 2 has it too)' },
        ],
      },
      {
        line: 4,
        errors: [
          {
            field: 'name',
            message: 'Company must be unique: "Acme Ltd" is already taken (a stored row has it)',
          },
        ],
      },
    ]);
    expect(await rowCount()).toBe(3);
  });

  it('links relation cells to the rows they name, and follows an explicit mapping', async () => {
    const csv = [
      'Given,Surname,Mail,Employer,Opt out',
      'Ada,Lovelace,ADA@example.test,acme ltd,no',
      'Grace,Hopper,grace@example.test,"Bolt, Inc.",yes',
      'Alan,Turing,alan@example.test,,',
    ].join('\n');
    const mapping = {
      Given: 'first_name',
      Surname: 'last_name',
      Mail: 'email',
      Employer: 'company',
      'Opt out': 'do_not_email',
    };
    const response = await importCsv('contacts', { csv, mapping });
    expect(response.status).toBe(201);
    const wrong = await importCsv('contacts', {
      csv: 'First name,Last name,E-mail,Company\nEve,X,eve@example.test,Nobody Inc\n',
      dryRun: true,
    });
    expect(((await wrong.json()) as CsvImportReport).invalid).toEqual([
      {
        line: 2,
        errors: [
          { field: 'company', message: 'Company: no row of Companies is named "Nobody Inc" or has it as id' },
        ],
      },
    ]);
  });

  it('answers 400 with the path for bad input, 404 for what is not the caller', async () => {
    const notString = await importCsv('companies', { csv: 5 });
    expect(notString.status).toBe(400);
    expect((await errorOf(notString)).issues).toEqual([{ path: 'csv', message: 'must be string' }]);
    const unclosed = await importCsv('companies', { csv: 'Company\n"Open\n' });
    expect((await errorOf(unclosed)).issues).toEqual([
      { path: 'csv', message: expect.stringMatching(/^line 2: a quoted cell is never closed/) },
    ]);
    const badMapping = await importCsv('companies', { csv: 'Company\nX\n', mapping: { Company: 'ceo' } });
    expect((await errorOf(badMapping)).issues).toEqual([
      { path: 'mapping.Company', message: 'Companies has no field "ceo"' },
    ]);
    expect((await importCsv('nowhere', { csv: 'a\n1\n' })).status).toBe(404);
    const asBob = await importCsv('companies', { csv: COMPANIES }, bob);
    expect(asBob.status).toBe(404);
    expect((await exportCsv('companies', '', bob)).status).toBe(404);
    expect(await rowCount()).toBe(6);
  });

  it('keeps the API body limit of 1 MB for now, with a clear 413', async () => {
    const csv = `Company\n${'x'.repeat(1024 * 1024)}\n`;
    const response = await importCsv('companies', { csv, dryRun: true });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('body_too_large');
  });
});

describe('CSV export', () => {
  it('exports a table with labels, human values and escaped formulas', async () => {
    const response = await exportCsv('companies');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Companies\.csv"/);
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = await csvCells(response);
    expect(header).toEqual([
      'Company',
      'Website',
      'Industry',
      'Employees',
      'Switchboard',
      'Address',
      'Logo',
      'People',
      'Deals',
      'Deals (deal_count)',
      'Value of all deals',
      'Added',
    ]);
    expect(rows.map((row) => row.slice(0, 4))).toEqual([
      ['Acme Ltd', 'https://acme.test', 'Software', '11–50'],
      ['Bolt, Inc.', 'https://bolt.test', 'Retail', ''],
      ["'=cmd|' /C calc'!A0", '', 'Other', ''],
    ]);
    expect(rows[0]![11]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$/);
  });

  it('exports only the rows and columns of a list view, in its order', async () => {
    const response = await exportCsv('contacts', '?view=mailable');
    expect(response.status).toBe(200);
    expect(await csvCells(response)).toEqual([
      ['Name', 'E-mail', 'Company', 'Industry'],
      ['Alan Turing', 'alan@example.test', '', ''],
      ['Ada Lovelace', 'ada@example.test', 'Acme Ltd', 'Software'],
    ]);
  });

  it('refuses a view that is not a list of this table', async () => {
    const unknown = await exportCsv('contacts', '?view=nope');
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).issues).toEqual([
      { path: 'query.view', message: 'there is no view "nope" in this app' },
    ]);
    expect((await errorOf(await exportCsv('deals', '?view=pipeline'))).issues?.[0]?.message).toMatch(
      /is a kanban view; only list views/,
    );
    expect((await errorOf(await exportCsv('companies', '?view=mailable'))).issues?.[0]?.message).toMatch(
      /lists another table/,
    );
  });

  it('streams a large table page after page, in the order of the imported file', async () => {
    const names = Array.from({ length: 1_100 }, (_, i) => `Company ${String(1_100 - i).padStart(4, '0')}`);
    const imported = await api(url, alice, 'POST', `/api/apps/${appId}/tables/companies/import`, {
      csv: `Company\n${names.join('\n')}\n`,
    });
    expect(await imported.json()).toEqual({ imported: 1_100 });
    const rows = (await csvCells(await exportCsv('companies'))).slice(1).map((row) => row[0]);
    expect(rows).toHaveLength(1_103);
    expect(rows.slice(3)).toEqual(names);
  });

  it('round-trips: an exported table imports back as the same values', async () => {
    const exported = await (await exportCsv('companies')).text();
    const dry = await importCsv('companies', { csv: exported, dryRun: true });
    const report = (await dry.json()) as CsvImportReport;
    // Every row clashes with itself on the unique company name, and on nothing else.
    expect(report).toMatchObject({ total: 1_103, valid: 0 });
    expect(report.invalid.every((row) => row.errors.length === 1 && row.errors[0]!.field === 'name')).toBe(
      true,
    );
    expect(report.invalid[2]!.errors[0]!.message).toContain('"=cmd|\' /C calc\'!A0"');
  });
});

/** An example app of `schemas/examples`, created by alice; its id. */
async function createExample(name: string, slug: string): Promise<string> {
  const definition = JSON.parse(
    readFileSync(new URL(`../../schemas/examples/${name}.app.json`, import.meta.url), 'utf8'),
  ) as AppDefinition;
  definition.slug = slug;
  const created = await api(url, alice, 'POST', '/api/apps', { definition });
  expect(created.status).toBe(201);
  return AppDetail.parse(await created.json()).id;
}

const importInto = (app: string, table: string, body: unknown) =>
  api(url, alice, 'POST', `/api/apps/${app}/tables/${table}/import`, body);

/** A table's stored rows' data, in the order they were stored. */
const storedRows = (app: string, table: string) =>
  db.asService('test-fixtures', async (tx) =>
    (
      await tx.query<{ data: Record<string, unknown> }>(
        'select data from app_data where app_id = $1 and table_id = $2 order by created_at, id',
        [app, table],
      )
    ).map((row) => row.data),
  );

describe('CSV import of autonumbers, lookups and rollups', () => {
  it('numbers purchase orders after the stored ones, in file order, using none on a dry run or refusal', async () => {
    const inventory = await createExample('inventory', 'inventory-numbers');
    const suppliers =
      'Supplier,Order e-mail\nNordic Parts,orders@nordic.test\nBaltic Box,sales@baltic.test\n';
    expect((await importInto(inventory, 'suppliers', { csv: suppliers })).status).toBe(201);
    const first = 'Supplier,Ordered on\nNordic Parts,2026-01-05\nBaltic Box,2026-01-06\n';
    expect((await importInto(inventory, 'purchase_orders', { csv: first })).status).toBe(201);
    const dry = (await (
      await importInto(inventory, 'purchase_orders', { csv: first, dryRun: true })
    ).json()) as CsvImportReport;
    expect(dry).toMatchObject({ total: 2, valid: 2, refusedColumns: [] });
    const bad = 'Supplier,Ordered on\nNordic Parts,2026-02-01\nNobody,2026-02-02\n';
    expect((await importInto(inventory, 'purchase_orders', { csv: bad })).status).toBe(400);
    const second =
      'Supplier,Ordered on\nBaltic Box,2026-02-01\nNordic Parts,2026-02-02\nBaltic Box,2026-02-03\n';
    expect((await importInto(inventory, 'purchase_orders', { csv: second })).status).toBe(201);
    const orders = await storedRows(inventory, 'purchase_orders');
    expect(orders.map((row) => [row.po_number, row.ordered_on])).toEqual([
      ['PO-1001', '2026-01-05'],
      ['PO-1002', '2026-01-06'],
      ['PO-1003', '2026-02-01'],
      ['PO-1004', '2026-02-02'],
      ['PO-1005', '2026-02-03'],
    ]);
    // The lookup is computed on reads, never stored; the suppliers' inverse relation lists the orders.
    expect(orders.every((row) => !('supplier_email' in row))).toBe(true);
    const byName = new Map((await storedRows(inventory, 'suppliers')).map((row) => [row.name, row]));
    expect((byName.get('Baltic Box')!.purchase_orders as string[]).length).toBe(3);
  });

  it('reports columns that name an autonumber, a lookup or a rollup, and refuses mapping one', async () => {
    const inventory = await createExample('inventory', 'inventory-columns');
    const csv = 'PO number,Supplier e-mail,Subtotal,Notes\nPO-9999,x@y.test,12,hello\n';
    const mapping = { 'PO number': 'po_number' };
    const dry = await importInto(inventory, 'purchase_orders', { csv, mapping, dryRun: true });
    expect(dry.status).toBe(200);
    const report = (await dry.json()) as CsvImportReport;
    expect(report.columns).toEqual({
      'PO number': null,
      'Supplier e-mail': null,
      Subtotal: null,
      Notes: 'notes',
    });
    expect(report.refusedColumns).toEqual([
      {
        column: 'PO number',
        field: 'po_number',
        message:
          '"PO number" is an autonumber: the app numbers new rows itself, in order, so the column "PO number" is not imported',
        mapped: true,
      },
      {
        column: 'Supplier e-mail',
        field: 'supplier_email',
        message:
          '"Supplier e-mail" is a lookup through "Supplier": it shows the related row\'s value, so the column "Supplier e-mail" is not imported',
        mapped: false,
      },
      {
        column: 'Subtotal',
        field: 'subtotal',
        message:
          '"Subtotal" is a rollup of "Lines": it is computed from the related rows, so the column "Subtotal" is not imported',
        mapped: false,
      },
    ]);
    const refused = await importInto(inventory, 'purchase_orders', { csv, mapping });
    expect(refused.status).toBe(400);
    expect((await errorOf(refused)).issues).toEqual([
      { path: 'mapping.PO number', message: expect.stringMatching(/^"PO number" is an autonumber/) },
    ]);
    expect(await storedRows(inventory, 'purchase_orders')).toEqual([]);
  });

  it('numbers registrations and recomputes the seats an event has left from its rollups', async () => {
    const planner = await createExample('event-planner', 'event-planner-seats');
    const events = [
      'Event,Starts,Ends,Online event,Meeting link,Capacity,Organiser e-mail',
      'Launch,2026-03-01T18:00:00Z,2026-03-01T20:00:00Z,yes,https://meet.test/a,50,host@example.test',
      'Meetup,2026-03-02T18:00:00Z,2026-03-02T20:00:00Z,yes,https://meet.test/b,10,host@example.test',
    ].join('\n');
    expect((await importInto(planner, 'events', { csv: events })).status).toBe(201);
    const seats = async () =>
      Object.fromEntries(
        (await storedRows(planner, 'events')).map((row) => [row.title, [row.seats_left, row.fill_rate]]),
      );
    // No registrations yet: the guests' sum is empty, so are the fields computed from it (as on insert).
    expect(await seats()).toEqual({ Launch: [null, null], Meetup: [null, null] });
    const mapping = { 'You may e-mail me about this event': 'consent' };
    const first = [
      'Name,E-mail,Event,Extra guests,You may e-mail me about this event',
      'Ada,ada@example.test,Meetup,2,yes',
    ].join('\n');
    expect((await importInto(planner, 'registrations', { csv: first, mapping })).status).toBe(201);
    // Meetup: 10 seats - 1 registration - 2 guests, (1 + 2) / 10 full.
    expect(await seats()).toEqual({ Launch: [null, null], Meetup: [7, 30] });
    const second = [
      'Name,E-mail,Event,Extra guests,You may e-mail me about this event',
      'Grace,grace@example.test,Meetup,1,yes',
      'Alan,alan@example.test,Launch,0,yes',
      'Edsger,edsger@example.test,Meetup,0,yes',
    ].join('\n');
    expect((await importInto(planner, 'registrations', { csv: second, mapping })).status).toBe(201);
    // Meetup: 10 seats - 3 registrations - 3 guests; Launch: 50 - 1 - 0.
    expect(await seats()).toEqual({ Launch: [49, 2], Meetup: [4, 60] });
    const registrations = await storedRows(planner, 'registrations');
    expect(registrations.map((row) => [row.attendee_name, row.ticket_number])).toEqual([
      ['Ada', 'TKT-0001'],
      ['Grace', 'TKT-0002'],
      ['Alan', 'TKT-0003'],
      ['Edsger', 'TKT-0004'],
    ]);
  });
});

describe('which definition, and the row limit', () => {
  it('checks rows against the published version, not a later draft', async () => {
    const published = await api(url, alice, 'POST', `/api/apps/${appId}/publish`, {});
    expect(published.status).toBe(200);
    const draft = crmDefinition();
    const companies = draft.tables.find((table) => table.id === 'companies')!;
    companies.fields.push({ id: 'vat', label: 'VAT number', type: 'text', required: true });
    const saved = await api(url, alice, 'PUT', `/api/apps/${appId}`, { definition: draft, baseVersion: 1 });
    expect(saved.status).toBe(200);
    const report = (await (
      await importCsv('companies', { csv: 'Company\nStill Fine Ltd\n', dryRun: true })
    ).json()) as CsvImportReport;
    expect(report).toMatchObject({ valid: 1, missingRequiredFields: [] });
  });

  it('imports up to the plan limit and refuses, storing nothing, one row past it', async () => {
    const before = await rowCount();
    await db.asService('test-fixtures', (tx) =>
      tx.query("update plans set rows_per_app = $1 where id = 'free'", [before + 2]),
    );
    const three = 'Company\nOne\nTwo\nThree\n';
    const dry = (await (
      await importCsv('companies', { csv: three, dryRun: true })
    ).json()) as CsvImportReport & {
      limit?: unknown;
    };
    expect(dry.limit).toEqual({ name: 'rows_per_app', max: before + 2, current: before, plan: 'free' });
    const refused = await importCsv('companies', { csv: three });
    expect(refused.status).toBe(403);
    const error = await errorOf(refused);
    expect(error).toMatchObject({ code: 'limit_reached', limit: { name: 'rows_per_app', max: before + 2 } });
    expect(error.message).toMatch(/rows per app/);
    expect(await rowCount()).toBe(before);
    const two = await importCsv('companies', { csv: 'Company\nOne\nTwo\n' });
    expect(two.status).toBe(201);
    expect(await rowCount()).toBe(before + 2);
  });
});
