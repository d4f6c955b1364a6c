import type { SelectOption } from '../../../../schemas/app/fields.ts';
import type { Presentation } from './value-presentation.ts';

// Other pages read the presentation from here too.
export { type Presentation, presentationOf } from './value-presentation.ts';

/**
 * How a stored value reads: numbers, money, dates and durations in the reader's locale, choices by
 * their labels, files and related rows by name. Pure and locale-parameterised, so the tests pin
 * the words and the page uses the reader's locale.
 */

/** Whether a value counts as empty (nothing to show): null, blank text, an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A number from a stored value (the API may send numeric text); null when it is not one. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function formatNumber(value: number, precision?: number, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: precision ?? 0,
    maximumFractionDigits: precision ?? 4,
  }).format(value);
}

export function formatCurrency(value: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    // A code this browser does not know: the number and the code still say it all.
    return `${formatNumber(value, 2, locale)} ${currency}`;
  }
}

/** Percent fields store the number a person typed: 25 means 25 %. */
export function formatPercent(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

const UNITS = [
  ['d', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
] as const;
const START: Record<'days' | 'hours' | 'minutes', number> = { days: 0, hours: 1, minutes: 2 };

/**
 * Seconds in the field's unit and the one below it: `1 h 30 min`, `2 d 4 h`, `90 min`. Smaller
 * parts are rounded away, except seconds when the duration is shorter than a minute.
 */
export function formatDuration(seconds: number, unit: 'minutes' | 'hours' | 'days', locale?: string): string {
  const negative = seconds < 0;
  let rest = Math.abs(seconds);
  if (rest < 60) return `${negative ? '-' : ''}${formatNumber(rest, undefined, locale)} s`;
  const [big, small] = [UNITS[START[unit]]!, UNITS[START[unit] + 1]!];
  rest = Math.round(rest / small[1]) * small[1];
  const bigCount = Math.floor(rest / big[1]);
  const smallCount = Math.round((rest - bigCount * big[1]) / small[1]);
  const parts: string[] = [];
  if (bigCount > 0) parts.push(`${formatNumber(bigCount, 0, locale)} ${big[0]}`);
  if (smallCount > 0 || bigCount === 0) parts.push(`${formatNumber(smallCount, 0, locale)} ${small[0]}`);
  return `${negative ? '-' : ''}${parts.join(' ')}`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date field's `YYYY-MM-DD`, as the reader writes dates; read as a calendar day, never shifted by a time zone. */
export function formatDate(value: string, locale?: string): string {
  const m = DATE_ONLY.exec(value.slice(0, 10));
  if (!m) return value;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A moment, in the reader's time zone (or the one given, for tests). */
export function formatDateTime(value: string, locale?: string, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export function formatFileSize(bytes: number, locale?: string): string {
  if (bytes < 1024) return `${formatNumber(bytes, 0, locale)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 0, locale)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), 1, locale)} MB`;
}

/** A web address that is safe to link to (http or https only), or null. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link that dials the number: digits and a leading +, the rest (spaces, dashes) dropped. */
export function phoneHref(phone: string): string | null {
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : null;
}

/** A URL without its scheme and trailing slash, as people read web addresses. */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

/** The options a stored choice value names, in the field's order; ids no longer defined are kept as they are. */
export function chosenOptions(options: readonly SelectOption[], value: unknown): SelectOption[] {
  const ids = (Array.isArray(value) ? value : [value]).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  const known = options.filter((option) => ids.includes(option.id));
  const unknown = ids
    .filter((id) => !options.some((option) => option.id === id))
    .map((id) => ({ id, label: id, color: 'gray' as const }));
  return [...known, ...unknown];
}

/** A stored file as an attachment holds it. */
export interface FileValue {
  name: string;
  key?: string;
  url?: string;
  size?: number;
  type?: string;
}

/** The files of an attachment value, skipping anything that is not one. */
export function filesOf(value: unknown): FileValue[] {
  const items = Array.isArray(value) ? value : value ? [value] : [];
  return items.filter(
    (item): item is FileValue =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as FileValue).name === 'string' &&
      (typeof (item as FileValue).key === 'string' || typeof (item as FileValue).url === 'string'),
  );
}

export const isImageFile = (file: FileValue) =>
  (file.type ?? '').startsWith('image/') || /\.(png|jpe?g|gif|webp|avif|svg)$/i.test(file.name);

/** A related row as the data API embeds it (`ref:relation(id,name)`), with the name to show. */
export interface RelatedRow {
  id: string;
  label: string | null;
}

/** The related rows of a relation value: from the embedded rows when fetched, else the bare ids. */
export function relatedRows(value: unknown, embedded: unknown, labelFieldId: string | null): RelatedRow[] {
  const fromEmbed = (Array.isArray(embedded) ? embedded : embedded ? [embedded] : []).flatMap((row) => {
    if (typeof row !== 'object' || row === null || typeof (row as { id?: unknown }).id !== 'string')
      return [];
    const raw = labelFieldId ? (row as Record<string, unknown>)[labelFieldId] : null;
    const label = raw === null || raw === undefined || raw === '' ? null : String(raw);
    return [{ id: (row as { id: string }).id, label }];
  });
  if (fromEmbed.length > 0) return fromEmbed;
  const ids = (Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === 'string');
  return ids.map((id) => ({ id, label: null }));
}

/** A row id cut to something readable when there is no name to show: `6f1c0b1e…`. */
export const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

/**
 * A value as plain text, for group headings, chips and screen readers: what FieldValue shows,
 * without links and colours. Empty values are ''.
 */
export function valueText(presentation: Presentation, value: unknown, locale?: string): string {
  if (isEmptyValue(value)) return '';
  switch (presentation.kind) {
    case 'list':
      return (Array.isArray(value) ? value : [value])
        .map((item) => valueText(presentation.item, item, locale))
        .filter(Boolean)
        .join(', ');
    case 'number':
    case 'currency':
    case 'percent':
    case 'duration':
    case 'rating': {
      const n = toNumber(value);
      if (n === null) return String(value);
      if (presentation.kind === 'currency') return formatCurrency(n, presentation.currency, locale);
      if (presentation.kind === 'percent') return formatPercent(n, locale);
      if (presentation.kind === 'duration') return formatDuration(n, presentation.unit, locale);
      if (presentation.kind === 'rating') return `${n} of ${presentation.max}`;
      return formatNumber(n, presentation.precision, locale);
    }
    case 'boolean':
      return value === true || value === 'true' ? 'Yes' : 'No';
    case 'date':
      return formatDate(String(value), locale);
    case 'datetime':
      return formatDateTime(String(value), locale);
    case 'choice':
      return chosenOptions(presentation.options, value)
        .map((o) => o.label)
        .join(', ');
    case 'attachment':
      return filesOf(value)
        .map((f) => f.name)
        .join(', ');
    case 'relation':
      return relatedRows(value, null, null)
        .map((r) => shortId(r.id))
        .join(', ');
    case 'creator':
      return value === 'owner' ? 'The app’s builder' : 'A member';
    case 'url':
      return shortUrl(String(value));
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}
