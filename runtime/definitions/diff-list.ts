import type { JsonPatchOperation } from './json-patch.ts';
import { childPointer } from './json-patch-pointer.ts';
import { cloneJson } from './json-patch-value.ts';

/** How a list keyed by id turns into another: what left, what came, what stayed (and whether it moved). */
export interface KeyedListPlan<T> {
  /**
   * The structural operations, in order: removals (from the end), the fewest moves, then
   * insertions at their final index. After them every kept item sits at its index in `b`, so
   * changes inside kept items can be patched at `pointer/<index>`.
   */
  ops: JsonPatchOperation[];
  removed: { item: T; index: number }[];
  added: { item: T; index: number }[];
  /** In `b`'s order; `fromIndex` is the position in `a`. */
  kept: { before: T; after: T; fromIndex: number; index: number; moved: boolean }[];
}

/**
 * Matches two lists by key, not by position, so a reordered item is moved and an edited one is
 * kept. Undefined when a key is missing or repeated on either side: then no matching is sound.
 */
export function planKeyedList<T>(
  a: readonly T[],
  b: readonly T[],
  keyOf: (item: T) => string | undefined,
  pointer: string,
): KeyedListPlan<T> | undefined {
  const aKeys = uniqueKeys(a, keyOf);
  const bKeys = uniqueKeys(b, keyOf);
  if (!aKeys || !bKeys) return undefined;
  const aIndex = new Map(aKeys.map((key, index) => [key, index]));
  const bIndex = new Map(bKeys.map((key, index) => [key, index]));
  const ops: JsonPatchOperation[] = [];

  const removed: KeyedListPlan<T>['removed'] = [];
  for (let index = a.length - 1; index >= 0; index--) {
    if (bIndex.has(aKeys[index]!)) continue;
    removed.unshift({ item: a[index]!, index });
    ops.push({ op: 'remove', path: childPointer(pointer, index) });
  }

  const moved = new Set<string>();
  const current = aKeys.filter((key) => bIndex.has(key));
  const target = bKeys.filter((key) => aIndex.has(key));
  const rank = new Map(target.map((key, index) => [key, index]));
  // Items on a longest increasing run of target ranks keep their place; only the others move.
  const staying = longestIncreasingRun(current.map((key) => rank.get(key)!));
  for (let r = 0; r < target.length; r++) {
    if (staying.has(r)) continue;
    const key = target[r]!;
    const from = current.indexOf(key);
    current.splice(from, 1);
    // Everything before it in `target` is already in order, so it goes right after its predecessor.
    const to = r === 0 ? 0 : current.indexOf(target[r - 1]!) + 1;
    current.splice(to, 0, key);
    if (from === to) continue;
    moved.add(key);
    ops.push({ op: 'move', from: childPointer(pointer, from), path: childPointer(pointer, to) });
  }

  const added: KeyedListPlan<T>['added'] = [];
  const kept: KeyedListPlan<T>['kept'] = [];
  for (let index = 0; index < b.length; index++) {
    const key = bKeys[index]!;
    const fromIndex = aIndex.get(key);
    if (fromIndex === undefined) {
      added.push({ item: b[index]!, index });
      ops.push({ op: 'add', path: childPointer(pointer, index), value: cloneJson(b[index]) });
    } else {
      kept.push({ before: a[fromIndex]!, after: b[index]!, fromIndex, index, moved: moved.has(key) });
    }
  }
  return { ops, removed, added, kept };
}

function uniqueKeys<T>(items: readonly T[], keyOf: (item: T) => string | undefined): string[] | undefined {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined || seen.has(key)) return undefined;
    seen.add(key);
    keys.push(key);
  }
  return keys;
}

/** The values on one longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasingRun(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest last value of a run of length k + 1
  const previous: number[] = new Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tails[mid]!]! < values[i]!) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  }
  const run = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) run.add(values[i]!);
  return run;
}
