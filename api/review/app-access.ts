import {
  type AppDefinition,
  DERIVED_FIELD_TYPES,
  type Field,
  type Role,
  type Table,
  type TablePermission,
} from '../../schemas/definitions.ts';

/**
 * What anonymous visitors of a public app may do, as the security rules need it. Visitors act
 * with the app's default role; a row scope of `own` gives them nothing but create (they have no
 * account, so no row is ever theirs — see runtime/components/access.ts), so only `all` exposes rows.
 */
export interface Visitor {
  role: Role;
  /** Index of the role in `access.roles`, for paths. */
  roleIndex: number;
}

/** The visitor role of a public app; undefined for other apps or a default role that does not exist. */
export function publicVisitor(app: AppDefinition): Visitor | undefined {
  if (app.access.level !== 'public') return undefined;
  const roleIndex = app.access.roles.findIndex((role) => role.id === app.access.defaultRoleId);
  const role = app.access.roles[roleIndex];
  return role ? { role, roleIndex } : undefined;
}

export function permissionOf(
  role: Role,
  tableId: string,
): { permission: TablePermission; index: number } | undefined {
  const index = role.tables.findIndex((entry) => entry.tableId === tableId);
  const permission = role.tables[index];
  return permission ? { permission, index } : undefined;
}

export function hides(role: Role, tableId: string, fieldId: string): boolean {
  return (role.hiddenFields ?? []).some((ref) => ref.tableId === tableId && ref.fieldId === fieldId);
}

/** Whether visitors can read every row of the table (the only way rows reach them). */
export function visitorReadsAll(visitor: Visitor, tableId: string): boolean {
  const permission = permissionOf(visitor.role, tableId)?.permission;
  return permission?.read === true && permission.rowScope === 'all';
}

/** Fields an end user can type into: not computed by the platform, not read-only. */
export function isTypable(field: Field): boolean {
  return !DERIVED_FIELD_TYPES.has(field.type) && !field.readOnly;
}

export interface VisitorWrites {
  /** Visitors can add rows (by permission or through a form they may submit). */
  canCreate: boolean;
  /** Visitors can change existing rows. */
  canUpdate: boolean;
  /** Fields whose value visitors choose when they create a row. */
  onCreate: Set<string>;
  /** Fields whose value visitors choose when they change a row. */
  onUpdate: Set<string>;
}

/**
 * What visitors can write in a table: through the role's permissions (the data API takes every
 * typable field the role sees) and, on create, through forms open to them (`anyone`, or the
 * visitor role), counted even without a create permission so a form can never widen what the
 * review assumes. Changing rows needs `update` on all rows: a visitor owns no row.
 */
export function visitorWrites(app: AppDefinition, visitor: Visitor, table: Table): VisitorWrites {
  const writes: VisitorWrites = {
    canCreate: false,
    canUpdate: false,
    onCreate: new Set(),
    onUpdate: new Set(),
  };
  const typable = table.fields.filter(isTypable);
  const permission = permissionOf(visitor.role, table.id)?.permission;
  const visible = typable.filter((field) => !hides(visitor.role, table.id, field.id));
  if (permission?.create) {
    writes.canCreate = true;
    for (const field of visible) writes.onCreate.add(field.id);
  }
  if (permission?.update && permission.rowScope === 'all') {
    writes.canUpdate = true;
    for (const field of visible) writes.onUpdate.add(field.id);
  }
  const typableIds = new Set(typable.map((field) => field.id));
  for (const view of app.views) {
    if (view.kind !== 'form' || view.tableId !== table.id) continue;
    const open = view.allowedRoles === 'anyone' || view.allowedRoles.includes(visitor.role.id);
    if (!open) continue;
    const fields = view.sections.flatMap((section) => section.fields).filter((id) => typableIds.has(id));
    if (view.mode === 'edit') continue;
    writes.canCreate = true;
    for (const id of fields) writes.onCreate.add(id);
  }
  return writes;
}

/** A field with where it is in the definition. */
export interface Located<T> {
  value: T;
  path: readonly PropertyKey[];
}

export function findTable(app: AppDefinition, tableId: string): Located<Table> | undefined {
  const index = app.tables.findIndex((table) => table.id === tableId);
  const table = app.tables[index];
  return table ? { value: table, path: ['tables', index] } : undefined;
}

/**
 * The field whose value a field shows: itself, or for a lookup the field it looks up (through
 * lookups of lookups, a few levels deep). Undefined when a reference is broken.
 */
export function sourceField(app: AppDefinition, table: Table, field: Field, depth = 0): Field | undefined {
  if (field.type !== 'lookup') return field;
  if (depth >= 3) return undefined;
  const relation = table.fields.find((candidate) => candidate.id === field.relationFieldId);
  if (relation?.type !== 'relation') return undefined;
  const target = findTable(app, relation.targetTableId)?.value;
  const looked = target?.fields.find((candidate) => candidate.id === field.targetFieldId);
  return target && looked ? sourceField(app, target, looked, depth + 1) : undefined;
}

/** `"E-mail" in Registrations`: how messages name a field. */
export function fieldName(table: Table, field: Field): string {
  return `"${field.label}" in ${table.label}`;
}
