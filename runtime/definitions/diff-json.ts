import { planKeyedList } from './diff-list.ts';
import type { JsonPatchOperation } from './json-patch.ts';
import { childPointer } from './json-patch-pointer.ts';
import {
  canonicalJson,
  cloneJson,
  definedKeys,
  isPlainObject,
  jsonEqual,
  ownMember,
} from './json-patch-value.ts';

/** Past this many cells the longest-common-subsequence table costs more than a coarser patch. */
const MAX_LCS_CELLS = 250_000;

/**
 * A JSON Patch that turns `a` into `b` at `pointer` (`''`: the whole document). Objects are
 * patched member by member; arrays whose items all carry a unique string `id` are matched by id
 * (so a reorder is a move); other arrays are aligned on their longest common subsequence. An
 * undefined side means absent: `add` or `remove` at the pointer.
 *
 * Members named `__proto__`, `constructor` or `prototype` cannot be patched (applyJsonPatch
 * refuses them), so documents that contain them have no patch.
 */
export function jsonDiffPatch(a: unknown, b: unknown, pointer = ''): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  diffValue(ops, a, b, pointer);
  return ops;
}

function diffValue(ops: JsonPatchOperation[], a: unknown, b: unknown, pointer: string): void {
  if (b === undefined) {
    if (a !== undefined) ops.push({ op: 'remove', path: pointer });
  } else if (a === undefined) {
    ops.push({ op: 'add', path: pointer, value: cloneJson(b) });
  } else if (jsonEqual(a, b)) {
    // nothing to do
  } else if (Array.isArray(a) && Array.isArray(b)) {
    diffArray(ops, a, b, pointer);
  } else if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of definedKeys(a)) {
      if (ownMember(b, key) === undefined) ops.push({ op: 'remove', path: childPointer(pointer, key) });
    }
    for (const key of definedKeys(b)) diffValue(ops, ownMember(a, key), b[key], childPointer(pointer, key));
  } else {
    ops.push({ op: 'replace', path: pointer, value: cloneJson(b) });
  }
}

function idOf(item: unknown): string | undefined {
  return isPlainObject(item) && typeof item.id === 'string' ? item.id : undefined;
}

function diffArray(ops: JsonPatchOperation[], a: unknown[], b: unknown[], pointer: string): void {
  const plan = a.length && b.length ? planKeyedList(a, b, idOf, pointer) : undefined;
  if (plan) {
    ops.push(...plan.ops);
    for (const item of plan.kept) diffValue(ops, item.before, item.after, childPointer(pointer, item.index));
    return;
  }
  diffSequence(ops, a, b, pointer);
}

/**
 * Keeps the longest common subsequence in place and rewrites the gaps between its items, from
 * the last gap to the first so the indices of the gaps still to come do not shift. Within a gap,
 * items are paired by position and patched inside; the surplus is removed or added.
 */
function diffSequence(ops: JsonPatchOperation[], a: unknown[], b: unknown[], pointer: string): void {
  let start = 0;
  while (start < a.length && start < b.length && jsonEqual(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && jsonEqual(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const anchors: [number, number][] = [
    [start - 1, start - 1],
    ...commonSubsequence(a.slice(start, endA), b.slice(start, endB)).map(([i, j]): [number, number] => [
      i + start,
      j + start,
    ]),
    [endA, endB],
  ];
  for (let gap = anchors.length - 2; gap >= 0; gap--) {
    const aFrom = anchors[gap]![0] + 1;
    const aTo = anchors[gap + 1]![0];
    const bFrom = anchors[gap]![1] + 1;
    const bTo = anchors[gap + 1]![1];
    const paired = Math.min(aTo - aFrom, bTo - bFrom);
    for (let i = aTo - 1; i >= aFrom + paired; i--)
      ops.push({ op: 'remove', path: childPointer(pointer, i) });
    for (let t = 0; t < paired; t++)
      diffValue(ops, a[aFrom + t], b[bFrom + t], childPointer(pointer, aFrom + t));
    for (let t = paired; t < bTo - bFrom; t++) {
      ops.push({ op: 'add', path: childPointer(pointer, aFrom + t), value: cloneJson(b[bFrom + t]) });
    }
  }
}

/** Index pairs of one longest common subsequence (items compared as canonical JSON), or none when too big. */
function commonSubsequence(a: unknown[], b: unknown[]): [number, number][] {
  if (!a.length || !b.length || a.length * b.length > MAX_LCS_CELLS) return [];
  const aText = a.map(canonicalJson);
  const bText = b.map(canonicalJson);
  const width = b.length + 1;
  // lengths[i * width + j]: LCS length of a[i..] and b[j..]
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        aText[i] === bText[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (aText[i] === bText[j]) {
      pairs.push([i++, j++]);
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}
