import { z } from 'zod';
import { Description, HexColor, Id, Label, SCHEMA_VERSION, Slug } from '../common.ts';
import { Access } from './access.ts';
import { Automation } from './automations.ts';
import { Field } from './fields.ts';
import { StateMachine, ValidationRule } from './logic.ts';
import { View } from './views.ts';

export const Table = z.strictObject({
  id: Id,
  label: Label,
  description: Description.optional(),
  icon: z.string().max(40).optional(),
  fields: z.array(Field).min(1, 'needs at least one field').max(200),
  /** The field that names a row (in titles, relation pickers, lookups). */
  primaryFieldId: Id,
  validationRules: z.array(ValidationRule).max(50).optional(),
  stateMachine: StateMachine.optional(),
});
export type Table = z.infer<typeof Table>;

export const NavigationItem = z.strictObject({ viewId: Id, label: Label.optional() });

/** Components mode: a declarative app served by the component runtime at /u/{username}/{slug}. */
export const AppDefinition = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('app'),
  name: Label,
  slug: Slug,
  description: Description.optional(),
  /** An emoji or an icon name. */
  icon: z.string().max(40).optional(),
  themeColor: HexColor,
  tables: z.array(Table).min(1, 'needs at least one table').max(200),
  views: z.array(View).max(500),
  access: Access,
  automations: z.array(Automation).max(100),
  /** The views end users can open, in this order; the first is the home page. */
  navigation: z.array(NavigationItem).max(50),
});
export type AppDefinition = z.infer<typeof AppDefinition>;
