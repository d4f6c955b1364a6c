import { describe, expect, it } from 'vitest';
import type { Field } from '../../schemas/definitions.ts';
import { coerceValue } from './coerce.ts';

const f = <T extends Field['type']>(type: T, extra: Record<string, unknown> = {}): Field =>
  ({ id: 'f', label: 'F', type, ...extra }) as Field;
const ok = (field: Field, raw: unknown) => {
  const result = coerceValue(field, raw);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} to coerce, got "${result.message}"`);
  return result.value;
};
const message = (field: Field, raw: unknown) => {
  const result = coerceValue(field, raw);
  if (result.ok)
    throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${JSON.stringify(result.value)}`);
  return result.message;
};

const options = [
  { id: 'low', label: 'Low', color: 'gray' },
  { id: 'high', label: 'High', color: 'red' },
];

describe('coerceValue: empty input', () => {
  it('turns null, undefined, "" and blank text into null for every writable type', () => {
    const fields = [
      f('text'),
      f('number'),
      f('boolean'),
      f('date'),
      f('email'),
      f('single_select', { options }),
      f('multi_select', { options }),
      f('relation', { targetTableId: 't', cardinality: 'many_to_one' }),
      f('attachment', { allowedTypes: ['image/*'], maxSizeMb: 1, maxFiles: 1 }),
    ];
    for (const field of fields)
      for (const raw of [null, undefined, '', '   ']) expect(ok(field, raw)).toBeNull();
  });

  it('turns an empty list into null, so "no value" has one form', () => {
    expect(ok(f('multi_select', { options }), [])).toBeNull();
    expect(ok(f('relation', { targetTableId: 't', cardinality: 'many_to_many' }), [])).toBeNull();
  });
});

describe('coerceValue: text', () => {
  it('keeps text as written and writes numbers and booleans as text', () => {
    expect(ok(f('text'), '  Hello ')).toBe('  Hello ');
    expect(ok(f('long_text'), 'a\nb')).toBe('a\nb');
    expect(ok(f('text'), 42)).toBe('42');
    expect(ok(f('text'), true)).toBe('true');
  });

  it('refuses lists and objects', () => {
    expect(message(f('text'), ['a'])).toBe('must be text, not a list');
    expect(message(f('text'), { a: 1 })).toBe('must be text, not an object');
  });
});

describe('coerceValue: numbers', () => {
  it('accepts numbers and numeric text with a dot for decimals', () => {
    expect(ok(f('number'), 12)).toBe(12);
    expect(ok(f('number'), '12')).toBe(12);
    expect(ok(f('number'), ' 12.5 ')).toBe(12.5);
    expect(ok(f('number'), '-0.5')).toBe(-0.5);
    expect(ok(f('currency', { currency: 'EUR' }), '1e3')).toBe(1000);
  });

  it('refuses a decimal comma with a hint, and other text', () => {
    expect(message(f('number'), '1,5')).toBe(
      'must be a number like 12.5, not "1,5" (use a dot for decimals and no separators)',
    );
    expect(message(f('number'), 'abc')).toBe('must be a number like 12.5, not "abc"');
    expect(message(f('number'), Number.NaN)).toBe('must be a number like 12.5, not NaN');
    expect(message(f('number'), true)).toBe('must be a number like 12.5, not true');
  });

  it('holds a number to its precision, forgiving float noise', () => {
    expect(message(f('number', { precision: 0 }), 2.5)).toBe('must be a whole number, not 2.5');
    expect(message(f('number', { precision: 2 }), '1.234')).toBe('must have at most 2 decimals, not 1.234');
    expect(ok(f('number', { precision: 2 }), 0.1 + 0.2)).toBe(0.3);
    expect(ok(f('number', { precision: 0 }), '7')).toBe(7);
  });

  it('reads a percent with or without the % sign', () => {
    expect(ok(f('percent'), '50%')).toBe(50);
    expect(ok(f('percent'), 12.5)).toBe(12.5);
    expect(message(f('number'), '50%')).toMatch(/^must be a number/);
  });
});

describe('coerceValue: booleans', () => {
  it('reads true/false, yes/no, 1/0 in any case', () => {
    for (const raw of [true, 'true', 'TRUE', 'yes', 'Yes', '1', 1]) expect(ok(f('boolean'), raw)).toBe(true);
    for (const raw of [false, 'false', 'no', 'NO', '0', 0]) expect(ok(f('boolean'), raw)).toBe(false);
  });

  it('refuses anything else', () => {
    expect(message(f('boolean'), 'maybe')).toBe('must be true or false (yes/no), not "maybe"');
    expect(message(f('boolean'), 2)).toBe('must be true or false (yes/no), not 2');
  });
});

describe('coerceValue: rating', () => {
  it('takes a whole number from 0 to the maximum', () => {
    expect(ok(f('rating', { max: 5 }), 5)).toBe(5);
    expect(ok(f('rating', { max: 5 }), '3')).toBe(3);
    expect(ok(f('rating', { max: 5 }), 0)).toBe(0);
  });

  it('refuses fractions, negatives and values over the maximum', () => {
    expect(message(f('rating', { max: 5 }), 6)).toBe('must be a whole number from 0 to 5, not 6');
    expect(message(f('rating', { max: 5 }), 2.5)).toBe('must be a whole number from 0 to 5, not 2.5');
    expect(message(f('rating', { max: 5 }), -1)).toBe('must be a whole number from 0 to 5, not -1');
  });
});

describe('coerceValue: single select', () => {
  const field = f('single_select', { options });

  it('finds the option by id, or by label in any case', () => {
    expect(ok(field, 'high')).toBe('high');
    expect(ok(field, 'High')).toBe('high');
    expect(ok(field, ' LOW ')).toBe('low');
    expect(ok(field, 'HIGH')).toBe('high');
  });

  it('names the value and lists the options when it is not one', () => {
    expect(message(field, 'Urgent')).toBe('"Urgent" is not an option (options: Low, High)');
    expect(message(field, ['low'])).toBe('must be one of the options (Low, High), not a list');
  });
});

describe('coerceValue: multi select', () => {
  const field = f('multi_select', {
    options: [...options, { id: 'mid', label: 'Mid, or so', color: 'amber' }],
  });

  it('takes a list of ids or labels, without duplicates, in the order given', () => {
    expect(ok(field, ['High', 'low', 'high'])).toEqual(['high', 'low']);
  });

  it('splits comma-separated text, unless the whole text is one label', () => {
    expect(ok(field, 'Low, High')).toEqual(['low', 'high']);
    expect(ok(field, 'mid, or so')).toEqual(['mid']);
  });

  it('names every value that is not an option', () => {
    expect(message(field, ['Low', 'Urgent'])).toBe(
      '"Urgent" is not an option (options: Low, High, Mid, or so)',
    );
    expect(message(field, 'x, y')).toMatch(/^"x", "y" are not options/);
    expect(message(field, 5)).toMatch(/^must be a list of options/);
  });
});

describe('coerceValue: relations', () => {
  const one = f('relation', { targetTableId: 't', cardinality: 'many_to_one' });
  const many = f('relation', { targetTableId: 't', cardinality: 'many_to_many' });
  const id = 'AAAAAAAA-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const other = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

  it('takes one row id (a UUID, lower-cased) for a to-one relation', () => {
    expect(ok(one, id)).toBe(id.toLowerCase());
    expect(message(one, 'abc')).toBe('must be the id of one row (a UUID), not "abc"');
    expect(message(one, [id])).toBe('must be the id of one row (a UUID), not a list');
  });

  it('takes a list (or comma-separated text, or a single id) for a to-many relation', () => {
    expect(ok(many, [id, other, id.toLowerCase()])).toEqual([id.toLowerCase(), other]);
    expect(ok(many, `${id}, ${other}`)).toEqual([id.toLowerCase(), other]);
    expect(ok(many, other)).toEqual([other]);
  });

  it('names the values that are not row ids', () => {
    expect(message(many, [id, 'x', 3])).toBe('"x", 3 are not row ids (UUIDs)');
    expect(message(many, { id })).toBe('must be a list of row ids (UUIDs), not an object');
  });
});

describe('coerceValue: derived fields', () => {
  it('refuses a value for every field the app sets itself', () => {
    for (const type of [
      'computed',
      'lookup',
      'rollup',
      'autonumber',
      'created_at',
      'updated_at',
      'created_by',
    ])
      expect(message(f(type as Field['type']), 'x')).toBe('is set by the app and cannot be written');
  });
});
