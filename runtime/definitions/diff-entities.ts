import type { ChangeEntity, DefinitionChange } from './diff-change.ts';
import { jsonDiffPatch } from './diff-json.ts';
import { planKeyedList } from './diff-list.ts';
import { describePropertyChange, quoted, type ShowValue } from './diff-summary.ts';
import type { JsonPatchOperation } from './json-patch.ts';
import { childPointer } from './json-patch-pointer.ts';
import { cloneJson, isPlainObject, jsonEqual, ownMember } from './json-patch-value.ts';
import { formatPath } from './result.ts';

/** Where a part sits in the newer version: as a reviewer reads it and as a patch addresses it. */
export interface Location {
  path: readonly PropertyKey[];
  pointer: string;
}

export const ROOT: Location = { path: [], pointer: '' };

/** The key of an entity: its `id` (or another string member), undefined when it has none. */
export function keyBy(member: string): (item: unknown) => string | undefined {
  return (item) => {
    const key = isPlainObject(item) ? ownMember(item, member) : undefined;
    return typeof key === 'string' ? key : undefined;
  };
}

export function at(location: Location, key: string | number): Location {
  return { path: [...location.path, key], pointer: childPointer(location.pointer, key) };
}

/** Collects the changes a reviewer reads and the patch that makes them, in step. */
export class DiffContext {
  readonly changes: DefinitionChange[] = [];
  readonly patch: JsonPatchOperation[] = [];

  record(change: DefinitionChange): void {
    for (const member of ['id', 'before', 'after'] as const)
      if (change[member] === undefined) delete change[member];
    this.changes.push(change);
  }

  /** Patches the value at `pointer` from `before` to `after`, as finely as the generic diff can. */
  patchValue(before: unknown, after: unknown, pointer: string): void {
    this.patch.push(...jsonDiffPatch(before, after, pointer));
  }

  /** Replaces the whole value at `pointer`: for an entity whose kind or type changed. */
  replace(value: unknown, pointer: string): void {
    this.patch.push({ op: 'replace', path: pointer, value: cloneJson(value) });
  }
}

/** Diffs one property whose change needs more than a generic summary (a list, a nested part). */
export type PropertyHandler = (before: unknown, after: unknown, location: Location) => void;

export interface PropsSpec {
  entity: ChangeEntity;
  id?: string | undefined;
  /** How summaries name the thing: `table "Recipes"`, `access`. */
  subject: string;
  /** For parts outside a list (the app, access, trigger, spec): a change's path is the property's. */
  propertyPaths?: boolean;
  /** Properties patched here but summarised elsewhere (the label, whose change is a rename). */
  quiet?: readonly string[];
  handlers?: Record<string, PropertyHandler>;
  show?: ShowValue;
}

/** Diffs two objects member by member: one change (and its patch) per property that differs. */
export function diffProps(
  ctx: DiffContext,
  a: unknown,
  b: unknown,
  location: Location,
  spec: PropsSpec,
): void {
  if (!isPlainObject(a) || !isPlainObject(b)) {
    ctx.patchValue(a, b, location.pointer);
    const summary = `${spec.subject} changed`;
    ctx.record({
      kind: 'changed',
      entity: spec.entity,
      id: spec.id,
      path: formatPath(location.path),
      summary,
    });
    return;
  }
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const before = ownMember(a, key);
    const after = ownMember(b, key);
    if (jsonEqual(before, after)) continue;
    const child = at(location, key);
    const handler = spec.handlers && Object.hasOwn(spec.handlers, key) ? spec.handlers[key] : undefined;
    if (handler) {
      handler(before, after, child);
      continue;
    }
    ctx.patchValue(before, after, child.pointer);
    if (spec.quiet?.includes(key)) continue;
    ctx.record({
      kind: 'changed',
      entity: spec.entity,
      id: spec.id,
      path: formatPath(spec.propertyPaths ? child.path : location.path),
      summary: describePropertyChange(spec.subject, key, before, after, spec.show),
      before,
      after,
    });
  }
}

export interface EntityListSpec<T> {
  entity: ChangeEntity;
  /** `field`; summaries read `field "Title" added to table "Recipes"`. */
  noun: string;
  plural: string;
  key: (item: T) => string | undefined;
  /** How summaries name one item: `"Title"`, or a bare file path. */
  title: (item: T) => string;
  /** The property whose change is a rename (`label`). */
  renameKey?: string;
  /** Where the list lives, for summaries: ` to table "Recipes"`, ` from …`, ` in …`. */
  scope?: { to: string; from: string; in: string };
  /** A better summary for an added item (`step "Classify" inserted after "Receive"`). */
  describeAdded?: (item: T) => string | undefined;
  /** Pairs a removed item with an added one as a rename (a file whose path alone changed). */
  sameItem?: (removed: T, added: T) => boolean;
  /** Diffs a kept item's content; it patches `renameKey` too (quietly: the rename is already told). */
  diffItem: (before: T, after: T, location: Location, subject: string) => void;
}

/**
 * Diffs a list of entities matched by key: added, removed, moved, renamed, then each kept
 * entity's own changes. Undefined on one side is an absent optional list.
 */
export function diffEntityList<T>(
  ctx: DiffContext,
  before: unknown,
  after: unknown,
  location: Location,
  spec: EntityListSpec<T>,
): void {
  const { entity, noun } = spec;
  const idOf = (item: T) => spec.key(item);
  const where = (index: number) => formatPath([...location.path, index]);
  const added = (item: T, index: number) => {
    const summary = spec.describeAdded?.(item) ?? `${noun} ${spec.title(item)} added${spec.scope?.to ?? ''}`;
    ctx.record({ kind: 'added', entity, id: idOf(item), path: where(index), summary, after: item });
  };
  const removed = (item: T, index: number) => {
    const summary = `${noun} ${spec.title(item)} removed${spec.scope?.from ?? ''}`;
    ctx.record({ kind: 'removed', entity, id: idOf(item), path: where(index), summary, before: item });
  };

  if (before === undefined && Array.isArray(after)) {
    ctx.patchValue(before, after, location.pointer);
    after.forEach(added);
    return;
  }
  if (after === undefined && Array.isArray(before)) {
    ctx.patchValue(before, after, location.pointer);
    before.forEach(removed);
    return;
  }
  const plan =
    Array.isArray(before) && Array.isArray(after)
      ? planKeyedList(before as T[], after as T[], spec.key, location.pointer)
      : undefined;
  if (!plan) {
    // Ids missing or repeated: no entity can be matched, so the list is patched as plain JSON.
    ctx.patchValue(before, after, location.pointer);
    const summary = `${spec.plural} changed`;
    ctx.record({ kind: 'changed', entity, path: formatPath(location.path), summary, before, after });
    return;
  }
  ctx.patch.push(...plan.ops);

  const renamedFrom = new Map<number, T>();
  const unpaired = [...plan.removed];
  for (const item of plan.added) {
    const match = spec.sameItem ? unpaired.findIndex((gone) => spec.sameItem!(gone.item, item.item)) : -1;
    if (match >= 0) renamedFrom.set(item.index, unpaired.splice(match, 1)[0]!.item);
  }
  for (const item of unpaired) removed(item.item, item.index);
  for (const item of plan.added) {
    const old = renamedFrom.get(item.index);
    if (old === undefined) {
      added(item.item, item.index);
      continue;
    }
    const summary = `${noun} ${spec.title(old)} renamed to ${spec.title(item.item)}${spec.scope?.in ?? ''}`;
    ctx.record({
      kind: 'renamed',
      entity,
      id: idOf(item.item),
      path: where(item.index),
      summary,
      before: old,
      after: item.item,
    });
  }

  for (const item of plan.kept) {
    const id = idOf(item.after);
    const path = where(item.index);
    if (item.moved) {
      const summary = `${noun} ${spec.title(item.after)} moved${spec.scope?.in ?? ''}`;
      ctx.record({ kind: 'moved', entity, id, path, summary, before: item.fromIndex, after: item.index });
    }
    const renameKey = spec.renameKey;
    if (
      renameKey &&
      !jsonEqual(ownMember(item.before as object, renameKey), ownMember(item.after as object, renameKey))
    ) {
      const summary = `${noun} ${spec.title(item.before)} renamed to ${spec.title(item.after)}${spec.scope?.in ?? ''}`;
      const [from, to] = [
        ownMember(item.before as object, renameKey),
        ownMember(item.after as object, renameKey),
      ];
      ctx.record({ kind: 'renamed', entity, id, path, summary, before: from, after: to });
    }
    spec.diffItem(item.before, item.after, at(location, item.index), `${noun} ${spec.title(item.after)}`);
  }
}

/** A label change of a part outside a list: `app "Recipes" renamed to "Cookbook"`. */
export function renameProperty(ctx: DiffContext, entity: ChangeEntity, noun: string): PropertyHandler {
  return (before, after, location) => {
    ctx.patchValue(before, after, location.pointer);
    const summary = `${noun} ${quoted(before)} renamed to ${quoted(after)}`;
    ctx.record({ kind: 'renamed', entity, path: formatPath(location.path), summary, before, after });
  };
}

/**
 * When an entity's discriminator (a field's `type`, a view's or step's `kind`) changed, its other
 * properties belong to another shape: it is replaced whole and told as that one change.
 */
export function replacedWhole(
  ctx: DiffContext,
  before: unknown,
  after: unknown,
  location: Location,
  discriminator: string,
  spec: { entity: ChangeEntity; id?: string | undefined; subject: string },
): boolean {
  const from = isPlainObject(before) ? ownMember(before, discriminator) : undefined;
  const to = isPlainObject(after) ? ownMember(after, discriminator) : undefined;
  if (from === to) return false;
  ctx.replace(after, location.pointer);
  const summary = describePropertyChange(spec.subject, discriminator, from, to);
  ctx.record({
    kind: 'changed',
    entity: spec.entity,
    id: spec.id,
    path: formatPath(location.path),
    summary,
    before: from,
    after: to,
  });
  return true;
}
