import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import { selectionOf } from '../studio/graph/node-ids.ts';
import { workflowGraph } from '../studio/graph/workflow-graph.ts';
import { type EditResult, refused } from '../studio/model/edit-result.ts';
import { copyFromWorkflow, deleteStep, pasteIntoWorkflow } from '../studio/model/index.ts';
import { workflowRegistry } from '../studio/nodes/workflow/workflow-registry.ts';
import type { DefinitionKind } from '../studio/page/definition-kind.ts';
import { addFromWorkflowPalette } from '../studio/palette/workflow/add-from-palette.ts';
import { connectFromCanvas } from '../studio/palette/workflow/connect.ts';
import { WorkflowPalette } from '../studio/palette/workflow/WorkflowPalette.tsx';
import { RunsPanel } from './runs/RunsPanel.tsx';
import { RunSelectionProvider } from './runs/run-selection.tsx';
import { WorkflowActions } from './runs/WorkflowActions.tsx';
import { withRunRecords } from './runs/with-run-records.tsx';
import { WorkflowSettingsPanel } from './WorkflowSettingsPanel.tsx';

/** Deletes several steps as one edit (each re-links around itself), or none when any refuses. */
function removeSteps(def: WorkflowDefinition, stepIds: readonly string[]): EditResult<WorkflowDefinition> {
  if (stepIds.length === 0)
    return refused('Select a step to delete it (the trigger stays: change its kind instead).');
  let current = def;
  const removed = [];
  const warnings = [];
  for (const stepId of stepIds) {
    const result = deleteStep(current, { stepId });
    if (!result.ok) return result;
    current = result.definition;
    removed.push(...result.removed);
    warnings.push(...result.warnings);
  }
  return { ok: true, definition: current, created: [], removed, warnings };
}

/**
 * The node panels with, while a run is selected, what the node did in it on top. Module level:
 * the inspector keys panels by identity.
 */
const registry = {
  ...workflowRegistry,
  panels: Object.fromEntries(
    Object.entries(workflowRegistry.panels).map(([type, Panel]) => [type, withRunRecords(Panel)]),
  ),
};

/**
 * The workflow canvas: the trigger, steps with their labelled outputs, for-each bodies grouped;
 * its status, activation and test runs in the header, and its runs in a side tab, the selected
 * run drawn over the canvas.
 */
export const workflowKind: DefinitionKind<WorkflowDefinition> = {
  noun: 'workflow',
  registry,
  graph: workflowGraph,
  Palette: ({ onAdded }) => <WorkflowPalette onAdded={onAdded} />,
  Settings: ({ id, readOnly }) => <WorkflowSettingsPanel id={id} readOnly={readOnly} />,
  remove: (def, nodeIds) => removeSteps(def, selectionOf(nodeIds).steps),
  copy: (def, nodeIds) => copyFromWorkflow(def, selectionOf(nodeIds).steps),
  paste: pasteIntoWorkflow,
  // A dropped step lands where it was dropped, unlinked; the builder drags a link to it.
  add: (def, itemId) => addFromWorkflowPalette(def, itemId, { detached: true }),
  connect: (def, connection) => connectFromCanvas(def, connection),
  Context: RunSelectionProvider,
  Actions: WorkflowActions,
  sideTabs: [{ id: 'runs', label: 'Runs', Panel: RunsPanel }],
};
