import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './index.ts';
import { compile } from './program.ts';
import type { ExprContext } from './types.ts';

const ORDERS: ExprContext = {
  variables: {
    record: {
      name: 'Orders',
      object: {
        title: 'string',
        price: 'double',
        qty: 'double',
        paid: 'bool',
        due: 'timestamp',
        wait: 'duration',
        tags: { list: 'string' },
        lines: { list: { object: { sku: 'string', qty: 'int', price: 'double' }, name: 'Line' } },
        customer: { object: { name: 'string', email: 'string' } },
        meta: { map: 'string' },
        count: 'int',
        blob: 'bytes',
        extra: 'dyn',
      },
    },
    now: 'timestamp',
    pattern: 'string',
  },
};

const RECORD = {
  title: 'Blue chair',
  price: 12.5,
  qty: 4,
  paid: false,
  due: '2025-03-01T12:00:00Z',
  wait: '1h30m',
  tags: ['furniture', 'blue'],
  lines: [
    { sku: 'A-1', qty: 2, price: 10 },
    { sku: 'B-2', qty: 1, price: 5.5 },
  ],
  customer: { name: 'Ann', email: 'ann@example.com' },
  meta: { color: 'blue', size: null },
  count: 3,
  blob: new Uint8Array([104, 105]),
  extra: { n: 7, list: [1, 2, 3], nested: { x: null } },
};
const VALUES = { record: RECORD, now: '2025-02-01T00:00:00Z' };

const value = (source: string, values: Record<string, unknown> = VALUES) => {
  const result = evaluateExpression(source, ORDERS, values);
  expect(result, source).toMatchObject({ ok: true });
  return result.ok ? result.value : undefined;
};
const failure = (source: string, values: Record<string, unknown> = VALUES) => {
  const result = evaluateExpression(source, ORDERS, values);
  expect(result.ok, `${source} should fail`).toBe(false);
  return result.ok ? undefined : result.error;
};

describe('evaluateExpression: numbers (JSON numbers are doubles, integer literals mix with them)', () => {
  it.each([
    ['record.price > 10', true],
    ['record.qty * 2', 8],
    ['record.price * record.qty', 50],
    ['record.qty == 4', true],
    ['record.qty != 4', false],
    ['record.qty in [1, 4]', true],
    ['record.qty / 8', 0.5],
    ['record.qty % 3', 1],
    ['10 - record.price', -2.5],
    ['-record.price', -12.5],
    ['int(record.price)', 12],
    ['7 / 2', 3],
    ['double(7) / 2', 3.5],
    ['record.count + 1', 4],
    ['record.extra.n * 2', 14],
    ['record.extra.n == 7', true],
    ['size(record.tags)', 2],
  ] as const)('%s → %j', (source, expected) => {
    expect(value(source)).toBe(expected);
  });
});

describe('evaluateExpression: text', () => {
  it.each([
    ['record.title + "!"', 'Blue chair!'],
    ['"n=" + string(record.qty)', 'n=4'],
    ['record.title.size()', 10],
    ['size(record.title)', 10],
    ['record.title.contains("chair")', true],
    ['record.title.startsWith("Blue")', true],
    ['record.title.endsWith("x")', false],
    ['record.title.lowerAscii()', 'blue chair'],
    ['record.title.upperAscii()', 'BLUE CHAIR'],
    ['"  x ".trim()', 'x'],
    ['record.title.indexOf("c")', 5],
    ['record.title.substring(0, 4)', 'Blue'],
    ['"a,b".split(",")', ['a', 'b']],
    ['record.tags.join(", ")', 'furniture, blue'],
    ['record.customer.email.matches("^[^@\\\\s]+@[^@\\\\s]+\\\\.[a-z]{2,}$")', true],
    ['record.title.matches("(?i)^blue")', true],
    ['record.title.matches("^chair")', false],
  ] as const)('%s → %j', (source, expected) => {
    expect(value(source)).toEqual(expected);
  });
});

describe('evaluateExpression: logic, comparisons, membership, fields', () => {
  it.each([
    ['record.paid || record.price > 10 && !record.paid', true],
    ['record.paid ? "paid" : "open"', 'open'],
    ['record.title == "Blue chair" && record.title != "x"', true],
    ['"blue" in record.tags', true],
    ['"color" in record.meta', true],
    ['record.meta.color', 'blue'],
    ['record.meta["color"]', 'blue'],
    ['has(record.meta.color)', true],
    ['has(record.meta.size)', false],
    ['has(record.customer.name)', true],
    ['record.customer.name', 'Ann'],
    ['record.lines[1].sku', 'B-2'],
    ['record.extra.nested.x == null', true],
    ['"a" < "b" && 2 >= 2 && 1.5 <= 2', true],
  ] as const)('%s → %j', (source, expected) => {
    expect(value(source)).toEqual(expected);
  });
});

describe('evaluateExpression: list macros and cel.bind', () => {
  it.each([
    ['record.tags.exists(t, t.startsWith("b"))', true],
    ['record.tags.all(t, t.size() > 3)', true],
    ['record.tags.exists_one(t, t == "blue")', true],
    ['record.lines.map(l, l.qty * l.price)', [20, 5.5]],
    ['record.lines.filter(l, l.qty > 1).map(l, l.sku)', ['A-1']],
    ['record.lines.map(l, l.qty > 1, l.sku)', ['A-1']],
    ['record.extra.list.filter(x, x > 1)', [2, 3]],
    ['cel.bind(total, record.price * record.qty, total > 40 ? "big" : "small")', 'big'],
    ['[1, 2, 3].map(x, x * 2)', [2, 4, 6]],
  ] as const)('%s → %j', (source, expected) => {
    expect(value(source)).toEqual(expected);
  });
});

describe('evaluateExpression: time, with `now` passed in by the caller', () => {
  it.each([
    ['record.due > now', true],
    ['record.due - now', '2462400s'],
    ['record.due + duration("24h")', '2025-03-02T12:00:00.000Z'],
    ['record.due + record.wait', '2025-03-01T13:30:00.000Z'],
    ['record.due.getFullYear()', 2025],
    ['record.due.getMonth()', 2],
    ['record.due.getHours("Europe/Paris")', 13],
    ['timestamp("2025-01-31T00:00:00Z") < record.due', true],
    ['now + duration("720h") > record.due', true],
    ['string(record.due)', '2025-03-01T12:00:00.000Z'],
    ['record.wait', '5400s'],
    ['record.due', '2025-03-01T12:00:00.000Z'],
  ] as const)('%s → %j', (source, expected) => {
    expect(value(source)).toEqual(expected);
  });

  it('dates without a time are midnight UTC, and date-times without a zone are UTC', () => {
    const due = (text: string) => value('record.due', { record: { ...RECORD, due: text } });
    expect(due('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
    expect(due('2025-03-01T12:30')).toBe('2025-03-01T12:30:00.000Z');
    expect(due('2025-03-01 12:30:15')).toBe('2025-03-01T12:30:15.000Z');
    expect(due('2025-03-01T12:30:00+02:00')).toBe('2025-03-01T10:30:00.000Z');
  });

  it('a date pushed out of range is an error', () => {
    expect(failure('record.due + duration("999999999999h")')?.message).toMatch(/out of range|overflow/);
  });
});

describe('evaluateExpression: results are plain JSON-ready values', () => {
  it('ints are numbers, records are the data as given, bytes are base64, maps are objects', () => {
    expect(value('record.count')).toBe(3);
    expect(value('record.customer')).toEqual({ name: 'Ann', email: 'ann@example.com' });
    expect(value('record.lines')).toEqual(RECORD.lines);
    expect(value('record.blob')).toBe('aGk=');
    expect(value('{"total": record.qty * 2, "n": 1, "name": record.title}')).toEqual({
      total: 8,
      n: 1,
      name: 'Blue chair',
    });
    expect(value('[1, "two", record.qty]')).toEqual([1, 'two', 4]);
    expect(value('type(record.count)')).toBe('int');
    expect(value('null')).toBeNull();
  });
});

describe('evaluateExpression: errors come back as { ok: false }, never thrown', () => {
  it.each([
    ['1 / 0', { message: 'division by zero in 1 / 0', offset: 0 }],
    ['record.qty % 0', { message: 'the result is not a finite number (NaN); is something divided by zero?' }],
    [
      'record.price / 0',
      { message: 'the result is not a finite number (Infinity); is something divided by zero?' },
    ],
    ['record.meta.size', { message: 'record.meta.size has no value', offset: 12 }],
    ['record.lines[5].sku', { message: 'record.lines[5] is out of range (index 5 >= size 2)', offset: 0 }],
    ['int("abc")', undefined],
    ['record.titel', { message: 'unknown field "titel" on record (did you mean "title"?)', offset: 7 }],
    ['record.title +', { message: 'syntax error: the expression ends too early', offset: 14 }],
  ] as const)('%s', (source, error) => {
    const got = failure(source);
    if (error) expect(got).toEqual(error);
    else expect(got?.message).toEqual(expect.any(String));
  });

  it('a missing variable or field, or a null one, has no value', () => {
    expect(failure('now > record.due', { record: RECORD })).toEqual({
      message: '"now" has no value',
      offset: 0,
    });
    expect(failure('record.customer.name', { record: { ...RECORD, customer: null } })).toEqual({
      message: 'record.customer has no value',
      offset: 7,
    });
    expect(value('has(record.customer)', { record: { ...RECORD, customer: null } })).toBe(false);
  });

  it('data of the wrong type names the field and the value', () => {
    const bad = (field: string, data: unknown) =>
      failure(`record.${field}`, { record: { ...RECORD, [field]: data } });
    expect(bad('count', 2.5)).toEqual({ message: 'record.count should be a whole number, but it is 2.5' });
    expect(bad('due', 'next week')).toEqual({
      message: 'record.due should be a date or date-time (ISO 8601), but it is "next week"',
    });
    expect(bad('wait', 'soon')).toEqual({
      message: 'record.wait should be a duration such as "90s" or "1h30m", but it is "soon"',
    });
    expect(bad('price', '12')).toEqual({ message: 'record.price should be a number, but it is "12"' });
    expect(bad('customer', 'Ann')).toEqual({
      message: 'record.customer should be a record, but it is "Ann"',
    });
    expect(failure('record.lines[0].qty', { record: { ...RECORD, lines: [{ qty: 'two' }] } })).toEqual({
      message: 'record.lines[0].qty should be a whole number, but it is "two"',
    });
  });

  it('an invalid pattern that comes from data fails the evaluation, it does not throw', () => {
    expect(failure('record.title.matches(pattern)', { ...VALUES, pattern: '(a' })).toEqual({
      message: 'invalid pattern for matches(): missing closing ")"',
    });
  });

  it('values that are not plain data are refused, not crashed on', () => {
    expect(failure('record.title', { record: new Map([['title', 'x']]) })).toEqual({
      message: 'record should be a record, but it is an object',
    });
    expect(evaluateExpression('record.title', ORDERS, null as never).ok).toBe(false);
  });
});

describe('evaluateExpression: incoming data is never evaluated as an expression', () => {
  it('strings that look like expressions stay strings', () => {
    const record = { ...RECORD, title: 'record.price * 1000', tags: ['1 + 1', 'now'] };
    expect(value('record.title', { record })).toBe('record.price * 1000');
    expect(value('record.tags.map(t, t + "")', { record })).toEqual(['1 + 1', 'now']);
    expect(value('record.extra', { record: { ...RECORD, extra: '__proto__' } })).toBe('__proto__');
  });

  it('keys like __proto__ or constructor in data are just keys', () => {
    const meta = JSON.parse('{"__proto__": "x", "constructor": "y"}');
    expect(
      value('record.meta["__proto__"] + record.meta["constructor"]', { record: { ...RECORD, meta } }),
    ).toBe('xy');
    expect(failure('record.meta["toString"]')?.message).toMatch(/has no value/);
  });
});

describe('compiled programs are cached by source and context', () => {
  it('the same source in an equal context reuses the checked program; another context does not', () => {
    const first = compile('record.price * 2', ORDERS);
    expect(compile('record.price * 2', structuredClone(ORDERS))).toBe(first);
    expect(compile('record.price * 3', ORDERS)).not.toBe(first);
    expect(compile('record.price * 2', { variables: { record: { object: { price: 'double' } } } })).not.toBe(
      first,
    );
  });

  it('repeated evaluation does not re-parse: thousands of evaluations take milliseconds', () => {
    const started = performance.now();
    for (let i = 0; i < 5_000; i++) {
      const result = evaluateExpression(
        'record.price * record.qty > 10 && record.title != ""',
        ORDERS,
        VALUES,
      );
      if (!result.ok) throw new Error(result.error.message);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
