import {
  type DefinitionIssue,
  type ValidateOptions,
  validateDefinition,
} from '../../../../runtime/definitions/index.ts';
import { nodeIdOf } from '../graph/node-ids.ts';
import type { StudioDefinition } from '../model/edit-result.ts';
import { locateIssue } from '../model/issue-location.ts';

/** A validator issue placed on the canvas: the node it belongs to and, in a table, the field row. */
export interface Problem extends DefinitionIssue {
  nodeId?: string;
  fieldId?: string;
  /** What a problems list shows before the message: `field "Price" of table "Orders"`. */
  where: string;
}

export interface Problems {
  all: readonly Problem[];
  byNode: ReadonlyMap<string, readonly Problem[]>;
  /** Problems of the definition as a whole (access, connections): listed, on no node. */
  unplaced: readonly Problem[];
}

export const NO_PROBLEMS: Problems = { all: [], byNode: new Map(), unplaced: [] };

/** Each issue with the node its path points into (`tables[i]…` → that table's node). */
export function placeProblems(definition: StudioDefinition, issues: readonly DefinitionIssue[]): Problems {
  const all: Problem[] = [];
  const byNode = new Map<string, Problem[]>();
  const unplaced: Problem[] = [];
  for (const issue of issues) {
    const at = locateIssue(definition, issue.path);
    const nodeId = nodeIdOf(at.entity, at.id, at.tableId);
    const problem: Problem = {
      ...issue,
      where: at.name,
      ...(nodeId ? { nodeId } : {}),
      ...(at.entity === 'field' && at.id ? { fieldId: at.id } : {}),
    };
    all.push(problem);
    if (!nodeId) unplaced.push(problem);
    else byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), problem]);
  }
  return { all, byNode, unplaced };
}

/**
 * A memoised `problemsOf(definition)`: the server's own validator, run once per definition
 * object. Edits share what they do not change and undo returns earlier objects, so going back
 * and forth through history validates nothing twice.
 */
export function problemFinder(options: ValidateOptions = {}): (definition: StudioDefinition) => Problems {
  const memo = new WeakMap<StudioDefinition, Problems>();
  return (definition) => {
    const cached = memo.get(definition);
    if (cached) return cached;
    const result = validateDefinition(definition, options);
    const problems = result.ok ? NO_PROBLEMS : placeProblems(definition, result.errors);
    memo.set(definition, problems);
    return problems;
  };
}
