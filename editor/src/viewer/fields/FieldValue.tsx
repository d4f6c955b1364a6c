import type { ReactNode } from 'react';
import type { AppDefinition, Table } from '../../../../schemas/app/app-definition.ts';
import type { Field } from '../../../../schemas/app/fields.ts';
import { AppLink } from '../layout/AppLink.tsx';
import { Icon } from '../layout/icons.tsx';
import { OPTION_COLORS } from './option-colors.ts';
import { Files, VALUE_LINK } from './value-files.tsx';
import {
  chosenOptions,
  filesOf,
  formatDate,
  formatDateTime,
  isEmptyValue,
  type Presentation,
  phoneHref,
  presentationOf,
  type RelatedRow,
  relatedRows,
  safeHref,
  shortId,
  shortUrl,
  toNumber,
  valueText,
} from './value-format.ts';

export { StoredImage } from './value-files.tsx';

/** What a value needs from around it: the definition (lookups), files, and where rows open. */
export interface ValueContext {
  definition: AppDefinition;
  /** Where a stored file is downloaded from (`client.fileUrl`). */
  fileUrl: (key: string) => string;
  /**
   * Set when files need the app session (an invite-only app): images and downloads are then
   * fetched with it (`client.file`) instead of loaded from `fileUrl` by the browser.
   */
  loadFile?: ((key: string) => Promise<Blob>) | undefined;
  /** The page that shows a row of a table (its detail view), or null when there is none. */
  rowLink?: (tableId: string, rowId: string) => { href: string; onNavigate: () => void } | null;
  locale?: string;
}

interface Props {
  field: Field;
  /** The table the field belongs to (lookups and rollups are resolved through it). */
  table: Table;
  value: unknown;
  context: ValueContext;
  /** The related rows of a relation, named (from the embedded rows of the read). */
  related?: RelatedRow[] | undefined;
  /** In a table cell or on a card: long text is cut to two lines and thumbnails are small. */
  compact?: boolean;
}

const LINK = VALUE_LINK;

/** A stored value, read-only, as its field's type shows it: numbers formatted, choices as coloured chips, links, files. */
export function FieldValue({ field, table, value, context, related, compact = false }: Props) {
  const presentation = presentationOf(context.definition, table, field);
  return (
    <PresentedValue
      presentation={presentation}
      value={value}
      context={context}
      related={related}
      compact={compact}
    />
  );
}

interface PresentedProps {
  presentation: Presentation;
  value: unknown;
  context: ValueContext;
  related?: RelatedRow[] | undefined;
  compact: boolean;
}

export function EmptyValue() {
  return (
    <>
      <span aria-hidden="true" className="text-neutral-400">
        —
      </span>
      <span className="sr-only">empty</span>
    </>
  );
}

function PresentedValue({ presentation, value, context, related, compact }: PresentedProps): ReactNode {
  if (isEmptyValue(value) && !(presentation.kind === 'boolean' && value === false)) return <EmptyValue />;
  const { locale } = context;
  switch (presentation.kind) {
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      return (
        <span className="inline-flex flex-wrap gap-1">
          {items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: looked-up values have no ids and never reorder in place
            <span key={i} className="after:text-neutral-400 not-last:after:content-[',']">
              <PresentedValue
                presentation={presentation.item}
                value={item}
                context={context}
                compact={compact}
              />
            </span>
          ))}
        </span>
      );
    }
    case 'text':
      return <span className={compact ? 'line-clamp-2' : 'whitespace-pre-line'}>{String(value)}</span>;
    case 'long_text':
      return (
        <span className={compact ? 'line-clamp-2' : 'whitespace-pre-line break-words'}>{String(value)}</span>
      );
    case 'number':
    case 'currency':
    case 'percent':
    case 'duration':
      return <span className="tabular-nums">{valueText(presentation, value, locale)}</span>;
    case 'rating':
      return <Rating value={toNumber(value) ?? 0} max={presentation.max} />;
    case 'boolean': {
      const yes = value === true || value === 'true';
      return yes ? (
        <span className="inline-flex items-center gap-1 text-neutral-900">
          <Icon name="check" className="size-4 text-(--app-accent-ink)" />
          Yes
        </span>
      ) : (
        <span className="text-neutral-500">No</span>
      );
    }
    case 'date':
      return <time dateTime={String(value)}>{formatDate(String(value), locale)}</time>;
    case 'datetime':
      return (
        <time dateTime={String(value)} className="whitespace-nowrap">
          {formatDateTime(String(value), locale)}
        </time>
      );
    case 'email':
      return (
        <a href={`mailto:${String(value)}`} className={`${LINK} break-all`}>
          {String(value)}
        </a>
      );
    case 'phone': {
      const href = phoneHref(String(value));
      return href ? (
        <a href={href} className={`${LINK} whitespace-nowrap`}>
          {String(value)}
        </a>
      ) : (
        <span>{String(value)}</span>
      );
    }
    case 'url': {
      const href = safeHref(String(value));
      if (!href) return <span className="break-all">{String(value)}</span>;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer" className={`${LINK} break-all`}>
          {shortUrl(String(value))}
          <span className="sr-only"> (opens in a new tab)</span>
        </a>
      );
    }
    case 'choice':
      return (
        <span className="inline-flex flex-wrap gap-1">
          {chosenOptions(presentation.options, value).map((option) => (
            <span
              key={option.id}
              className={`inline-flex max-w-full items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${OPTION_COLORS[option.color].chip}`}
            >
              <span className="truncate">{option.label}</span>
            </span>
          ))}
        </span>
      );
    case 'attachment':
      return <Files files={filesOf(value)} context={context} compact={compact} />;
    case 'relation':
      return (
        <RelatedRows
          rows={related && related.length > 0 ? related : relatedRows(value, null, null)}
          targetTableId={presentation.targetTableId}
          context={context}
        />
      );
    case 'creator':
      return <span>{value === 'owner' ? 'App builder' : `Member ${shortId(String(value))}`}</span>;
  }
}

function Rating({ value, max }: { value: number; max: number }) {
  return (
    <span className="inline-flex items-center whitespace-nowrap" title={`${value} of ${max}`}>
      <span aria-hidden="true" className="tracking-tight">
        <span className="text-amber-500">{'★'.repeat(Math.max(0, Math.min(value, max)))}</span>
        <span className="text-neutral-300">{'★'.repeat(Math.max(0, max - value))}</span>
      </span>
      <span className="sr-only">
        {value} of {max}
      </span>
    </span>
  );
}

function RelatedRows({
  rows,
  targetTableId,
  context,
}: {
  rows: RelatedRow[];
  targetTableId: string;
  context: ValueContext;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {rows.map((row) => {
        const text = row.label ?? shortId(row.id);
        const link = context.rowLink?.(targetTableId, row.id);
        const chip = 'inline-flex max-w-full items-center rounded-md bg-neutral-100 px-1.5 py-0.5 text-sm';
        return link ? (
          <AppLink
            key={row.id}
            href={link.href}
            onNavigate={link.onNavigate}
            className={`${chip} relative z-10 text-(--app-accent-ink) hover:bg-(--app-accent-soft) hover:underline`}
            title={row.label ? undefined : row.id}
          >
            <span className="truncate">{text}</span>
          </AppLink>
        ) : (
          <span key={row.id} className={`${chip} text-neutral-800`} title={row.label ? undefined : row.id}>
            <span className="truncate">{text}</span>
          </span>
        );
      })}
    </span>
  );
}
