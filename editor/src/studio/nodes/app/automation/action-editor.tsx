import type {
  AppDefinition,
  Automation,
  AutomationAction,
  Table,
} from '../../../../../../schemas/definitions.ts';
import { ExpressionInput } from '../../../expression/ExpressionInput.tsx';
import { expressionSpec, placeholderProblem } from '../../../expression/expression-check.ts';
import { SelectInput, TextInput } from '../shared/panel-inputs.tsx';
import { iconButton } from '../shared/panel-shell.tsx';
import { settableFields, startingValue } from './default.ts';

type Notify = Extract<AutomationAction, { kind: 'notify' }>;
type Update = Extract<AutomationAction, { kind: 'update_record' }>;
type Start = Extract<AutomationAction, { kind: 'start_workflow' }>;

export interface ActionEditorProps {
  app: AppDefinition;
  automation: Automation;
  table: Table;
  action: AutomationAction;
  index: number;
  /** Replaces this action; returns the refusal, if any. Typing passes a coalesce key. */
  save: (action: AutomationAction, coalesceKey?: string) => string | undefined;
}

const addLink = 'text-xs font-medium text-indigo-700 hover:underline';

/** The settings of one action, by kind. */
export function ActionEditor(props: ActionEditorProps) {
  switch (props.action.kind) {
    case 'notify':
      return <NotifySettings {...props} action={props.action} />;
    case 'update_record':
      return <UpdateSettings {...props} action={props.action} />;
    case 'start_workflow':
      return <StartSettings {...props} action={props.action} />;
  }
}

function NotifySettings({
  app,
  automation,
  table,
  action,
  index,
  save,
}: ActionEditorProps & { action: Notify }) {
  const key = `automation:${automation.id}.action.${index}`;
  const spec = expressionSpec(app, { kind: 'value', tableId: table.id, trigger: automation.trigger.on });
  const to = action.to;
  const emails = table.fields.filter((f) => f.type === 'email').map((f) => ({ value: f.id, label: f.label }));
  const recipient = (kind: string): Notify['to'] =>
    kind === 'address'
      ? { kind: 'address', email: 'someone@example.com' }
      : kind === 'field'
        ? { kind: 'field', fieldId: emails[0]?.value ?? '' }
        : { kind: 'role', roleId: app.access.defaultRoleId };
  return (
    <>
      <SelectInput
        label="How"
        value={action.channel}
        choices={[
          { value: 'in_app', label: 'A message in the app' },
          { value: 'email', label: 'An e-mail' },
        ]}
        onCommit={(channel) => save({ ...action, channel: channel as Notify['channel'] })}
      />
      <SelectInput
        label="To"
        value={to.kind}
        choices={[
          { value: 'role', label: 'Everyone with a role' },
          { value: 'field', label: 'The address in a field of the row' },
          { value: 'address', label: 'A fixed address' },
        ]}
        onCommit={(kind) => save({ ...action, to: recipient(kind) })}
      />
      {to.kind === 'role' && (
        <SelectInput
          label="Role"
          value={to.roleId}
          choices={app.access.roles.map((role) => ({ value: role.id, label: role.label }))}
          onCommit={(roleId) => save({ ...action, to: { kind: 'role', roleId } })}
        />
      )}
      {to.kind === 'field' && (
        <SelectInput
          label="E-mail field"
          value={to.fieldId}
          choices={emails}
          hint={emails.length === 0 ? 'This table has no e-mail field.' : undefined}
          onCommit={(fieldId) => save({ ...action, to: { kind: 'field', fieldId } })}
        />
      )}
      {to.kind === 'address' && (
        <TextInput
          label="Address"
          value={to.email}
          onCommit={(email) => save({ ...action, to: { kind: 'address', email } }, `${key}.email`)}
        />
      )}
      <TextInput
        label="Subject"
        value={action.subject}
        hint={placeholderProblem(action.subject, spec) ?? 'Put values of the row in {{ }}: {{record.title}}'}
        onCommit={(subject) => save({ ...action, subject }, `${key}.subject`)}
      />
      <TextInput
        label="Message"
        value={action.body}
        multiline
        hint={placeholderProblem(action.body, spec)}
        onCommit={(body) => save({ ...action, body }, `${key}.body`)}
      />
    </>
  );
}

function UpdateSettings({
  app,
  automation,
  table,
  action,
  index,
  save,
}: ActionEditorProps & { action: Update }) {
  const key = `automation:${automation.id}.action.${index}`;
  const relations = table.fields.filter((f) => f.type === 'relation');
  const relationFieldId = action.target === 'this' ? undefined : action.target.relationFieldId;
  const relation = relations.find((f) => f.id === relationFieldId);
  const targetTable =
    action.target === 'this'
      ? table
      : relation?.type === 'relation'
        ? app.tables.find((t) => t.id === relation.targetTableId)
        : undefined;
  const fields = settableFields(targetTable);
  const setAt = (i: number, next: Update['set'][number], coalesceKey?: string) =>
    save({ ...action, set: action.set.map((a, j) => (j === i ? next : a)) }, coalesceKey);
  return (
    <>
      <SelectInput
        label="Rows to update"
        value={relationFieldId ?? 'this'}
        choices={[
          { value: 'this', label: 'The row itself' },
          ...relations.map((f) => ({ value: f.id, label: `Rows related through ${f.label}` })),
        ]}
        onCommit={(value) => {
          const related = relations.find((f) => f.id === value);
          const destination =
            value === 'this'
              ? table
              : related?.type === 'relation'
                ? app.tables.find((t) => t.id === related.targetTableId)
                : undefined;
          const first = settableFields(destination)[0];
          return save({
            ...action,
            target: value === 'this' ? 'this' : { relationFieldId: value },
            // The fields set belong to the table reached; another table starts over with its first field.
            set: first ? [{ fieldId: first.id, value: startingValue(first) }] : action.set,
          });
        }}
      />
      {action.set.map((assignment, i) => {
        const field = fields.find((f) => f.id === assignment.fieldId);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: assignments have no id; the index is the row in the definition
          <div key={`set-${i}`} className="space-y-2 rounded-md border border-neutral-200 p-2">
            <div className="flex items-end gap-1">
              <div className="min-w-0 flex-1">
                <SelectInput
                  label={`Set field ${i + 1}`}
                  value={assignment.fieldId}
                  choices={fields.map((f) => ({ value: f.id, label: f.label }))}
                  onCommit={(fieldId) =>
                    setAt(i, { fieldId, value: startingValue(fields.find((f) => f.id === fieldId)) })
                  }
                />
              </div>
              <button
                type="button"
                className={iconButton}
                aria-label={`Stop setting ${field?.label ?? assignment.fieldId}`}
                disabled={action.set.length === 1}
                onClick={() => save({ ...action, set: action.set.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            </div>
            <ExpressionInput
              label={`New value of ${field?.label ?? assignment.fieldId}`}
              value={assignment.value}
              rows={1}
              spec={expressionSpec(app, {
                kind: 'assignment',
                tableId: table.id,
                trigger: automation.trigger.on,
                target: { ...(relationFieldId ? { relationFieldId } : {}), fieldId: assignment.fieldId },
              })}
              onChange={(value) => setAt(i, { ...assignment, value }, `${key}.set.${i}`)}
            />
          </div>
        );
      })}
      {fields[0] && action.set.length < 50 && (
        <button
          type="button"
          className={addLink}
          onClick={() => {
            const next = fields.find((f) => !action.set.some((a) => a.fieldId === f.id)) ?? fields[0]!;
            save({ ...action, set: [...action.set, { fieldId: next.id, value: startingValue(next) }] });
          }}
        >
          + Set another field
        </button>
      )}
    </>
  );
}

function StartSettings({
  app,
  automation,
  table,
  action,
  index,
  save,
}: ActionEditorProps & { action: Start }) {
  const key = `automation:${automation.id}.action.${index}`;
  const spec = expressionSpec(app, { kind: 'value', tableId: table.id, trigger: automation.trigger.on });
  const setAt = (i: number, next: Start['input'][number], coalesceKey: string) =>
    save({ ...action, input: action.input.map((input, j) => (j === i ? next : input)) }, coalesceKey);
  return (
    <>
      <TextInput
        label="Workflow id"
        value={action.workflowId}
        monospace
        onCommit={(workflowId) => save({ ...action, workflowId }, `${key}.workflow`)}
      />
      {action.input.map((input, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: inputs have no id, and their key is edited here
        <div key={`input-${i}`} className="space-y-2 rounded-md border border-neutral-200 p-2">
          <div className="flex items-end gap-1">
            <div className="min-w-0 flex-1">
              <TextInput
                label={`Input ${i + 1} name`}
                value={input.key}
                monospace
                onCommit={(name) => setAt(i, { ...input, key: name }, `${key}.input.${i}.key`)}
              />
            </div>
            <button
              type="button"
              className={iconButton}
              aria-label={`Remove input ${input.key}`}
              onClick={() => save({ ...action, input: action.input.filter((_, j) => j !== i) })}
            >
              ✕
            </button>
          </div>
          <ExpressionInput
            label={`Value of ${input.key}`}
            value={input.value}
            rows={1}
            spec={spec}
            onChange={(value) => setAt(i, { ...input, value }, `${key}.input.${i}.value`)}
          />
        </div>
      ))}
      {action.input.length < 50 && (
        <button
          type="button"
          className={addLink}
          onClick={() =>
            save({
              ...action,
              input: [
                ...action.input,
                { key: `input_${action.input.length + 1}`, value: `record.${table.primaryFieldId}` },
              ],
            })
          }
        >
          + Pass a value to the workflow
        </button>
      )}
    </>
  );
}
