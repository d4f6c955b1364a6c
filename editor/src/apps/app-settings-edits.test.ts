import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../runtime/definitions/index.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import crm from '../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import {
  addRole,
  permissionOf,
  removeRole,
  setAccessLevel,
  setPermission,
  setSlug,
  setThemeColor,
} from './app-settings-edits.ts';

const app = crm as AppDefinition;
const valid = (result: { ok: boolean; definition?: AppDefinition }) => {
  expect(result.ok).toBe(true);
  const checked = validateApp(result.definition);
  expect(checked.ok ? [] : checked.errors).toEqual([]);
  return result.definition!;
};

describe('app settings edits', () => {
  it('keep the app valid and refuse what the schema would', () => {
    valid(setSlug(app, 'sales-crm'));
    expect(setSlug(app, 'Sales CRM').ok).toBe(false);
    expect(valid(setThemeColor(app, '#AABBCC')).themeColor).toBe('#aabbcc');
    expect(setThemeColor(app, 'red').ok).toBe(false);
    expect(valid(setAccessLevel(app, 'public')).access.level).toBe('public');
  });

  it('grant reading along with writing, and drop a table from a role when nothing is left', () => {
    const role = app.access.roles[0]!.id;
    const table = app.tables[0]!.id;
    const writer = valid(
      setPermission(app, { roleId: role, tableId: table, change: { read: false, update: true } }),
    );
    expect(permissionOf(writer, role, table)).toMatchObject({ read: true, update: true });
    const none = valid(
      setPermission(app, {
        roleId: role,
        tableId: table,
        change: { create: false, read: false, update: false, delete: false },
      }),
    );
    expect(none.access.roles[0]!.tables.some((t) => t.tableId === table)).toBe(false);
  });

  it('add roles with unique ids and never remove the default or the last one', () => {
    const once = valid(addRole(app, 'Sales lead'));
    const twice = valid(addRole(once, 'Sales lead'));
    const ids = twice.access.roles.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(removeRole(app, app.access.defaultRoleId).ok).toBe(false);
    expect(valid(removeRole(twice, ids.at(-1)!)).access.roles).toHaveLength(ids.length - 1);
  });
});
