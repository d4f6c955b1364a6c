import { useEffect, useState } from 'react';
import {
  type Field,
  type FilterCondition,
  type FilterGroup,
  type FilterOperator,
  LIST_OPERATORS,
  NUMERIC_FIELD_TYPES,
  type Table,
  UNARY_OPERATORS,
} from '../../../../../../schemas/definitions.ts';
import { controlStyles } from '../shared/panel-inputs.tsx';
import { iconButton } from '../shared/panel-shell.tsx';

const OPERATORS: { value: FilterOperator; label: string }[] = [
  { value: 'eq', label: 'is' },
  { value: 'neq', label: 'is not' },
  { value: 'lt', label: 'is less than' },
  { value: 'lte', label: 'is at most' },
  { value: 'gt', label: 'is more than' },
  { value: 'gte', label: 'is at least' },
  { value: 'contains', label: 'contains' },
  { value: 'not_contains', label: 'does not contain' },
  { value: 'starts_with', label: 'starts with' },
  { value: 'in', label: 'is one of' },
  { value: 'not_in', label: 'is none of' },
  { value: 'is_empty', label: 'is empty' },
  { value: 'is_not_empty', label: 'is not empty' },
];

type Scalar = string | number | boolean;

/** A literal typed by the builder, as the field stores it: numbers as numbers, yes/no as booleans. */
export function literalFor(field: Field | undefined, text: string): Scalar {
  if (field && NUMERIC_FIELD_TYPES.has(field.type) && text.trim() !== '' && Number.isFinite(Number(text)))
    return Number(text);
  if (field?.type === 'boolean') return text === 'true';
  return text;
}

function valueFor(field: Field | undefined, op: FilterOperator, text: string): FilterCondition['value'] {
  if (UNARY_OPERATORS.has(op)) return undefined;
  if (LIST_OPERATORS.has(op))
    return text
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => literalFor(field, part));
  return literalFor(field, text);
}

const isGroup = (item: FilterCondition | FilterGroup): item is FilterGroup => 'conditions' in item;

interface FilterEditorProps {
  table: Table;
  filter: FilterGroup | undefined;
  onCommit: (filter: FilterGroup | undefined) => string | undefined;
}

/**
 * The rows a view shows: conditions on fields, all or any of them. Values are literals, never
 * expressions (filters become parameterised SQL). Nested groups an agent wrote are kept and
 * listed; they can be removed here but are edited as a whole by the co-pilot.
 */
export function FilterEditor({ table, filter, onCommit }: FilterEditorProps) {
  const conditions = filter?.conditions ?? [];
  const save = (next: (FilterCondition | FilterGroup)[], combinator = filter?.combinator ?? 'and') =>
    onCommit(next.length ? { combinator, conditions: next } : undefined);
  const replace = (i: number, item: FilterCondition) => save(conditions.map((c, j) => (j === i ? item : c)));
  const first = table.fields[0];
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-xs font-medium text-neutral-700">Show rows where</legend>
      <div className="flex items-center justify-end gap-2">
        {conditions.length > 1 && (
          <select
            aria-label="Combine the conditions"
            value={filter?.combinator ?? 'and'}
            onChange={(event) => save(conditions, event.target.value as 'and' | 'or')}
            className={`${controlStyles} w-auto border-neutral-300 py-0.5 text-xs`}
          >
            <option value="and">all of these hold</option>
            <option value="or">any of these holds</option>
          </select>
        )}
      </div>
      {conditions.length === 0 && <p className="text-xs text-neutral-500">No filter: every row is shown.</p>}
      <ul className="space-y-1.5">
        {conditions.map((item, i) =>
          isGroup(item) ? (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; the index is the condition in the filter
              key={`group-${i}`}
              className="flex items-center gap-2 rounded-md bg-neutral-50 px-2 py-1 text-xs text-neutral-600"
            >
              <span className="flex-1">
                A group: {item.combinator === 'and' ? 'all' : 'any'} of {item.conditions.length} conditions
              </span>
              <button
                type="button"
                className={iconButton}
                aria-label={`Remove condition group ${i + 1}`}
                onClick={() => save(conditions.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ) : (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; the index is the condition in the filter
              key={`condition-${i}`}
              table={table}
              condition={item}
              position={i + 1}
              onChange={(next) => replace(i, next)}
              onRemove={() => save(conditions.filter((_, j) => j !== i))}
            />
          ),
        )}
      </ul>
      {first && (
        <button
          type="button"
          onClick={() => save([...conditions, { fieldId: first.id, op: 'is_not_empty' }])}
          className="text-xs font-medium text-indigo-700 hover:underline"
        >
          + Add condition
        </button>
      )}
    </fieldset>
  );
}

interface ConditionRowProps {
  table: Table;
  condition: FilterCondition;
  position: number;
  onChange: (condition: FilterCondition) => void;
  onRemove: () => void;
}

function ConditionRow({ table, condition, position, onChange, onRemove }: ConditionRowProps) {
  const field = table.fields.find((f) => f.id === condition.fieldId);
  const text = Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value ?? '');
  const set = (next: Partial<FilterCondition>) => {
    const merged = { ...condition, ...next };
    const nextField = table.fields.find((f) => f.id === merged.fieldId);
    const value = valueFor(nextField, merged.op, next.value !== undefined ? String(next.value) : text);
    const { value: _old, ...rest } = merged;
    onChange(value === undefined ? rest : { ...rest, value });
  };
  const options =
    field?.type === 'single_select' || field?.type === 'multi_select' ? field.options : undefined;
  const single = !UNARY_OPERATORS.has(condition.op) && !LIST_OPERATORS.has(condition.op);
  const small = `${controlStyles} border-neutral-300 py-1 text-xs`;
  return (
    <li className="space-y-1 rounded-md border border-neutral-200 p-2">
      <div className="flex items-center gap-1">
        <select
          aria-label={`Field of condition ${position}`}
          value={condition.fieldId}
          onChange={(event) => set({ fieldId: event.target.value })}
          className={small}
        >
          {!field && <option value={condition.fieldId}>{condition.fieldId} (missing)</option>}
          {table.fields.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={iconButton}
          aria-label={`Remove condition ${position}`}
          onClick={onRemove}
        >
          ✕
        </button>
      </div>
      <select
        aria-label={`Comparison of condition ${position}`}
        value={condition.op}
        onChange={(event) => set({ op: event.target.value as FilterOperator })}
        className={small}
      >
        {OPERATORS.map((op) => (
          <option key={op.value} value={op.value}>
            {op.label}
          </option>
        ))}
      </select>
      {!UNARY_OPERATORS.has(condition.op) &&
        (single && field?.type === 'boolean' ? (
          <select
            aria-label={`Value of condition ${position}`}
            value={text}
            onChange={(e) => set({ value: e.target.value })}
            className={small}
          >
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        ) : single && options ? (
          <select
            aria-label={`Value of condition ${position}`}
            value={text}
            onChange={(e) => set({ value: e.target.value })}
            className={small}
          >
            {!options.some((o) => o.id === text) && <option value={text}>{text || 'Choose…'}</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <ValueInput
            label={`Value of condition ${position}${single ? '' : ' (separate values with commas)'}`}
            text={text}
            placeholder={single ? 'Value' : 'value, another value'}
            onChange={(value) => set({ value })}
            className={small}
          />
        ))}
    </li>
  );
}

/**
 * The typed text, kept while it reads the same as the stored value: `a, ` on the way to `a, b`
 * is stored as `["a"]`, and showing that back would swallow the comma.
 */
function ValueInput(props: {
  label: string;
  text: string;
  placeholder: string;
  onChange: (text: string) => void;
  className: string;
}) {
  const { label, text, placeholder, onChange, className } = props;
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  return (
    <input
      aria-label={label}
      value={draft}
      placeholder={placeholder}
      onChange={(event) => {
        setDraft(event.target.value);
        onChange(event.target.value);
      }}
      className={className}
    />
  );
}
