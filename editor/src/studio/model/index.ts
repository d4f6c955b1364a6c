/**
 * Pure edit operations on app and workflow definitions — the studio's whole editing vocabulary,
 * apart from React. Each takes a definition and arguments and returns an `EditResult`: the new
 * definition (the input untouched, unchanged parts shared) with what it created and removed
 * along the way, or the reason it was refused.
 */
export { type AutomationKind, addAutomation, updateAutomation } from './app-automations.ts';
export {
  type FieldConstraints,
  type FieldPatch,
  moveField,
  setFieldConstraints,
  updateField,
} from './app-field-settings.ts';
export { type AddFieldArgs, addField, changeFieldType, setRelationCardinality } from './app-fields.ts';
export { type ConnectRelationArgs, connectRelation, INVERSE_CARDINALITY } from './app-relations.ts';
export {
  deleteAutomation,
  deleteField,
  deleteTable,
  deleteView,
  type FieldRef,
  type RemovalRequest,
  removeFromApp,
} from './app-removal.ts';
export {
  addTable,
  renameApp,
  renameAutomation,
  renameField,
  renameTable,
  renameView,
  setPrimaryField,
} from './app-tables.ts';
export { addView, updateView, VIEW_KINDS, viewSettings } from './app-views.ts';
export {
  type AppSelection,
  copyFromApp,
  copyFromWorkflow,
  pasteIntoApp,
  pasteIntoWorkflow,
  type StudioClipboard,
} from './clipboard.ts';
export type {
  CreatedEntity,
  Edit,
  EditResult,
  RemovedReference,
  StudioDefinition,
} from './edit-result.ts';
export {
  type Cardinality,
  FIELD_TYPE_LABELS,
  type FieldSpec,
  fieldSettings,
  fieldTypes,
  type PlainFieldType,
} from './field-defaults.ts';
export { describeIssues, type IssueLocation, locateIssue } from './issue-location.ts';
export {
  STEP_KIND_LABELS,
  STEP_KINDS,
  type StepChoices,
  stepSettings,
  TRIGGER_KINDS,
  type TriggerKind,
  triggerSettings,
} from './workflow-defaults.ts';
export { deleteStep } from './workflow-delete.ts';
export {
  addBranch,
  addStep,
  connectSteps,
  disconnectLink,
  renameBranch,
  renameStep,
  renameWorkflow,
  type StepPlace,
  setStart,
  setTrigger,
  updateStep,
} from './workflow-edit.ts';
export { branchLink, linksOf, linkTarget, type StepLink } from './workflow-links.ts';
