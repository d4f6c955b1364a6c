import { z } from 'zod';
import { Id, Label } from '../common.ts';

export const TablePermission = z.strictObject({
  tableId: Id,
  create: z.boolean(),
  read: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
  /** `own`: only rows this end user created. */
  rowScope: z.enum(['all', 'own']),
});
export type TablePermission = z.infer<typeof TablePermission>;

export const FieldRef = z.strictObject({ tableId: Id, fieldId: Id });
export type FieldRef = z.infer<typeof FieldRef>;

export const Role = z.strictObject({
  id: Id,
  label: Label,
  /** Tables not listed are out of reach for the role. */
  tables: z.array(TablePermission).max(200),
  /** Fields this role never sees (absent from pages and API answers, not greyed out). */
  hiddenFields: z.array(FieldRef).max(1000).optional(),
});
export type Role = z.infer<typeof Role>;

export const Access = z.strictObject({
  /** public: anyone with the URL; private: the builder only; invite_only: invited e-mails. */
  level: z.enum(['public', 'private', 'invite_only']),
  roles: z.array(Role).min(1, 'needs at least one role').max(20),
  /** The role of visitors of a public app and of newly invited end users. */
  defaultRoleId: Id,
});
export type Access = z.infer<typeof Access>;
