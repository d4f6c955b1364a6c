import { describe, expect, it } from 'vitest';
import type { Field } from '../../../../schemas/app/fields.ts';
import { fieldHint, stepped } from './field-hints.ts';
import { inputOf, parseInput } from './field-input-value.ts';

const duration: Field = {
  id: 'length',
  label: 'Length',
  type: 'duration',
  displayUnit: 'hours',
  min: 0,
  max: 36_000,
};
const price: Field = { id: 'price', label: 'Price', type: 'number', precision: 2, min: 0, max: 10 };
const tags: Field = {
  id: 'tags',
  label: 'Tags',
  type: 'relation',
  targetTableId: 'tags',
  cardinality: 'many_to_many',
};

describe('what an input holds and what the row stores', () => {
  it('shows a stored duration in the field’s unit and reads a bare number in it', () => {
    expect(inputOf(duration, 5400)).toBe('1.5');
    expect(parseInput(duration, '1.5')).toEqual({ ok: true, value: 5400 });
    expect(parseInput(duration, '1h30m')).toEqual({ ok: true, value: 5400 });
    expect(parseInput(duration, 'soon').ok).toBe(false);
  });

  it('keeps a number box’s text as typed, and reads it with the runtime (precision included)', () => {
    expect(inputOf(price, 2.5)).toBe('2.5');
    expect(inputOf(price, null)).toBe('');
    expect(parseInput(price, '2.50')).toEqual({ ok: true, value: 2.5 });
    expect(parseInput(price, '2.555')).toEqual({
      ok: false,
      message: 'must have at most 2 decimals, not 2.555',
    });
  });

  it('holds a to-many relation as a list of ids, empty when there is none', () => {
    expect(inputOf(tags, null)).toEqual([]);
    expect(parseInput(tags, [])).toEqual({ ok: true, value: null });
  });
});

describe('hints and arrow-key steps', () => {
  it('says the bounds and the decimals before anything is typed', () => {
    expect(fieldHint(price)).toBe('From 0 to 10. Up to 2 decimals.');
    expect(fieldHint(duration)).toBe('In hours, or written like 1h30m. From 0 hours to 10 hours.');
  });

  it('steps by the last digit and stays within the bounds (a duration’s in its unit)', () => {
    expect(stepped(price, '1.99', 1)).toBe('2.00');
    expect(stepped(price, '10', 1)).toBe('10.00');
    expect(stepped(price, '', -1)).toBe('0.00');
    expect(stepped(duration, '9.5', 1)).toBe('10');
  });
});
