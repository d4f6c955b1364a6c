import { describe, expect, it } from 'vitest';
import { allFieldsVisible, parseReadQuery } from '../../../../../runtime/components/query/index.ts';
import type { ViewerApp } from '../../../../../schemas/api/viewer.ts';
import { AppDefinition } from '../../../../../schemas/app/app-definition.ts';
import crmJson from '../../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import { inStoredOrder, relatedPlan } from './related-list.ts';

const definition = AppDefinition.parse(crmJson);
const rights = (read: boolean) => ({ create: true, read, update: true, delete: false, ownRowsOnly: false });
const app = (readable = true): ViewerApp => ({
  username: 'ann',
  slug: 'crm-lite',
  version: 1,
  level: 'invite_only',
  caller: { kind: 'owner', roleId: null, roleLabel: null, email: null },
  definition,
  rights: Object.fromEntries(definition.tables.map((t) => [t.id, rights(readable || t.id === 'deals')])),
});
const deals = definition.tables.find((t) => t.id === 'deals')!;
const dealId = '5f0c1f7e-4a57-4d4e-9d0b-3b9d1f0b6a11';
const contactIds = ['0b7e0f52-8f51-4b6b-9a43-5b7a1c2d3e4f', '1c8f1063-9062-4c7c-8b54-6c8b2d3e4f50'];
const row = { id: dealId, contacts: contactIds, activities: [] };

const parses = (tableId: string, params: URLSearchParams) => {
  const parsed = parseReadQuery(params, { app: definition, tableId, visible: allFieldsVisible(definition) });
  expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.error)).toBe(true);
};

describe('related lists of a detail page', () => {
  it('lists the rows this row points at by their ids, naming the columns’ related rows', () => {
    const plan = relatedPlan(
      app(),
      deals,
      { relationFieldId: 'contacts', columns: ['full_name', 'company'] },
      row,
    );
    expect(plan.kind).toBe('query');
    if (plan.kind !== 'query') return;
    expect(plan.table.id).toBe('contacts');
    expect(plan.direction).toBe('points_at');
    expect(plan.params.get('id')).toBe(`in.(${contactIds.join(',')})`);
    expect(plan.params.get('select')).toBe('*,rel-company:company(id,name)');
    parses('contacts', plan.params);
  });

  it('asks nothing when the row points at no row', () => {
    expect(relatedPlan(app(), deals, { relationFieldId: 'activities', columns: ['subject'] }, row).kind).toBe(
      'empty',
    );
  });

  it('lists rows of another table that point here (many_to_one: eq, to-many: cs)', () => {
    const companies = definition.tables.find((t) => t.id === 'companies')!;
    const one = relatedPlan(
      app(),
      companies,
      { relationFieldId: 'company', columns: ['name'] },
      { id: dealId },
    );
    expect(one.kind === 'query' && one.direction).toBe('points_here');
    if (one.kind === 'query') {
      expect(one.params.get('company')).toBe(`eq.${dealId}`);
      parses(one.table.id, one.params);
    }
    const contacts = definition.tables.find((t) => t.id === 'contacts')!;
    const many = relatedPlan(
      app(),
      contacts,
      { relationFieldId: 'contacts', columns: ['name'] },
      { id: dealId },
    );
    if (many.kind !== 'query') throw new Error(many.kind);
    // Two tables have a "contacts" relation to contacts (companies, deals): the first in the app's order is followed.
    expect(many.table.id).toBe('companies');
    expect(many.params.get('contacts')).toBe(`cs.{${dealId}}`);
    parses('companies', many.params);
  });

  it('leaves out a list whose rows the caller cannot read, and columns it cannot see', () => {
    expect(
      relatedPlan(app(false), deals, { relationFieldId: 'contacts', columns: ['full_name'] }, row).kind,
    ).toBe('unavailable');
    const plan = relatedPlan(
      app(),
      deals,
      { relationFieldId: 'contacts', columns: ['full_name', 'secret'] },
      row,
    );
    expect(plan.kind === 'query' && plan.columns.map((c) => c.id)).toEqual(['full_name']);
  });

  it('shows the rows pointed at in the order the field stores them', () => {
    const rows = [{ id: contactIds[1]! }, { id: contactIds[0]! }];
    expect(inStoredOrder(rows, contactIds).map((r) => r.id)).toEqual(contactIds);
  });
});
