import { Icon } from '../../layout/icons.tsx';

interface Props {
  page: number;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  total: number | null;
  onPage: (page: number) => void;
  label: string;
}

/** "1–50 of 312" with Previous and Next. */
export function Pager({ page, pageSize, shown, total, onPage, label }: Props) {
  const first = page * pageSize + 1;
  const last = page * pageSize + shown;
  const hasNext = total === null ? shown === pageSize : last < total;
  if (page === 0 && !hasNext) {
    if (shown === 0) return null;
    return (
      <p className="text-sm text-neutral-600">
        {total === 1 ? '1 row' : `${(total ?? shown).toLocaleString()} rows`}
      </p>
    );
  }
  const range = shown > 0 ? `${first.toLocaleString()}–${last.toLocaleString()}` : 'None';
  return (
    <nav aria-label={`Pages of ${label}`} className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-neutral-600">
        <span className="font-medium text-neutral-900">{range}</span>
        {total !== null && <> of {total.toLocaleString()}</>}
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={page === 0}
          onClick={() => onPage(page - 1)}
          className="inline-flex min-h-10 items-center gap-1 rounded-lg border border-neutral-300 bg-white pr-4 pl-3 text-sm font-medium text-neutral-700 shadow-sm hover:bg-neutral-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          <Icon name="chevronLeft" />
          Previous<span className="sr-only"> page</span>
        </button>
        <button
          type="button"
          disabled={!hasNext}
          onClick={() => onPage(page + 1)}
          className="inline-flex min-h-10 items-center gap-1 rounded-lg border border-neutral-300 bg-white pr-3 pl-4 text-sm font-medium text-neutral-700 shadow-sm hover:bg-neutral-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Next<span className="sr-only"> page</span>
          <Icon name="chevronRight" />
        </button>
      </div>
    </nav>
  );
}
