import { describe, expect, it } from 'vitest';
import { checkExpression } from './index.ts';
import type { ExprContext } from './types.ts';

const TASKS: ExprContext = {
  variables: {
    record: {
      name: 'Tasks',
      object: {
        title: 'string',
        price: 'double',
        qty: 'double',
        done: 'bool',
        due: 'timestamp',
        tags: { list: 'string' },
        author: { object: { name: 'string', email: 'string' } },
        lines: { list: { object: { sku: 'string', qty: 'int' }, name: 'Line' } },
        meta: { map: 'string' },
        extra: 'dyn',
      },
    },
    user: { object: { id: 'string', role: 'string' }, name: 'user' },
    now: 'timestamp',
  },
};

const errorsOf = (source: string, context = TASKS, expected?: Parameters<typeof checkExpression>[2]) => {
  const result = checkExpression(source, context, expected);
  expect(result.ok, `${source} should not type-check`).toBe(false);
  return result.ok ? [] : result.errors;
};

describe('checkExpression: the result type', () => {
  it.each([
    ['record.price > 10', 'bool'],
    ['record.qty * 2', 'double'],
    ['record.title + "!"', 'string'],
    ['size(record.tags)', 'int'],
    ['record.due + duration("24h")', 'timestamp'],
    ['now - record.due', 'duration'],
    ['record.tags.map(t, t.size())', { list: 'int' }],
    ['{"total": record.price * record.qty}', { map: 'double' }],
    ['{"name": record.title, "qty": record.qty}', { map: 'dyn' }],
    ['record.author', { object: { name: 'string', email: 'string' } }],
    ['record.extra.anything', 'dyn'],
    ['b"x"', 'bytes'],
    ['null', 'null'],
  ] as const)('%s is %j', (source, type) => {
    expect(checkExpression(source, TASKS)).toEqual({ ok: true, type });
  });
});

describe('checkExpression: unknown names, with suggestions', () => {
  it('an unknown field of a record names it, where it is read, and the closest field', () => {
    expect(errorsOf('record.titel == "x"')).toEqual([
      { message: 'unknown field "titel" on record (did you mean "title"?)', offset: 7 },
    ]);
  });

  it('without a close match it lists the fields there are', () => {
    const [error] = errorsOf('record.zzzzzz');
    expect(error?.message).toBe(
      'unknown field "zzzzzz" on record; its fields are: title, price, qty, done, due, tags, author, lines, ...',
    );
  });

  it('nested records are checked field by field', () => {
    expect(errorsOf('record.author.nmae.size() > 0')).toEqual([
      { message: 'unknown field "nmae" on record.author (did you mean "name"?)', offset: 14 },
    ]);
  });

  it('fields of a list element named in a macro are checked too', () => {
    expect(errorsOf('record.lines.all(l, l.qtty > 0)')).toEqual([
      { message: 'unknown field "qtty" on l (did you mean "qty"?)', offset: 22 },
    ]);
  });

  it('an unknown variable suggests the closest declared one', () => {
    expect(errorsOf('recrod.title')).toEqual([
      { message: 'unknown variable "recrod" (did you mean "record"?)', offset: 0 },
    ]);
    expect(errorsOf('zzz > 1')[0]?.message).toBe(
      'unknown variable "zzz"; the variables are: record, user, now',
    );
  });

  it('every unknown name is reported at once, so the editor can underline them all', () => {
    expect(errorsOf('record.titel != "" && usr.role == "admin" && has(record.duee)')).toEqual([
      { message: 'unknown field "titel" on record (did you mean "title"?)', offset: 7 },
      { message: 'unknown variable "usr" (did you mean "user"?)', offset: 22 },
      { message: 'unknown field "duee" on record (did you mean "due"?)', offset: 56 },
    ]);
  });

  it('maps and dyn values accept any key; names a macro binds are not variables', () => {
    for (const source of [
      'record.meta.color == "red"',
      'record.extra.a.b',
      'record.tags.exists(t, t == "x")',
    ])
      expect(checkExpression(source, TASKS).ok, source).toBe(true);
  });

  it('an unknown function is an error', () => {
    expect(errorsOf('shout(record.title)')[0]?.message).toBe(
      'no function shout(string) (check the name and argument types)',
    );
    expect(errorsOf('record.title.shout()')[0]?.message).toBe(
      'no function string.shout() (check the name and argument types)',
    );
  });

  it('the functions the module uses internally cannot be called', () => {
    expect(errorsOf('evaluatorHook__()')[0]?.message).toBe('unknown function "evaluatorHook__"');
    expect(errorsOf('record.title.matchesLinear__("a")')[0]?.message).toBe(
      'unknown function "matchesLinear__"',
    );
  });
});

describe('checkExpression: type errors carry a message a builder can act on', () => {
  it.each([
    [
      'record.title + 1',
      'cannot use + with string and int; turn the other side into text with string(...)',
      0,
    ],
    ['record.done * 2', 'cannot use * with bool and int', 0],
    ['!record.title', 'cannot use ! on string', 0],
    ['record.done && record.price', "Logical operator requires bool operands, got 'double'", 0],
    ['record.done ? 1 : "x"', "Ternary branches must have the same type, got 'int' and 'string'", 0],
    [
      'record.lines[0].qty + record.title',
      'cannot use + with int and string; turn the other side into text with string(...)',
      0,
    ],
    ['record.due < 5', 'cannot use < with timestamp and int', 0],
    ['record.tags + record.meta', 'cannot use + with list(string) and map(string, string)', 0],
    ['record.author + 1', 'cannot use + with record and int', 0],
  ] as const)('%s', (source, message, offset) => {
    expect(errorsOf(source)).toEqual([{ message, offset }]);
  });

  it('syntax errors say what was expected, and where', () => {
    expect(errorsOf('record.price >')).toEqual([
      { message: 'syntax error: the expression ends too early', offset: 14 },
    ]);
    expect(errorsOf('(record.price')).toEqual([
      { message: 'syntax error: ")" is missing at the end', offset: 13 },
    ]);
    expect(errorsOf('record.price = 3')).toEqual([
      { message: 'syntax error: unexpected character: =', offset: 13 },
    ]);
    expect(errorsOf('"unterminated')[0]?.message).toBe('syntax error: unterminated string');
  });

  it('an invalid matches() pattern is an error at check time, pointing at the pattern', () => {
    expect(errorsOf('record.title.matches("^(a")')).toEqual([
      { message: 'invalid pattern for matches(): missing closing ")"', offset: 21 },
    ]);
    expect(errorsOf('record.title.matches("(a)\\\\1")')[0]?.message).toBe(
      'invalid pattern for matches(): backreferences are not supported',
    );
  });
});

describe('checkExpression: the expected type', () => {
  it('a different result type is an error naming both types', () => {
    expect(errorsOf('record.price * 2', TASKS, 'bool')).toEqual([
      { message: 'must be a bool expression, but this is a double' },
    ]);
    expect(errorsOf('record.tags', TASKS, 'string')).toEqual([
      { message: 'must be a string expression, but this is a list(string)' },
    ]);
    expect(errorsOf('record.title', TASKS, 'int')).toEqual([
      { message: 'must be an int expression, but this is a string' },
    ]);
  });

  it('dyn fits any expected type, and any type fits dyn', () => {
    expect(checkExpression('record.extra', TASKS, 'bool')).toEqual({ ok: true, type: 'dyn' });
    expect(checkExpression('record.price', TASKS, 'dyn')).toEqual({ ok: true, type: 'double' });
  });

  it('an int result fits where a double is expected (both end up JS numbers)', () => {
    expect(checkExpression('size(record.tags)', TASKS, 'double').ok).toBe(true);
    expect(checkExpression('record.price', TASKS, 'int').ok).toBe(false);
  });

  it('lists, maps and records are compared element by element', () => {
    expect(checkExpression('record.lines.map(l, l.qty)', TASKS, { list: 'double' }).ok).toBe(true);
    expect(checkExpression('record.tags', TASKS, { list: 'int' }).ok).toBe(false);
    expect(checkExpression('record.author', TASKS, { object: { name: 'string' } }).ok).toBe(true);
    expect(checkExpression('record.author', TASKS, { object: { age: 'int' } }).ok).toBe(false);
  });
});

describe('checkExpression: contexts', () => {
  it('the same expression is checked against each context it is used in', () => {
    const other: ExprContext = { variables: { record: { object: { titel: 'string' } } } };
    expect(checkExpression('record.titel', other).ok).toBe(true);
    expect(checkExpression('record.titel', TASKS).ok).toBe(false);
  });

  it('an invalid context is reported, not thrown', () => {
    const result = checkExpression('x', { variables: { 'not a name': 'string' } });
    expect(result.ok).toBe(false);
  });
});
