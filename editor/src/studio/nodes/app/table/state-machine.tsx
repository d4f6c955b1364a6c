import type { AppDefinition, StateTransition, Table } from '../../../../../../schemas/definitions.ts';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { expressionSpec } from '../../../expression/expression-check.ts';
import { CheckboxInput, SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { iconButton, Notice, PanelSection } from '../shared/panel-shell.tsx';
import { useApplyEdit, useEditNotice } from '../shared/use-app-edit.ts';
import {
  addTransition,
  removeStateMachine,
  removeTransition,
  setInitialState,
  startStateMachine,
  updateTransition,
} from './table-edits.ts';

/**
 * A state machine over one single-choice field: where rows start, and the moves allowed between
 * options — from which states, to which, under what condition, by which roles.
 */
export function StateMachineEditor({ app, table }: { app: AppDefinition; table: Table }) {
  const apply = useApplyEdit();
  const { notice, run } = useEditNotice();
  const machine = table.stateMachine;
  const selects = table.fields.filter((field) => field.type === 'single_select');
  const field = table.fields.find((f) => f.id === machine?.fieldId);
  const options = field?.type === 'single_select' ? field.options : [];
  const states = options.map((option) => ({ value: option.id, label: option.label }));
  const fieldChoices = selects.map((f) => ({ value: f.id, label: f.label }));

  return (
    <PanelSection title="State machine">
      {!machine ? (
        <>
          <p className="text-xs text-neutral-500">
            Rows move between the options of a single-choice field (a status) only along the transitions you
            allow.
          </p>
          <button
            type="button"
            onClick={() => run((d) => startStateMachine(d, { tableId: table.id }))}
            className="self-start text-xs font-medium text-indigo-700 hover:underline"
          >
            + Add a state machine
          </button>
        </>
      ) : (
        <>
          <SelectInput
            label="State field"
            value={machine.fieldId}
            choices={fieldChoices}
            hint="Choosing another field starts its transitions over."
            onCommit={(fieldId) => apply((d) => startStateMachine(d, { tableId: table.id, fieldId }))}
          />
          <SelectInput
            label="New rows start in"
            value={machine.initial}
            choices={states}
            onCommit={(initial) => apply((d) => setInitialState(d, { tableId: table.id, initial }))}
          />
          <ol className="space-y-2">
            {machine.transitions.map((transition, i) => (
              <TransitionEditor
                key={transition.id}
                app={app}
                table={table}
                transition={transition}
                position={i + 1}
                states={states}
              />
            ))}
          </ol>
          <div className="flex justify-between">
            <button
              type="button"
              onClick={() => run((d) => addTransition(d, { tableId: table.id }))}
              className="text-xs font-medium text-indigo-700 hover:underline"
            >
              + Add transition
            </button>
            <button
              type="button"
              onClick={() => run((d) => removeStateMachine(d, { tableId: table.id }))}
              className="text-xs font-medium text-red-700 hover:underline"
            >
              Remove state machine
            </button>
          </div>
        </>
      )}
      <Notice message={notice} />
    </PanelSection>
  );
}

interface TransitionEditorProps {
  app: AppDefinition;
  table: Table;
  transition: StateTransition;
  position: number;
  states: { value: string; label: string }[];
}

function TransitionEditor({ app, table, transition, position, states }: TransitionEditorProps) {
  const apply = useApplyEdit();
  const { notice, run } = useEditNotice();
  const key = `transition:${table.id}.${transition.id}`;
  const edit = (patch: Partial<Omit<StateTransition, 'id'>>, what?: string) =>
    apply(
      (d) => updateTransition(d, { tableId: table.id, transitionId: transition.id, patch }),
      what && `${key}.${what}`,
    );
  const from = transition.from === '*' ? undefined : transition.from;
  const toggleFrom = (state: string, on: boolean) => {
    const current = from ?? [];
    return edit({ from: on ? [...current, state] : current.filter((s) => s !== state) });
  };
  const roles = transition.roles ?? [];
  const name = transition.label ?? `Transition ${position}`;
  return (
    <li className="space-y-2 rounded-lg border border-neutral-200 p-3">
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-neutral-600">{name}</span>
        <button
          type="button"
          className={iconButton}
          aria-label={`Remove ${name}`}
          onClick={() => run((d) => removeTransition(d, { tableId: table.id, transitionId: transition.id }))}
        >
          ✕
        </button>
      </div>
      <TextInput
        label="Button text"
        value={transition.label ?? ''}
        placeholder="e.g. Approve"
        onCommit={(label) => edit({ label: label || undefined }, 'label')}
      />
      <fieldset className="space-y-1">
        <legend className="text-xs font-medium text-neutral-700">From</legend>
        <CheckboxInput
          label="Any state"
          checked={!from}
          onCommit={(any) => edit({ from: any ? '*' : states.slice(0, 1).map((s) => s.value) })}
        />
        {from &&
          states.map((state) => (
            <CheckboxInput
              key={state.value}
              label={state.label}
              checked={from.includes(state.value)}
              onCommit={(on) => toggleFrom(state.value, on)}
            />
          ))}
      </fieldset>
      <SelectInput label="To" value={transition.to} choices={states} onCommit={(to) => edit({ to })} />
      <ExpressionInput
        label="Only when (optional)"
        value={transition.guard ?? ''}
        optional
        spec={expressionSpec(app, { kind: 'guard', tableId: table.id })}
        onChange={(guard) => edit({ guard: guard.trim() === '' ? undefined : guard }, 'guard')}
        hint="e.g. record.amount > 0"
      />
      {app.access.roles.length > 0 && (
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-neutral-700">Who may make this move</legend>
          <p className="text-xs text-neutral-500">None ticked: every role that may change the row.</p>
          {app.access.roles.map((role) => (
            <CheckboxInput
              key={role.id}
              label={role.label}
              checked={roles.includes(role.id)}
              onCommit={(on) =>
                edit({ roles: on ? [...roles, role.id] : roles.filter((r) => r !== role.id) })
              }
            />
          ))}
        </fieldset>
      )}
      <Notice message={notice} />
    </li>
  );
}
