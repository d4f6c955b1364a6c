import { isPlainObject } from './json-patch-value.ts';

/** Property names that read better spelled out than split from camelCase. */
const PROPERTY_NAMES: Record<string, string> = {
  themeColor: 'theme colour',
  schemaVersion: 'schema version',
  primaryFieldId: 'primary field',
  defaultRoleId: 'default role',
  groupByFieldId: 'group-by field',
  xFieldId: 'x-axis field',
  yFieldId: 'y-axis field',
  timeoutMs: 'timeout (ms)',
  delayMs: 'delay (ms)',
  maxSizeMb: 'max size (MB)',
  baseUrl: 'base URL',
  ai: 'AI task',
  next: 'next step',
  onError: 'error step',
  otherwise: 'fallback step',
  start: 'start step',
};

/** `primaryFieldId` → `primary field`, `pageSize` → `page size`. */
export function propertyName(key: string): string {
  const known = Object.hasOwn(PROPERTY_NAMES, key) ? PROPERTY_NAMES[key] : undefined;
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.endsWith(' id') ? words.slice(0, -3) : words;
}

/** A label as summaries show it: `"Recipes"`. */
export function quoted(label: unknown): string {
  return JSON.stringify(typeof label === 'string' ? label : String(label));
}

/**
 * A value short enough to show in a summary: enum-like words bare (`number`, `private`), other
 * text quoted, numbers and booleans as they are; undefined for long text, objects and lists.
 */
export function shortValue(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value !== 'string' || value.length > 48 || value.includes('\n')) return undefined;
  return /^[a-z0-9_#./:*@+-]+$/.test(value) ? value : JSON.stringify(value);
}

/** Which version a value comes from: a reference is named by the labels of its own version. */
export type Side = 'before' | 'after';

/** Shows a property's value in a summary; returns undefined to fall back to `shortValue`. */
export type ShowValue = (key: string, value: unknown, side: Side) => string | undefined;

/**
 * `field "Servings" type changed from number to text`, `view "Open" filter added`,
 * `table "Recipes" description changed`.
 */
export function describePropertyChange(
  subject: string,
  key: string,
  before: unknown,
  after: unknown,
  show?: ShowValue,
): string {
  const name = `${subject} ${propertyName(key)}`;
  const display = (value: unknown, side: Side) => show?.(key, value, side) ?? shortValue(value);
  if (after === undefined) return `${name} removed`;
  const shownAfter = display(after, 'after');
  if (before === undefined)
    return shownAfter === undefined ? `${name} added` : `${name} set to ${shownAfter}`;
  const shownBefore = display(before, 'before');
  if (shownBefore === undefined || shownAfter === undefined) return `${name} changed`;
  return `${name} changed from ${shownBefore} to ${shownAfter}`;
}

/** The labels of `{ id, label }` items in both versions, so an id is named as its own version names it. */
export class Labels {
  private readonly before: Map<string, string>;
  private readonly after: Map<string, string>;

  constructor(before: unknown, after: unknown) {
    this.before = labelsById(before, after);
    this.after = labelsById(after, before);
  }

  /** `"Recipes"` for a known id, the bare id otherwise. */
  name(id: unknown, side: Side = 'after'): string | undefined {
    if (typeof id !== 'string') return undefined;
    const label = (side === 'before' ? this.before : this.after).get(id);
    return label === undefined ? id : quoted(label);
  }

  ids(): string[] {
    return [...this.after.keys()];
  }
}

/** Labels by id, the first list's first (a list missing on one side gives the other's). */
function labelsById(...lists: unknown[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!isPlainObject(item) || typeof item.id !== 'string' || labels.has(item.id)) continue;
      labels.set(item.id, typeof item.label === 'string' ? item.label : item.id);
    }
  }
  return labels;
}
