import type { AppDefinition, Table } from '../../../../../schemas/app/app-definition.ts';
import type { FilterCondition } from '../../../../../schemas/app/filters.ts';
import { Icon } from '../../layout/icons.tsx';
import { describeFilter } from './filter-operators.ts';

interface Props {
  definition: AppDefinition;
  table: Table;
  filters: FilterCondition[];
  onChange: (filters: FilterCondition[]) => void;
}

/** The person's own filters: a button that opens a small form (field, operator, value), and a chip per filter. */
export function FilterButton({
  open,
  count,
  onToggle,
  controls,
}: {
  open: boolean;
  count: number;
  onToggle: () => void;
  controls: string;
}) {
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
      className={`inline-flex min-h-10 shrink-0 items-center gap-2 rounded-lg border px-3 text-sm font-medium shadow-sm ${
        open || count > 0
          ? 'border-(--app-accent) bg-(--app-accent-soft) text-(--app-accent-ink)'
          : 'border-neutral-300 bg-white text-neutral-700 hover:bg-neutral-50'
      }`}
    >
      <Icon name="filter" />
      Filter
      {count > 0 && (
        <span className="rounded-full bg-(--app-accent) px-1.5 text-xs text-(--app-on-accent)">
          {count}
          <span className="sr-only"> active</span>
        </span>
      )}
    </button>
  );
}

export function FilterChips({ definition, table, filters, onChange }: Props) {
  if (filters.length === 0) return null;
  return (
    <ul className="flex flex-wrap items-center gap-2" aria-label="Active filters">
      {filters.map((filter, index) => {
        const text = describeFilter(definition, table, filter);
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: the same filter may be added twice; chips are removed by position
            key={index}
            className="inline-flex max-w-full items-center gap-1 rounded-full bg-(--app-accent-soft) py-1 pr-1 pl-3 text-sm text-(--app-accent-ink)"
          >
            <span className="truncate">{text}</span>
            <button
              type="button"
              onClick={() => onChange(filters.filter((_, i) => i !== index))}
              className="inline-flex size-7 shrink-0 items-center justify-center rounded-full hover:bg-white/70"
              aria-label={`Remove filter: ${text}`}
            >
              <Icon name="close" className="size-3.5" />
            </button>
          </li>
        );
      })}
      {filters.length > 1 && (
        <li>
          <button
            type="button"
            onClick={() => onChange([])}
            className="min-h-8 rounded-lg px-2 text-sm font-medium text-neutral-600 underline underline-offset-2 hover:text-neutral-900"
          >
            Clear all filters
          </button>
        </li>
      )}
    </ul>
  );
}
