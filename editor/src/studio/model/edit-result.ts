import type { ChangeEntity } from '../../../../runtime/definitions/diff-change.ts';
import type { AppDefinition, WorkflowDefinition } from '../../../../schemas/definitions.ts';

/** What the studio edits on the canvas: an app or a workflow (code bundles have no canvas). */
export type StudioDefinition = AppDefinition | WorkflowDefinition;

/** Something an edit took away or rewired beyond what was asked, so the UI can warn before it sticks. */
export interface RemovedReference {
  entity: ChangeEntity;
  /** The entity that lost the reference (a view that lost a column names the view). */
  id: string;
  /** The table of a field. */
  tableId?: string;
  /** What a person reads, e.g. `column "Price" removed from view "All orders"`. */
  summary: string;
}

/** An entity the edit made, so the UI can select it, place its node and start renaming it. */
export interface CreatedEntity {
  entity: ChangeEntity;
  id: string;
  tableId?: string;
}

/**
 * The outcome of one edit: the new definition (the input is never changed; untouched parts are
 * shared) and its side effects, or the reason it was refused — a refusal leaves nothing half done.
 */
export type EditResult<D> =
  | {
      ok: true;
      definition: D;
      created: CreatedEntity[];
      removed: RemovedReference[];
      /** Things the edit could not clean up that the validator will now report (e.g. an expression naming a deleted step). */
      warnings: string[];
    }
  | { ok: false; reason: string };

/** An edit ready to apply: what the store's `apply` takes. */
export type Edit<D> = (definition: D) => EditResult<D>;

export function edited<D>(
  definition: D,
  effects: { created?: CreatedEntity[]; removed?: RemovedReference[]; warnings?: string[] } = {},
): EditResult<D> {
  return {
    ok: true,
    definition,
    created: effects.created ?? [],
    removed: effects.removed ?? [],
    warnings: effects.warnings ?? [],
  };
}

export function refused<D>(reason: string): EditResult<D> {
  return { ok: false, reason };
}

/** `"Recipes"`: how summaries and reasons name things, as the runtime's messages do. */
export function quoted(label: string): string {
  return `"${label}"`;
}
