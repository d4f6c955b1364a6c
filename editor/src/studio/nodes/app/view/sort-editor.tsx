import type { SortKey, Table } from '../../../../../../schemas/definitions.ts';
import { controlStyles } from '../shared/panel-inputs.tsx';
import { iconButton } from '../shared/panel-shell.tsx';

const MAX_SORT = 5;

/** The order of a view's rows: up to five fields, each ascending or descending, the first deciding most. */
export function SortEditor({
  table,
  sort,
  onCommit,
}: {
  table: Table;
  sort: readonly SortKey[] | undefined;
  onCommit: (sort: SortKey[] | undefined) => string | undefined;
}) {
  const keys = sort ?? [];
  const save = (next: SortKey[]) => onCommit(next.length ? next : undefined);
  const unused = table.fields.find((field) => !keys.some((key) => key.fieldId === field.id));
  const small = `${controlStyles} border-neutral-300 py-1 text-xs`;
  return (
    <fieldset className="min-w-0 space-y-1.5">
      <legend className="text-xs font-medium text-neutral-700">Sort by</legend>
      {keys.length === 0 && <p className="text-xs text-neutral-500">The order rows were added in.</p>}
      <ol className="space-y-1">
        {keys.map((key, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the field of a sort key is edited here, so it cannot be the key alone
          <li key={`${key.fieldId}-${i}`} className="flex items-center gap-1">
            <select
              aria-label={`Sort field ${i + 1}`}
              value={key.fieldId}
              onChange={(event) =>
                save(keys.map((k, j) => (j === i ? { ...k, fieldId: event.target.value } : k)))
              }
              className={small}
            >
              {!table.fields.some((f) => f.id === key.fieldId) && (
                <option value={key.fieldId}>{key.fieldId} (missing)</option>
              )}
              {table.fields.map((field) => (
                <option key={field.id} value={field.id}>
                  {field.label}
                </option>
              ))}
            </select>
            <select
              aria-label={`Direction of sort field ${i + 1}`}
              value={key.direction}
              onChange={(event) =>
                save(
                  keys.map((k, j) =>
                    j === i ? { ...k, direction: event.target.value as SortKey['direction'] } : k,
                  ),
                )
              }
              className={`${small} w-28 shrink-0`}
            >
              <option value="asc">A → Z, 1 → 9</option>
              <option value="desc">Z → A, 9 → 1</option>
            </select>
            <button
              type="button"
              className={iconButton}
              aria-label={`Remove sort field ${i + 1}`}
              onClick={() => save(keys.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {unused && keys.length < MAX_SORT && (
        <button
          type="button"
          onClick={() => save([...keys, { fieldId: unused.id, direction: 'asc' }])}
          className="text-xs font-medium text-indigo-700 hover:underline"
        >
          + Add sort field
        </button>
      )}
    </fieldset>
  );
}
