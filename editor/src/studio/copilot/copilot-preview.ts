import { diffDefinitions } from '../../../../runtime/definitions/diff.ts';
import type { DefinitionChange, DefinitionDiff } from '../../../../runtime/definitions/diff-change.ts';
import { nodeIdOf } from '../graph/node-ids.ts';
import type { StudioDefinition } from '../model/edit-result.ts';
import { locateIssue } from '../model/issue-location.ts';
import type { CopilotProblem } from './copilot-problem.ts';

/** A proposal as the canvas previews it: the saved draft, the draft after the patch, and their diff. */
export interface CopilotPreview {
  before: StudioDefinition;
  after: StudioDefinition;
  diff: DefinitionDiff;
}

/**
 * The preview of the server's `proposed` definition against the draft it was made for, with the
 * same change list a version diff shows. The server validated `proposed`; this only refuses what
 * the canvas cannot draw as a diff of this draft (another kind of definition).
 */
export function copilotPreview(
  before: StudioDefinition,
  proposed: Record<string, unknown>,
): { ok: true; preview: CopilotPreview } | { ok: false; problem: CopilotProblem } {
  if (proposed.kind !== before.kind)
    return {
      ok: false,
      problem: {
        kind: 'invalid',
        message: `The co-pilot proposed a ${String(proposed.kind)} definition for this ${before.kind}, so it cannot be previewed. Ask again.`,
      },
    };
  const after = proposed as unknown as StudioDefinition;
  try {
    return { ok: true, preview: { before, after, diff: diffDefinitions(before, after) } };
  } catch (error) {
    return {
      ok: false,
      problem: {
        kind: 'invalid',
        message: `The co-pilot's change could not be compared with the draft (${error instanceof Error ? error.message : 'unknown error'}). Ask again.`,
      },
    };
  }
}

/** The canvas node a change of the preview is about (a removed one is found in the draft before). */
export function previewNodeOf(preview: CopilotPreview, change: DefinitionChange): string | undefined {
  const where = locateIssue(change.kind === 'removed' ? preview.before : preview.after, change.path);
  return nodeIdOf(change.entity, change.id ?? where.id, where.tableId);
}
