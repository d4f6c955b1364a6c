/**
 * Who may do what in a published app. The builder (owner) may do everything; end users and
 * visitors act through a role of the definition, which lists per table what it may create, read,
 * update and delete, whether that reaches every row or only the rows the end user created, and
 * which fields it never sees. The same decisions serve the data API, the viewer and CSV export.
 */
import type { AppDefinition, Role, Table } from '../../schemas/definitions.ts';

export type Actor =
  /** The builder of the app, in their own session. */
  | { kind: 'owner' }
  /** An invited (or signed-in) end user with an app-scoped session. */
  | { kind: 'end_user'; endUserId: string; roleId: string; email?: string }
  /** An anonymous visitor of a public app, with the app's default role. */
  | { kind: 'visitor'; roleId: string };

export type TableAction = 'create' | 'read' | 'update' | 'delete';

export interface AccessDecision {
  allowed: boolean;
  /** `own`: only rows whose `createdBy` is the actor's end-user id. */
  rowScope: 'all' | 'own';
  /** Why it is refused, in words an end user can read. */
  reason?: string;
}

/** The value stored as a row's creator (`createdBy` and `created_by` fields). */
export const OWNER_CREATOR = 'owner';

const VERB: Record<TableAction, string> = {
  create: 'create rows in',
  read: 'read rows of',
  update: 'update rows of',
  delete: 'delete rows of',
};

export function findTable(app: AppDefinition, tableId: string): Table | undefined {
  return app.tables.find((table) => table.id === tableId);
}

/** The actor's role; undefined for the owner (who has none) or a role the app does not define. */
export function roleOf(app: AppDefinition, actor: Actor): Role | undefined {
  if (actor.kind === 'owner') return undefined;
  return app.access.roles.find((role) => role.id === actor.roleId);
}

const refuse = (reason: string): AccessDecision => ({ allowed: false, rowScope: 'own', reason });

/** Whether `actor` may do `action` on `tableId`, and on which rows. */
export function can(app: AppDefinition, actor: Actor, tableId: string, action: TableAction): AccessDecision {
  const table = findTable(app, tableId);
  if (!table) return refuse(`there is no table "${tableId}" in this app`);
  if (actor.kind === 'owner') return { allowed: true, rowScope: 'all' };
  // The access level is checked again here so a route that forgets it still cannot leak rows.
  if (actor.kind === 'visitor' && app.access.level !== 'public')
    return refuse('this app is not public: sign in to use it');
  if (actor.kind === 'end_user' && app.access.level === 'private')
    return refuse('this app is private: only its builder can use it');
  const role = roleOf(app, actor);
  if (!role) return refuse(`the role "${actor.roleId}" does not exist in this app`);
  const permission = role.tables.find((entry) => entry.tableId === tableId);
  if (!permission) return refuse(`${role.label} has no access to ${table.label}`);
  if (!permission[action]) return refuse(`${role.label} may not ${VERB[action]} ${table.label}`);
  if (permission.rowScope === 'own' && actor.kind === 'visitor' && action !== 'create')
    // Visitors are anonymous, so no row is ever theirs: they may add rows but not see them again.
    return refuse(
      `visitors may not ${VERB[action]} ${table.label}: only the rows they created, and visitors have no account`,
    );
  return { allowed: true, rowScope: permission.rowScope };
}

/** Whether a row created by `createdBy` is the actor's own (always true for the owner). */
export function ownsRow(actor: Actor, createdBy: string | null): boolean {
  if (actor.kind === 'owner') return true;
  if (actor.kind === 'visitor') return false;
  return createdBy !== null && createdBy === actor.endUserId;
}

/** The creator to record for a new row: the end user's id, `owner`, or null for a visitor. */
export function creatorOf(actor: Actor): string | null {
  if (actor.kind === 'owner') return OWNER_CREATOR;
  return actor.kind === 'end_user' ? actor.endUserId : null;
}

/** The ids of the table's fields the actor may see: all of them but the role's hidden fields. */
export function visibleFieldIds(app: AppDefinition, actor: Actor, tableId: string): Set<string> {
  const table = findTable(app, tableId);
  if (!table) return new Set();
  const ids = table.fields.map((field) => field.id);
  if (actor.kind === 'owner') return new Set(ids);
  const role = roleOf(app, actor);
  // An unknown role sees nothing: failing closed is the safe way to be wrong.
  if (!role) return new Set();
  const hidden = new Set(
    (role.hiddenFields ?? []).filter((ref) => ref.tableId === tableId).map((ref) => ref.fieldId),
  );
  return new Set(ids.filter((id) => !hidden.has(id)));
}

/** A row as the actor may see it: its visible fields, plus `id`. */
export function project(
  row: { id: string; data: Record<string, unknown> },
  visible: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.data)) if (visible.has(key)) out[key] = value;
  out.id = row.id;
  return out;
}

/** `user` as expressions see it (`user.role == "manager"`); the owner's role reads `owner`. */
export function expressionUser(actor: Actor): Record<string, unknown> {
  if (actor.kind === 'owner') return { id: OWNER_CREATOR, role: OWNER_CREATOR };
  if (actor.kind === 'visitor') return { role: actor.roleId };
  return { id: actor.endUserId, role: actor.roleId, ...(actor.email ? { email: actor.email } : {}) };
}
