import { z } from 'zod';
import { JsonPatchOperation } from './json-patch.ts';

export const ChangeKind = z.enum(['added', 'removed', 'changed', 'moved', 'renamed']);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const ChangeEntity = z.enum([
  'app',
  'table',
  'field',
  'view',
  'automation',
  'role',
  'access',
  'navigation',
  'workflow',
  'trigger',
  'step',
  'connection',
  'secret',
  'spec',
  'file',
  'test',
]);
export type ChangeEntity = z.infer<typeof ChangeEntity>;

/** One change between two versions of a definition, as a reviewer reads it in the studio. */
export const DefinitionChange = z.object({
  kind: ChangeKind,
  entity: ChangeEntity,
  /** The entity's id (a file's path for files and tests). */
  id: z.string().optional(),
  /**
   * Where, in `formatPath` form: the entity's position in the new version (the old one when
   * removed), e.g. `tables[0].fields[2]`; for a part that is not in a list (the app itself,
   * access, the trigger, the spec) the changed property's path, e.g. `access.level`.
   */
  path: z.string(),
  /** e.g. `field "Title" renamed to "Name" in table "Recipes"`. */
  summary: z.string(),
  /** The old and new value: the entity when added or removed, its index when moved, else the property. */
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type DefinitionChange = z.infer<typeof DefinitionChange>;

export const DefinitionDiff = z.object({
  changes: z.array(DefinitionChange),
  /** Turns the old version into the new one: applyJsonPatch(a, patch) deep-equals b. */
  patch: z.array(JsonPatchOperation),
});
export type DefinitionDiff = z.infer<typeof DefinitionDiff>;
