import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import {
  type ColumnMapping,
  headerColumns,
  importReport,
  planCsvImport,
  type RelationMatches,
  relationKeys,
  resolveMapping,
  withStoredClashes,
} from './csv-import.ts';
import { COMPANY, crmApp, NOW, taskApp } from './write.fixture.ts';

const app = taskApp();
const tasks = app.tables[0]!;

let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** The whole pure pipeline on a CSV text, as the route runs it (without stored rows). */
function plan(csv: string, given?: ColumnMapping, relationMatches?: RelationMatches, target = app) {
  const parsed = parseCsv(csv);
  if (!parsed.ok) throw new Error(parsed.message);
  const [header, ...records] = parsed.records;
  const named = headerColumns(header!);
  if (!named.ok) throw new Error(named.issue.message);
  const table = target.tables.find((t) => t.id === (target === app ? 'tasks' : 'contacts'))!;
  const mapped = resolveMapping(table, named.columns, given);
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.issues));
  return {
    table,
    columns: named.columns,
    mapping: mapped.mapping,
    records,
    plan: planCsvImport({
      app: target,
      table,
      columns: named.columns,
      mapping: mapped.mapping,
      records,
      now: NOW,
      newId,
      ...(relationMatches ? { relationMatches } : {}),
    }),
  };
}

describe('column mapping', () => {
  it('matches headers to field ids or labels ignoring case, and leaves out what it cannot import', () => {
    const { plan: result } = plan('TITLE,code,Points,Summary,Colour,No.\nWrite tests,AB-1,3,x,red,7\n');
    expect(result.columns).toEqual({
      TITLE: 'title',
      code: 'code',
      Points: 'points',
      Summary: null, // computed by the app
      Colour: null, // no such field
      'No.': null, // an autonumber
    });
    expect(result.unmappedColumns).toEqual(['Summary', 'Colour', 'No.']);
    expect(result.missingRequiredFields).toEqual([]);
    expect(importReport(result)).toMatchObject({ total: 1, valid: 1, invalid: [] });
  });

  it('lists required fields that no column fills (and that have no default)', () => {
    expect(plan('Code\nAB-1\n').plan.missingRequiredFields).toEqual(['title']);
  });

  it('takes the given entries and maps the other columns by default', () => {
    const { mapping } = plan('Name,Title,Points\nWrite tests,ignored,3\n', { Name: 'title', Title: null });
    expect(mapping).toEqual({ Name: 'title', Title: null, Points: 'points' });
  });

  it('refuses a mapping naming a missing column, an unknown or file field, or a field twice', () => {
    const result = resolveMapping(tasks, ['A', 'B', 'C', 'D'], {
      Z: 'title',
      A: 'nope',
      B: 'summary',
      C: 'title',
      D: 'title',
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'mapping.Z', message: 'there is no column "Z" in the CSV (columns: A, B, C, D)' },
        { path: 'mapping.A', message: 'Tasks has no field "nope"' },
        { path: 'mapping.D', message: '"Title" is already filled from the column "C"' },
      ],
    });
    const crm = crmApp();
    const companies = crm.tables.find((t) => t.id === 'companies')!;
    expect(resolveMapping(companies, ['Logo'], { Logo: 'logo' })).toMatchObject({
      ok: false,
      issues: [{ path: 'mapping.Logo', message: '"Logo" holds uploaded files, which a CSV cannot carry' }],
    });
  });

  it('leaves out columns mapped or named to fields the app sets, saying why and naming the field', () => {
    const mapped = resolveMapping(tasks, ['Title', 'S', 'N', 'No.'], { S: 'summary', N: 'number' });
    expect(mapped).toEqual({
      ok: true,
      mapping: { Title: 'title', S: null, N: null, 'No.': null },
      refused: [
        {
          column: 'S',
          field: 'summary',
          message: '"Summary" is set by the app and cannot be imported',
          mapped: true,
        },
        {
          column: 'N',
          field: 'number',
          message:
            '"No." is an autonumber: the app numbers new rows itself, in order, so the column "N" is not imported',
          mapped: true,
        },
        {
          column: 'No.',
          field: 'number',
          message:
            '"No." is an autonumber: the app numbers new rows itself, in order, so the column "No." is not imported',
          mapped: false,
        },
      ],
    });
  });

  it('refuses a header naming the same column twice', () => {
    const parsed = parseCsv('Title,Code,Title\n');
    expect(parsed.ok && headerColumns(parsed.records[0]!)).toEqual({
      ok: false,
      issue: {
        path: 'csv',
        message: 'line 1: the column "Title" appears twice in the header (columns 1 and 3); rename one',
      },
    });
  });
});

describe('the dry-run report', () => {
  it('coerces each cell through the write pipeline and reports failing rows by their line in the file', () => {
    const csv = [
      'Title,Points,Priority,Due,Notes',
      'Write tests,3,high,2026-02-01,"two',
      'lines"',
      'Fix bug,abc,Urgent,31/01/2026,',
      ',,,,',
      'OK,5,,,', // too short a title
      'Ship it,8,LOW,2026-03-01,',
    ].join('\r\n');
    const { plan: result } = plan(csv);
    const report = importReport(result);
    expect(report).toMatchObject({ total: 4, valid: 2 });
    expect(report.invalid).toEqual([
      {
        line: 4,
        errors: [
          { field: 'points', message: 'Points must be a number like 12.5, not "abc"' },
          { field: 'priority', message: 'Priority: "Urgent" is not an option (options: Low, High)' },
          { field: 'due', message: 'Due must be a date like 2026-01-31, not "31/01/2026"' },
        ],
      },
      { line: 6, errors: [{ field: 'title', message: expect.stringMatching(/^Title .*3/) }] },
    ]);
    const [first, second] = result.rows;
    expect(first).toMatchObject({
      line: 2,
      data: { title: 'Write tests', points: 3, priority: 'high', due: '2026-02-01', notes: 'two\r\nlines' },
    });
    // An empty cell gives no value, so the default applies; "LOW" is the option "low".
    expect(second?.data).toMatchObject({
      title: 'Ship it',
      priority: 'low',
      status: 'todo',
      due: '2026-03-01',
    });
  });

  it('lists at most 100 invalid rows but counts them all', () => {
    const rows = Array.from({ length: 150 }, (_, i) => `Task ${i},not a number`);
    const report = importReport(plan(`Title,Points\n${rows.join('\n')}\n`).plan);
    expect(report).toMatchObject({ total: 150, valid: 0 });
    expect(report.invalid).toHaveLength(100);
    expect(report.invalid[99]!.line).toBe(101);
  });

  it('reports a row with more cells than the header has columns', () => {
    const report = importReport(plan('Title\nA task,extra\n').plan);
    expect(report.invalid).toEqual([
      { line: 2, errors: [{ message: 'has 2 cells but the header has 1 columns' }] },
    ]);
  });

  it('reads back formula-escaped cells as they were stored', () => {
    const { plan: result } = plan("Title,Notes\n'=SUM(A1),'-2 apples\n");
    expect(result.rows[0]?.data).toMatchObject({ title: '=SUM(A1)', notes: '-2 apples' });
  });
});

describe('unique fields', () => {
  it('refuses the second row of the file with a value an earlier row has', () => {
    const result = plan('Title,Code\nFirst,AB-1\nSecond,AB-2\nThird,AB-1\n').plan;
    expect(result.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(importReport(result).invalid).toEqual([
      {
        line: 4,
        errors: [
          { field: 'code', message: 'Code must be unique: "AB-1" is already taken (line 2 has it too)' },
        ],
      },
    ]);
  });

  it('refuses rows whose value a stored row holds', () => {
    const result = withStoredClashes(plan('Title,Code\nFirst,AB-1\nSecond,AB-2\n').plan, tasks, [
      { fieldId: 'code', value: 'AB-2' },
    ]);
    expect(importReport(result)).toMatchObject({
      valid: 1,
      invalid: [
        {
          line: 3,
          errors: [
            { field: 'code', message: 'Code must be unique: "AB-2" is already taken (a stored row has it)' },
          ],
        },
      ],
    });
  });
});

describe('relation cells', () => {
  const crm = crmApp();
  const OTHER = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';

  it('asks for the ids and names the cells give, and reads them as the rows they name', () => {
    const csv =
      'First name,Last name,E-mail,Company\nAda,L,ada@x.test,acme\nBo,M,bo@x.test,Twins\nCy,N,cy@x.test,Nobody\n';
    const parsed = parseCsv(csv);
    const records = parsed.ok ? parsed.records.slice(1) : [];
    const contacts = crm.tables.find((t) => t.id === 'contacts')!;
    const columns = ['First name', 'Last name', 'E-mail', 'Company'];
    const mapping = resolveMapping(contacts, columns);
    expect(mapping.ok && relationKeys(contacts, mapping.mapping, columns, records)).toEqual([
      { field: expect.objectContaining({ id: 'company' }), keys: ['acme', 'Twins', 'Nobody'] },
    ]);
    const matches: RelationMatches = new Map([
      [
        'company',
        new Map([
          ['acme', [COMPANY]],
          ['twins', [COMPANY, OTHER]],
        ]),
      ],
    ]);
    const report = importReport(plan(csv, undefined, matches, crm).plan);
    expect(report).toMatchObject({ total: 3, valid: 1 });
    expect(report.invalid).toEqual([
      {
        line: 3,
        errors: [
          { field: 'company', message: 'Company: 2 rows of Companies are named "Twins": give the row\'s id' },
        ],
      },
      {
        line: 4,
        errors: [
          { field: 'company', message: 'Company: no row of Companies is named "Nobody" or has it as id' },
        ],
      },
    ]);
    expect(plan(csv, undefined, matches, crm).plan.rows[0]?.data.company).toBe(COMPANY);
  });
});
