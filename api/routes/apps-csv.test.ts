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
