import {
  type AppDefinition,
  type StateMachine,
  type StateTransition,
  Table,
  type ValidationRule,
} from '../../../../../../schemas/definitions.ts';
import { findTable, missing } from '../../../model/app-parts.ts';
import { type EditResult, edited, quoted, refused } from '../../../model/edit-result.ts';
import { idFromLabel, uniqueId } from '../../../model/ids.ts';

/**
 * Table edits the model has no operation for yet — description, icon, validation rules and the
 * state machine — in the model's style: pure, checked against the `Table` schema, refused with a
 * reason. What the schema accepts but the validator does not (an expression being typed, a
 * transition to a removed option) is a problem shown on the node, so typing is never blocked.
 */

type TablePatch = Partial<Pick<Table, 'description' | 'icon' | 'validationRules' | 'stateMachine'>>;

const WORDS: Record<string, string> = {
  description: 'description',
  icon: 'icon',
  expression: 'rule',
  message: 'message',
  guard: 'condition',
  label: 'name',
  from: '"from" states',
  transitions: 'list of transitions',
};

/** Sets (or, with `undefined` or an empty list, clears) table-level settings. */
export function updateTable(
  app: AppDefinition,
  args: { tableId: string; patch: TablePatch },
): EditResult<AppDefinition> {
  const table = findTable(app, args.tableId);
  if (!table) return refused(missing('table', args.tableId));
  const merged: Record<string, unknown> = { ...table };
  for (const [key, value] of Object.entries(args.patch)) {
    const empty = value === undefined || (Array.isArray(value) && value.length === 0) || value === '';
    if (empty) delete merged[key];
    else merged[key] = value;
  }
  const parsed = Table.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = [...issue.path].reverse().find((part) => typeof part === 'string') ?? '';
    // Zod's own wording for an empty string is for developers; the schema's named messages are kept.
    const empty = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1;
    return refused(`The ${WORDS[key] ?? key} ${empty ? 'must not be empty' : issue.message}.`);
  }
  return edited({ ...app, tables: app.tables.map((t) => (t.id === table.id ? (merged as Table) : t)) });
}

function withTable(
  app: AppDefinition,
  tableId: string,
  change: (table: Table) => TablePatch | string,
): EditResult<AppDefinition> {
  const table = findTable(app, tableId);
  if (!table) return refused(missing('table', tableId));
  const patch = change(table);
  return typeof patch === 'string' ? refused(patch) : updateTable(app, { tableId, patch });
}

/** A new rule that holds for every row until the builder writes it: `true` type-checks at once. */
export function addValidationRule(app: AppDefinition, args: { tableId: string }): EditResult<AppDefinition> {
  return withTable(app, args.tableId, (table) => {
    const rules = table.validationRules ?? [];
    const id = uniqueId(
      'rule',
      rules.map((rule) => rule.id),
    );
    return { validationRules: [...rules, { id, expression: 'true', message: 'This row is not valid.' }] };
  });
}

export function updateValidationRule(
  app: AppDefinition,
  args: { tableId: string; ruleId: string; patch: Partial<Omit<ValidationRule, 'id'>> },
): EditResult<AppDefinition> {
  return withTable(app, args.tableId, (table) => {
    const rules = table.validationRules ?? [];
    if (!rules.some((rule) => rule.id === args.ruleId)) return missing('rule', args.ruleId);
    return {
      validationRules: rules.map((rule) => (rule.id === args.ruleId ? { ...rule, ...args.patch } : rule)),
    };
  });
}

export function removeValidationRule(
  app: AppDefinition,
  args: { tableId: string; ruleId: string },
): EditResult<AppDefinition> {
  return withTable(app, args.tableId, (table) => ({
    validationRules: (table.validationRules ?? []).filter((rule) => rule.id !== args.ruleId),
  }));
}

/**
 * A state machine over a single-choice field (the first one, or `fieldId`): it starts in the
 * field's default (or first option) and may move from any state to any other — valid as it is,
 * and the builder narrows it down.
 */
export function startStateMachine(
  app: AppDefinition,
  args: { tableId: string; fieldId?: string },
): EditResult<AppDefinition> {
  return withTable(app, args.tableId, (table) => {
    const field = table.fields.find((candidate) =>
      args.fieldId === undefined ? candidate.type === 'single_select' : candidate.id === args.fieldId,
    );
    if (field?.type !== 'single_select')
      return `A state machine moves a single-choice field between its options, and table ${quoted(table.label)} has none; add one first.`;
    const initial = field.default ?? field.options[0]!.id;
    const ids: string[] = [];
    const transitions: StateTransition[] = field.options.map((option) => {
      const id = uniqueId(idFromLabel(`to ${option.label}`, 'transition'), ids);
      ids.push(id);
      return { id, label: `Move to ${option.label}`, from: '*', to: option.id };
    });
    return { stateMachine: { fieldId: field.id, initial, transitions } };
  });
}

export function removeStateMachine(app: AppDefinition, args: { tableId: string }): EditResult<AppDefinition> {
  return withTable(app, args.tableId, () => ({ stateMachine: undefined }));
}

export function setInitialState(
  app: AppDefinition,
  args: { tableId: string; initial: string },
): EditResult<AppDefinition> {
  return withMachine(app, args.tableId, (machine) => ({ ...machine, initial: args.initial }));
}

/** A new transition from the initial state to the next option, for the builder to adjust. */
export function addTransition(app: AppDefinition, args: { tableId: string }): EditResult<AppDefinition> {
  return withMachine(app, args.tableId, (machine, table) => {
    const field = table.fields.find((candidate) => candidate.id === machine.fieldId);
    const options = field?.type === 'single_select' ? field.options.map((option) => option.id) : [];
    const to = options.find((option) => option !== machine.initial) ?? machine.initial;
    const id = uniqueId(
      'transition',
      machine.transitions.map((t) => t.id),
    );
    return { ...machine, transitions: [...machine.transitions, { id, from: [machine.initial], to }] };
  });
}

/** Sets a transition's settings; `guard`, `label` or `roles` set to `undefined` (or empty) are removed. */
export function updateTransition(
  app: AppDefinition,
  args: { tableId: string; transitionId: string; patch: Partial<Omit<StateTransition, 'id'>> },
): EditResult<AppDefinition> {
  return withMachine(app, args.tableId, (machine) => {
    if (!machine.transitions.some((t) => t.id === args.transitionId))
      return missing('transition', args.transitionId);
    const transitions = machine.transitions.map((transition) => {
      if (transition.id !== args.transitionId) return transition;
      const next: Record<string, unknown> = { ...transition };
      for (const [key, value] of Object.entries(args.patch)) {
        const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
        if (empty && key !== 'from') delete next[key];
        else next[key] = value;
      }
      return next as StateTransition;
    });
    return { ...machine, transitions };
  });
}

export function removeTransition(
  app: AppDefinition,
  args: { tableId: string; transitionId: string },
): EditResult<AppDefinition> {
  return withMachine(app, args.tableId, (machine) => {
    if (machine.transitions.length === 1)
      return 'A state machine needs at least one transition; remove the state machine instead.';
    return { ...machine, transitions: machine.transitions.filter((t) => t.id !== args.transitionId) };
  });
}

function withMachine(
  app: AppDefinition,
  tableId: string,
  change: (machine: StateMachine, table: Table) => StateMachine | string,
): EditResult<AppDefinition> {
  return withTable(app, tableId, (table) => {
    if (!table.stateMachine) return `Table ${quoted(table.label)} has no state machine.`;
    const machine = change(table.stateMachine, table);
    return typeof machine === 'string' ? machine : { stateMachine: machine };
  });
}
