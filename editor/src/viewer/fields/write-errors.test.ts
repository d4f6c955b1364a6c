import { describe, expect, it } from 'vitest';
import { AppDefinition } from '../../../../schemas/app/app-definition.ts';
import crmJson from '../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import { ViewerError } from '../api/client.ts';
import { transitionRefusalOf, writeErrorsOf } from './write-errors.ts';

const crm = AppDefinition.parse(crmJson);
const deals = crm.tables.find((t) => t.id === 'deals')!;

describe('a refused write, shown where it belongs', () => {
  it('puts each field’s message (from details) next to that field', () => {
    const error = new ViewerError(
      'Amount must be at least 0',
      400,
      '23514',
      'amount: Amount must be at least 0; probability: Probability must be at most 100',
    );
    expect(writeErrorsOf(deals, error)).toEqual({
      fields: { amount: 'Amount must be at least 0', probability: 'Probability must be at most 100' },
      general: [],
    });
  });

  it('keeps a "; allowed: …" inside the state field’s message, and reads the allowed moves', () => {
    const error = new ViewerError(
      'cannot move from Lead to Won; allowed: Qualify (→ Qualified), Mark lost (→ Lost)',
      409,
      'BP409',
      'stage: cannot move from Lead to Won; allowed: Qualify (→ Qualified), Mark lost (→ Lost)',
    );
    expect(writeErrorsOf(deals, error).fields.stage).toBe(
      'Cannot move from Lead to Won; allowed: Qualify (→ Qualified), Mark lost (→ Lost)',
    );
    expect(transitionRefusalOf(error)).toEqual({
      message: 'Cannot move from Lead to Won; allowed: Qualify (→ Qualified), Mark lost (→ Lost)',
      allowed: 'Qualify (→ Qualified), Mark lost (→ Lost)',
    });
  });

  it('prefers the hint for the allowed moves when the server gives one', () => {
    const error = new ViewerError('cannot move from Lead to Won', 409, 'BP409', null, 'Qualify, Mark lost');
    expect(transitionRefusalOf(error)?.allowed).toBe('Qualify, Mark lost');
    expect(transitionRefusalOf(new ViewerError('nope', 400, '23514'))).toBeNull();
  });

  it('names a unique field by its label', () => {
    const error = new ViewerError('name must be unique: another row has "Big deal"', 409, '23505');
    expect(writeErrorsOf(deals, error).fields.name).toBe('Deal must be unique: another row has "Big deal"');
  });

  it('shows validation rules (no field) above the form, each one', () => {
    const error = new ViewerError(
      'A won deal needs an amount',
      400,
      '23514',
      'A won deal needs an amount; Referral deals need a referrer',
    );
    expect(writeErrorsOf(deals, error)).toEqual({
      fields: {},
      general: ['A won deal needs an amount', 'Referral deals need a referrer'],
    });
  });

  it('says what to do when the app could not be reached', () => {
    const error = new ViewerError(
      'Could not reach the app. Check your connection and try again.',
      0,
      'network',
    );
    expect(writeErrorsOf(deals, error).general).toEqual([
      'Could not reach the app. Check your connection and try again.',
    ]);
  });
});
