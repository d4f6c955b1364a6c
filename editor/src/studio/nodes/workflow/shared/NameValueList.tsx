import type { WorkflowDefinition } from '../../../../../../schemas/definitions.ts';
import { ExpressionField } from './ExpressionField.tsx';
import type { WorkflowExpressionPlace } from './expression-spec.ts';
import { DraftText, SmallButton } from './fields.tsx';
import { committed, type WorkflowEditResult } from './use-workflow-edit.ts';

export interface NameValue {
  name: string;
  value: string;
}

export interface ListBinding<T> {
  /** The list as the definition holds it now (undefined when the setting is absent). */
  read: (definition: WorkflowDefinition) => readonly T[] | undefined;
  current: () => WorkflowDefinition;
  /** Writes the whole list; `typing` names the input being typed into (one undo step per input). */
  write: (next: T[] | undefined, typing?: string) => WorkflowEditResult;
  /** The validator's messages under one item's setting, e.g. `[0].value`. */
  problemsAt: (setting: string) => string[];
}

/**
 * Query parameters and headers: each a name and a value expression, added, edited and removed
 * in place. An emptied list is removed from the step rather than left as `[]`.
 */
export function NameValueList({
  title,
  item,
  items,
  binding,
  max,
  newName,
  place,
}: {
  title: string;
  /** What one row is called, e.g. "Header" (labels read "Header 2: value"). */
  item: string;
  items: readonly NameValue[];
  binding: ListBinding<NameValue>;
  max: number;
  /** The name a new row starts with, e.g. "Accept". */
  newName: string;
  /** Where the values are typed, so they are checked as the validator checks them. */
  place?: WorkflowExpressionPlace;
}) {
  const edit = (index: number, change: Partial<NameValue>, setting: keyof NameValue) => {
    const list = binding.read(binding.current()) ?? [];
    if (!list[index]) return { ok: false as const, reason: 'this row is gone' };
    const next = list.map((entry, at) => (at === index ? { ...entry, ...change } : entry));
    return committed(
      binding.write(next, `[${index}].${setting}`),
      (def) => binding.read(def)?.[index]?.[setting] ?? '',
    );
  };
  const remove = (index: number) => {
    const next = (binding.read(binding.current()) ?? []).filter((_, at) => at !== index);
    binding.write(next.length ? next : undefined);
  };
  const add = () => {
    const list = binding.read(binding.current()) ?? [];
    binding.write([...list, { name: newName, value: '""' }]);
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-neutral-800">{title}</legend>
      {items.length === 0 && <p className="text-xs text-neutral-500">None.</p>}
      {items.map((row, index) => (
        <div
          // Rows have no id of their own; index keys keep each input's draft with its row position.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          className="space-y-2 rounded-lg border border-neutral-200 p-2"
        >
          <DraftText
            label={`${item} ${index + 1}: name`}
            value={row.name}
            commit={(text) => edit(index, { name: text }, 'name')}
            problems={binding.problemsAt(`[${index}].name`)}
            mono
          />
          <ExpressionField
            {...(place ? { place } : {})}
            label={`${item} ${index + 1}: value`}
            value={row.value}
            commit={(text) => edit(index, { value: text }, 'value')}
            problems={binding.problemsAt(`[${index}].value`)}
          />
          <div className="flex justify-end">
            <SmallButton
              tone="danger"
              onClick={() => remove(index)}
              label={`Remove ${item.toLowerCase()} ${index + 1}`}
            >
              Remove
            </SmallButton>
          </div>
        </div>
      ))}
      <SmallButton onClick={add} disabled={items.length >= max}>
        + Add {item.toLowerCase()}
      </SmallButton>
    </fieldset>
  );
}
