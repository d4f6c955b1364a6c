import type { TablePermission } from '../../../schemas/app/access.ts';
import type { AppDefinition } from '../../../schemas/definitions.ts';
import { type EditResult, edited, refused } from '../studio/model/edit-result.ts';

/**
 * Edits of the app as a whole (the settings panel shown when no node is selected): its address,
 * colour, who may open it, and what each role may do with each table. Pure, like the model's.
 */

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HEX = /^#[0-9a-fA-F]{6}$/;

export function setSlug(app: AppDefinition, slug: string): EditResult<AppDefinition> {
  if (!SLUG.test(slug))
    return refused('An address is lower-case letters, digits and dashes (not at the ends).');
  return edited({ ...app, slug });
}

export function setThemeColor(app: AppDefinition, color: string): EditResult<AppDefinition> {
  if (!HEX.test(color)) return refused('A theme colour is written like #4f46e5.');
  return edited({ ...app, themeColor: color.toLowerCase() });
}

export function setAccessLevel(
  app: AppDefinition,
  level: AppDefinition['access']['level'],
): EditResult<AppDefinition> {
  return edited({ ...app, access: { ...app.access, level } });
}

export function setDefaultRole(app: AppDefinition, roleId: string): EditResult<AppDefinition> {
  if (!app.access.roles.some((r) => r.id === roleId)) return refused(`There is no role "${roleId}".`);
  return edited({ ...app, access: { ...app.access, defaultRoleId: roleId } });
}

type Permission = Omit<TablePermission, 'tableId'>;
const NONE: Permission = { create: false, read: false, update: false, delete: false, rowScope: 'all' };

/** What a role may do with a table (a table not listed is out of its reach). */
export function permissionOf(app: AppDefinition, roleId: string, tableId: string): Permission {
  const role = app.access.roles.find((r) => r.id === roleId);
  const found = role?.tables.find((t) => t.tableId === tableId);
  return found ? { ...found } : { ...NONE };
}

export function setPermission(
  app: AppDefinition,
  args: { roleId: string; tableId: string; change: Partial<Permission> },
): EditResult<AppDefinition> {
  const role = app.access.roles.find((r) => r.id === args.roleId);
  if (!role) return refused(`There is no role "${args.roleId}".`);
  if (!app.tables.some((t) => t.id === args.tableId)) return refused(`There is no table "${args.tableId}".`);
  const next = { ...permissionOf(app, args.roleId, args.tableId), ...args.change };
  // Changing anything but read implies reading: a role cannot edit rows it cannot see.
  if (next.create || next.update || next.delete) next.read = next.read || next.update || next.delete;
  const unreachable = !next.create && !next.read && !next.update && !next.delete;
  const others = role.tables.filter((t) => t.tableId !== args.tableId);
  const tables = unreachable ? others : [...others, { tableId: args.tableId, ...next }];
  const roles = app.access.roles.map((r) => (r.id === role.id ? { ...r, tables } : r));
  return edited({ ...app, access: { ...app.access, roles } });
}

export function addRole(app: AppDefinition, label: string): EditResult<AppDefinition> {
  const trimmed = label.trim();
  if (!trimmed) return refused('A role needs a name.');
  if (app.access.roles.length >= 20) return refused('An app can have at most 20 roles.');
  const base =
    trimmed
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'role';
  let id = /^[a-z]/.test(base) ? base.slice(0, 60) : `role_${base}`.slice(0, 60);
  for (let n = 2; app.access.roles.some((r) => r.id === id); n++) id = `${base.slice(0, 56)}_${n}`;
  return edited(
    {
      ...app,
      access: {
        ...app.access,
        roles: [...app.access.roles, { id, label: trimmed.slice(0, 120), tables: [] }],
      },
    },
    { created: [{ entity: 'role', id }] },
  );
}

export function removeRole(app: AppDefinition, roleId: string): EditResult<AppDefinition> {
  if (app.access.defaultRoleId === roleId)
    return refused('Choose another default role before removing this one.');
  if (app.access.roles.length <= 1) return refused('An app needs at least one role.');
  return edited({
    ...app,
    access: { ...app.access, roles: app.access.roles.filter((r) => r.id !== roleId) },
  });
}
