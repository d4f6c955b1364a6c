import { describe, expect, it } from 'vitest';
import { AppDefinition } from '../../schemas/definitions.ts';
import {
  csvCell,
  escapeFormula,
  exportCell,
  parseCsv,
  type RelatedRows,
  serializeCsv,
  unescapeFormula,
} from './csv.ts';

const cells = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.records.map((record) => record.cells);
};

describe('parseCsv (RFC 4180)', () => {
  it('reads plain cells and empty cells, with or without a final line break', () => {
    expect(cells('a,b,c\n1,,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
    expect(cells('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b,\n')).toEqual([['a', 'b', '']]);
  });

  it('reads quoted cells holding separators, escaped quotes and line breaks of every kind', () => {
    expect(cells('name,note\r\n"Smith, Jo","said ""hi""\r\nthen\nleft\rfor good"\r\n')).toEqual([
      ['name', 'note'],
      ['Smith, Jo', 'said "hi"\r\nthen\nleft\rfor good'],
    ]);
    expect(cells('"",x')).toEqual([['', 'x']]);
  });

  it('accepts CRLF, LF and lone CR between records and skips empty lines', () => {
    expect(cells('a\r\nb\nc\rd\n\n\r\ne')).toEqual([['a'], ['b'], ['c'], ['d'], ['e']]);
  });

  it('drops a UTF-8 byte order mark so the first header is not "\\uFEFFname"', () => {
    expect(cells('\uFEFFname,qty\nÄpfel,2')).toEqual([
      ['name', 'qty'],
      ['Äpfel', '2'],
    ]);
  });

  it('counts a record by the line it starts on, past line breaks inside quotes', () => {
    const parsed = parseCsv('h1,h2\n"multi\nline",x\n\nlast,y\n');
    expect(parsed.ok && parsed.records.map((record) => record.line)).toEqual([1, 2, 5]);
  });

  it('refuses an unclosed quote, naming the line where the cell opened', () => {
    const parsed = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    expect(parsed).toMatchObject({ ok: false, line: 3 });
    expect(!parsed.ok && parsed.message).toMatch(/^line 3: a quoted cell is never closed/);
    expect(parseCsv('"a""')).toMatchObject({ ok: false, line: 1 });
  });

  it('refuses text after a closing quote', () => {
    const parsed = parseCsv('a\n"x"y\n');
    expect(!parsed.ok && parsed.message).toMatch(/^line 2: unexpected "y" after the closing quote/);
  });

  it('keeps within its size bounds', () => {
    expect(parseCsv('a,b\n1,2\n', { maxChars: 5 })).toMatchObject({ ok: false, line: 1 });
    expect(!parseCsv('a\n1\n2\n3\n', { maxRecords: 3 }).ok).toBe(true);
    expect(parseCsv('a,b,c', { maxCells: 2 })).toMatchObject({ ok: false });
    expect(parseCsv('a;b\n1;2', { delimiter: ';' })).toMatchObject({ ok: true });
  });
});

describe('serializeCsv', () => {
  it('quotes only the cells that need it, and parses back to the same cells', () => {
    const records = [
      ['plain', 'with,comma', 'with "quote"', 'two\nlines', ' padded ', ''],
      ['Zoë', 'semi;colon', 'tab\there', 'cr\rhere', '""', 'x'],
    ];
    const text = serializeCsv(records);
    expect(text.startsWith('plain,"with,comma","with ""quote""","two\nlines"," padded ",\r\n')).toBe(true);
    expect(csvCell('plain')).toBe('plain');
    expect(cells(text)).toEqual(records);
  });
});

describe('escapeFormula (CSV injection)', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('neutralises %j', (cell, escaped) => {
    expect(escapeFormula(cell)).toBe(escaped);
    expect(unescapeFormula(escapeFormula(cell))).toBe(cell);
  });

  it('leaves harmless text alone, including an apostrophe the builder typed', () => {
    for (const cell of ['Widget', 'a=b', '1+1', "'quoted", "it's", ''])
      expect(escapeFormula(cell)).toBe(cell);
    expect(unescapeFormula("'quoted")).toBe("'quoted");
  });
});

const app = AppDefinition.parse({
  schemaVersion: 1,
  kind: 'app',
  name: 'Shop',
  slug: 'shop',
  themeColor: '#4f46e5',
  tables: [
    {
      id: 'products',
      label: 'Products',
      primaryFieldId: 'name',
      fields: [
        { id: 'name', label: 'Name', type: 'text' },
        { id: 'price', label: 'Price', type: 'currency', currency: 'EUR' },
        { id: 'share', label: 'Share', type: 'percent' },
        { id: 'active', label: 'Active', type: 'boolean' },
        { id: 'since', label: 'Since', type: 'date' },
        { id: 'seen', label: 'Seen', type: 'datetime' },
        { id: 'prep', label: 'Prep', type: 'duration', displayUnit: 'minutes' },
        {
          id: 'size',
          label: 'Size',
          type: 'single_select',
          options: [{ id: 's', label: 'Small', color: 'gray' }],
        },
        {
          id: 'tags',
          label: 'Tags',
          type: 'multi_select',
          options: [
            { id: 'new', label: 'New', color: 'gray' },
            { id: 'hot', label: '-Hot-', color: 'red' },
          ],
        },
        {
          id: 'maker',
          label: 'Maker',
          type: 'relation',
          targetTableId: 'makers',
          cardinality: 'many_to_one',
        },
        {
          id: 'maker_city',
          label: 'Maker city',
          type: 'lookup',
          relationFieldId: 'maker',
          targetFieldId: 'city',
        },
      ],
    },
    {
      id: 'makers',
      label: 'Makers',
      primaryFieldId: 'title',
      fields: [
        { id: 'title', label: 'Title', type: 'text' },
        { id: 'city', label: 'City', type: 'text' },
      ],
    },
  ],
  views: [],
  automations: [],
  navigation: [],
  access: {
    level: 'private',
    defaultRoleId: 'viewer',
    roles: [{ id: 'viewer', label: 'Viewer', tables: [] }],
  },
});
const products = app.tables[0]!;
const MAKER = '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b';

describe('exportCell', () => {
  const row = {
    name: '=HYPERLINK("http://evil")',
    price: 12.5,
    share: -5,
    active: true,
    since: '2026-01-31',
    seen: '2026-01-31T09:30:00.000Z',
    prep: 5400,
    size: 's',
    tags: ['hot', 'new'],
    maker: MAKER,
  };
  const related: RelatedRows = new Map([['makers', new Map([[MAKER, { title: '@Acme', city: '+Paris' }]])]]);
  const cell = (fieldId: string) =>
    exportCell(app, products, products.fields.find((field) => field.id === fieldId)!, row, related);

  it('shows values as people read them: labels, dates, durations, yes/no', () => {
    expect(cell('price')).toBe('12.5');
    expect(cell('share')).toBe('-5%');
    expect(cell('active')).toBe('Yes');
    expect(cell('since')).toBe('2026-01-31');
    expect(cell('seen')).toBe('2026-01-31 09:30');
    expect(cell('prep')).toBe('1h 30m');
    expect(cell('size')).toBe('Small');
  });

  it('escapes every text cell, including labels, related names and lookups, but not numbers it wrote', () => {
    expect(cell('name')).toBe('\'=HYPERLINK("http://evil")');
    expect(cell('tags')).toBe("'-Hot-, New");
    expect(cell('maker')).toBe("'@Acme");
    expect(cell('maker_city')).toBe("'+Paris");
  });

  it('shows a related row it does not have by its id', () => {
    expect(exportCell(app, products, products.fields.find((f) => f.id === 'maker')!, row, new Map())).toBe(
      MAKER,
    );
  });
});
