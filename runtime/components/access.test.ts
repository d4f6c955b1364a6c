import { describe, expect, it } from 'vitest';
import type { Actor } from './access.ts';
import { can, creatorOf, expressionUser, ownsRow, project, visibleFieldIds } from './access.ts';
import { ALICE, BOB, crmApp, endUser, inventoryApp, owner, taskApp } from './write.fixture.ts';

const visitor: Actor = { kind: 'visitor', roleId: 'guest' };

describe('can: table permissions per actor', () => {
  it('lets the owner do everything on every table, on all rows', () => {
    const app = crmApp();
    for (const action of ['create', 'read', 'update', 'delete'] as const)
      expect(can(app, owner, 'deals', action)).toEqual({ allowed: true, rowScope: 'all' });
  });

  it("gives an end user their role's permission and row scope", () => {
    const app = crmApp();
    expect(can(app, endUser('manager'), 'deals', 'delete')).toEqual({ allowed: true, rowScope: 'all' });
    expect(can(app, endUser('rep'), 'deals', 'update')).toEqual({ allowed: true, rowScope: 'own' });
  });

  it('refuses an action the role does not have, naming the role, action and table', () => {
    const decision = can(crmApp(), endUser('assistant'), 'deals', 'create');
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'Sales assistant may not create rows in Deals',
    });
    expect(can(crmApp(), endUser('rep'), 'deals', 'delete').reason).toBe(
      'Sales rep may not delete rows of Deals',
    );
  });

  it('refuses everything on a table the role does not list', () => {
    const app = taskApp();
    for (const action of ['create', 'read', 'update', 'delete'] as const)
      expect(can(app, endUser('member'), 'comments', action)).toMatchObject({
        allowed: false,
        reason: 'Member has no access to Comments',
      });
  });

  it('refuses an unknown table, even to the owner', () => {
    expect(can(crmApp(), owner, 'invoices', 'read')).toMatchObject({
      allowed: false,
      reason: 'there is no table "invoices" in this app',
    });
  });

  it('refuses a role the app does not define', () => {
    expect(can(crmApp(), endUser('admin'), 'deals', 'read')).toMatchObject({ allowed: false });
  });

  it('lets a visitor with own scope create, but never read, update or delete (no identity)', () => {
    const app = taskApp();
    expect(can(app, visitor, 'tasks', 'create')).toEqual({ allowed: true, rowScope: 'own' });
    app.access.roles[0]!.tables[0]!.delete = true;
    for (const action of ['read', 'update', 'delete'] as const) {
      const decision = can(app, visitor, 'tasks', action);
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toMatch(/^visitors may not .* Tasks/);
    }
  });

  it('lets a visitor with all scope read every row', () => {
    expect(can(taskApp(), visitor, 'comments', 'read')).toEqual({ allowed: true, rowScope: 'all' });
  });

  it('refuses visitors of an app that is not public', () => {
    const decision = can(crmApp(), { kind: 'visitor', roleId: 'rep' }, 'deals', 'read');
    expect(decision).toMatchObject({ allowed: false, reason: 'this app is not public: sign in to use it' });
  });

  it('refuses end users of a private app (only the builder uses it)', () => {
    const app = crmApp();
    app.access.level = 'private';
    expect(can(app, endUser('manager'), 'deals', 'read').allowed).toBe(false);
    expect(can(app, owner, 'deals', 'read').allowed).toBe(true);
  });
});

describe('row ownership', () => {
  it('counts a row as own only when the end user created it', () => {
    expect(ownsRow(endUser('rep', ALICE), ALICE)).toBe(true);
    expect(ownsRow(endUser('rep', ALICE), BOB)).toBe(false);
    expect(ownsRow(endUser('rep', ALICE), null)).toBe(false);
    expect(ownsRow(visitor, null)).toBe(false);
    expect(ownsRow(owner, BOB)).toBe(true);
  });

  it('records the end user, the owner or nobody (a visitor) as the creator', () => {
    expect(creatorOf(endUser('rep', BOB))).toBe(BOB);
    expect(creatorOf(owner)).toBe('owner');
    expect(creatorOf(visitor)).toBeNull();
  });
});

describe('visibleFieldIds and project', () => {
  it("removes the role's hidden fields of that table only", () => {
    const app = crmApp();
    const deals = visibleFieldIds(app, endUser('assistant'), 'deals');
    expect(deals.has('amount')).toBe(false);
    expect(deals.has('weighted_value')).toBe(false);
    expect(deals.has('name')).toBe(true);
    expect(visibleFieldIds(app, endUser('assistant'), 'companies').has('total_deal_value')).toBe(false);
    expect(visibleFieldIds(app, endUser('assistant'), 'contacts').size).toBe(13);
  });

  it('shows the owner and roles without hidden fields everything', () => {
    const app = inventoryApp();
    expect(visibleFieldIds(app, owner, 'products').has('margin')).toBe(true);
    expect(visibleFieldIds(app, endUser('manager'), 'products').has('margin')).toBe(true);
    expect(visibleFieldIds(app, endUser('clerk'), 'products').has('margin')).toBe(false);
  });

  it('shows nothing to an unknown role or of an unknown table', () => {
    expect(visibleFieldIds(crmApp(), endUser('admin'), 'deals').size).toBe(0);
    expect(visibleFieldIds(crmApp(), owner, 'invoices').size).toBe(0);
  });

  it('projects a row onto the visible fields, keeping its id', () => {
    const visible = visibleFieldIds(crmApp(), endUser('assistant'), 'deals');
    const row = { id: 'r1', data: { name: 'Big deal', amount: 5000, probability: 50, stale: 1 } };
    expect(project(row, visible)).toEqual({ id: 'r1', name: 'Big deal' });
  });

  it('never lets a field named id replace the row id', () => {
    expect(project({ id: 'r1', data: { id: 'forged' } }, new Set(['id']))).toEqual({ id: 'r1' });
  });
});

describe('expressionUser', () => {
  it('gives expressions the id, email and role of an end user, and the role of a visitor', () => {
    expect(expressionUser(endUser('rep'))).toEqual({ id: ALICE, role: 'rep', email: 'alice@example.com' });
    expect(expressionUser(visitor)).toEqual({ role: 'guest' });
    expect(expressionUser(owner)).toEqual({ id: 'owner', role: 'owner' });
  });
});
