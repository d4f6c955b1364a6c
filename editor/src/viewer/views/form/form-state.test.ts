import { describe, expect, it } from 'vitest';
import { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import crmJson from '../../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import inventoryJson from '../../../../../schemas/examples/inventory.app.json' with { type: 'json' };
import {
  evaluateForm,
  type FormSetup,
  type FormViewDefinition,
  firstInvalidField,
  formSections,
  initialValues,
} from './form-state.ts';

const crm = AppDefinition.parse(crmJson);
const inventory = AppDefinition.parse(inventoryJson);
const NOW = '2026-03-10T09:00:00.000Z';

function setupFor(
  app: AppDefinition,
  viewId: string,
  user: Record<string, unknown> = { role: 'rep' },
): FormSetup {
  const view = app.views.find((v) => v.id === viewId) as FormViewDefinition;
  const table = app.tables.find((t) => t.id === view.tableId)!;
  return { app, table, view, user, owner: false, creator: null };
}

const fieldState = (evaluation: ReturnType<typeof evaluateForm>, id: string) =>
  evaluation.sections.flatMap((s) => s.fields).find((f) => f.field.id === id)!;

describe('form state: errors as the person types', () => {
  const setup = setupFor(crm, 'log_activity');
  const values = initialValues(setup, null, NOW);

  it('starts a new row from the fields’ defaults (kind: call, happened_at: now)', () => {
    expect(values.kind).toBe('call');
    expect(values.happened_at).toBe(NOW);
    expect(values.subject).toBe('');
  });

  it('shows a required field’s error only once it was touched, or after a submit was tried', () => {
    const untouched = evaluateForm(setup, { values, touched: new Set(), submitted: false }, null, NOW);
    expect(fieldState(untouched, 'subject').error).toBe('Subject is required');
    expect(fieldState(untouched, 'subject').shownError).toBeNull();
    expect(untouched.valid).toBe(false);
    const touched = evaluateForm(
      setup,
      { values, touched: new Set(['subject']), submitted: false },
      null,
      NOW,
    );
    expect(fieldState(touched, 'subject').shownError).toBe('Subject is required');
    const submitted = evaluateForm(setup, { values, touched: new Set(), submitted: true }, null, NOW);
    expect(fieldState(submitted, 'deal').shownError).toBe('Deal is required');
  });

  it('reads numbers and durations with the runtime’s words (a comma decimal gets a hint)', () => {
    const product = setupFor(inventory, 'product_form', { role: 'clerk' });
    const start = initialValues(product, null, NOW);
    const evaluation = evaluateForm(
      product,
      { values: { ...start, unit_cost: '1,5', quantity_on_hand: '-2' }, touched: new Set(), submitted: true },
      null,
      NOW,
    );
    expect(fieldState(evaluation, 'unit_cost').shownError).toMatch(/^Unit cost must be a number.*use a dot/);
    expect(fieldState(evaluation, 'quantity_on_hand').shownError).toMatch(/must be at least 0/);
  });

  it('checks a text pattern and shows the field’s own pattern message', () => {
    const product = setupFor(inventory, 'product_form', { role: 'clerk' });
    const start = initialValues(product, null, NOW);
    const bad = evaluateForm(
      product,
      { values: { ...start, sku: 'abc' }, touched: new Set(['sku']), submitted: false },
      null,
      NOW,
    );
    expect(fieldState(bad, 'sku').shownError).toBe('SKU must look like ABC-1234');
    const good = evaluateForm(
      product,
      { values: { ...start, sku: 'ABC-1234' }, touched: new Set(['sku']), submitted: false },
      null,
      NOW,
    );
    expect(fieldState(good, 'sku').error).toBeNull();
  });

  it('reads a bare number in a duration box in the box’s unit (minutes)', () => {
    const evaluation = evaluateForm(
      setup,
      { values: { ...values, length: '90' }, touched: new Set(), submitted: false },
      null,
      NOW,
    );
    expect(fieldState(evaluation, 'length').value).toBe(5400);
    expect(evaluation.changes.length).toBe(5400);
  });
});

describe('form state: conditional visibility, live', () => {
  const setup = setupFor(crm, 'log_activity');
  const values = initialValues(setup, null, NOW);

  it('shows follow_up_on only while needs_follow_up is ticked, and leaves a hidden field out of the write', () => {
    const off = evaluateForm(
      setup,
      { values: { ...values, follow_up_on: '2026-03-12' }, touched: new Set(), submitted: false },
      null,
      NOW,
    );
    expect(fieldState(off, 'follow_up_on').visible).toBe(false);
    expect('follow_up_on' in off.changes).toBe(false);
    const on = evaluateForm(
      setup,
      {
        values: { ...values, needs_follow_up: true, follow_up_on: '2026-03-12' },
        touched: new Set(),
        submitted: false,
      },
      null,
      NOW,
    );
    expect(fieldState(on, 'follow_up_on').visible).toBe(true);
    expect(on.changes.follow_up_on).toBe('2026-03-12');
  });

  it('hides the length of an e-mail', () => {
    const evaluation = evaluateForm(
      setup,
      { values: { ...values, kind: 'email' }, touched: new Set(), submitted: false },
      null,
      NOW,
    );
    expect(fieldState(evaluation, 'length').visible).toBe(false);
  });

  it('does not report an error on a hidden required field', () => {
    const deal = setupFor(crm, 'deal_form');
    const start = initialValues(deal, null, NOW);
    const evaluation = evaluateForm(deal, { values: start, touched: new Set(), submitted: true }, null, NOW);
    expect(fieldState(evaluation, 'referred_by').visible).toBe(false);
    expect(fieldState(evaluation, 'referred_by').error).toBeNull();
  });

  it('evaluates conditions on the user (a discount only for managers)', () => {
    const clerk = setupFor(inventory, 'order_form', { role: 'clerk' });
    const manager = setupFor(inventory, 'order_form', { role: 'manager' });
    const run = (s: FormSetup) =>
      fieldState(
        evaluateForm(
          s,
          { values: initialValues(s, null, NOW), touched: new Set(), submitted: false },
          null,
          NOW,
        ),
        'discount',
      ).visible;
    expect(run(clerk)).toBe(false);
    expect(run(manager)).toBe(true);
  });
});

describe('form state: computed fields and rules', () => {
  it('recomputes a computed field from what was typed (full_name of a contact)', () => {
    const setup = setupFor(crm, 'contact_form');
    const values = { ...initialValues(setup, null, NOW), first_name: 'Ada', last_name: 'Lovelace' };
    const evaluation = evaluateForm(setup, { values, touched: new Set(), submitted: false }, null, NOW);
    expect(evaluation.record.full_name).toBe('Ada Lovelace');
  });

  it('reports a broken validation rule with its message, and the form is not valid', () => {
    const setup = setupFor(crm, 'contact_form');
    const values = { ...initialValues(setup, null, NOW), first_name: 'Ada', last_name: 'Lovelace' };
    const evaluation = evaluateForm(setup, { values, touched: new Set(), submitted: false }, null, NOW);
    expect(evaluation.ruleMessages).toHaveLength(1);
    expect(evaluation.valid).toBe(false);
    const withEmail = evaluateForm(
      setup,
      { values: { ...values, email: 'ada@example.com' }, touched: new Set(), submitted: false },
      null,
      NOW,
    );
    expect(withEmail.ruleMessages).toEqual([]);
    expect(withEmail.valid).toBe(true);
    expect(withEmail.changes).toMatchObject({ first_name: 'Ada', email: 'ada@example.com' });
  });

  it('on edit, sends only what changed and does not ask for a required field left untouched', () => {
    const setup = setupFor(crm, 'contact_form');
    const existing = {
      id: '5f0c1f7e-4a57-4d4e-9d0b-3b9d1f0b6a11',
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      do_not_email: false,
    };
    const values = { ...initialValues(setup, existing, NOW), job_title: 'Analyst' };
    const evaluation = evaluateForm(setup, { values, touched: new Set(), submitted: true }, existing, NOW);
    expect(evaluation.changes).toEqual({ job_title: 'Analyst' });
    expect(evaluation.valid).toBe(true);
  });

  it('moves focus to the first shown field with an error', () => {
    const setup = setupFor(crm, 'log_activity');
    const evaluation = evaluateForm(
      setup,
      { values: initialValues(setup, null, NOW), touched: new Set(), submitted: true },
      null,
      NOW,
    );
    expect(firstInvalidField(evaluation)).toBe('deal');
  });

  it('shows only fields the cut definition has (a hidden field is skipped, not an error)', () => {
    const setup = setupFor(crm, 'contact_form');
    const table = { ...setup.table, fields: setup.table.fields.filter((f) => f.id !== 'linkedin') };
    const ids = formSections(table, setup.view).flatMap((s) => s.fields.map((f) => f.id));
    expect(ids).not.toContain('linkedin');
    expect(ids).toContain('email');
  });
});
