import { templateTitle } from './templates.ts';

export const BLANK_TEMPLATE = 'blank';

/** "Start from": blank, or one of the example definitions (radio buttons, one per template). */
export function TemplatePicker({
  ids,
  value,
  onChange,
  blankLabel,
}: {
  ids: readonly string[];
  value: string;
  onChange: (id: string) => void;
  blankLabel: string;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-neutral-800">Start from</legend>
      <div className="mt-2 grid grid-cols-2 gap-2">
        {[BLANK_TEMPLATE, ...ids].map((id) => (
          <label
            key={id}
            className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm ${
              value === id
                ? 'border-indigo-500 bg-indigo-50 text-indigo-900'
                : 'border-neutral-200 text-neutral-700'
            }`}
          >
            <input
              type="radio"
              name="start-from"
              value={id}
              checked={value === id}
              onChange={() => onChange(id)}
              className="accent-indigo-600"
            />
            {id === BLANK_TEMPLATE ? blankLabel : templateTitle(id)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
