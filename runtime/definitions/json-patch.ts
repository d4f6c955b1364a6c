import { z } from 'zod';
import { ARRAY_INDEX, FORBIDDEN_KEYS, formatPointer, parsePointer } from './json-patch-pointer.ts';
import {
  cloneJson,
  findNonJson,
  isPlainObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
} from './json-patch-value.ts';

/** One patch may not do more than this; a bigger edit is a new version, not a patch. */
export const MAX_PATCH_OPERATIONS = 1000;

const JsonPointer = z
  .string()
  .max(4096)
  .refine(
    (pointer) => parsePointer(pointer) !== undefined,
    'must be a JSON Pointer: "" for the whole document or tokens like /tables/0/label (~0 for ~, ~1 for /)',
  )
  .refine(
    (pointer) => !parsePointer(pointer)?.some((token) => FORBIDDEN_KEYS.has(token)),
    'must not name __proto__, constructor or prototype',
  );

const PatchValue = z.custom<JsonValue>().superRefine((value, ctx) => {
  const problem = value === undefined ? 'is required' : findNonJson(value, true);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

// z.object, not strictObject: RFC 6902 says members an operation does not define are ignored.
export const JsonPatchOperation = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal('add'), path: JsonPointer, value: PatchValue }),
    z.object({ op: z.literal('remove'), path: JsonPointer }),
    z.object({ op: z.literal('replace'), path: JsonPointer, value: PatchValue }),
    z.object({ op: z.literal('move'), from: JsonPointer, path: JsonPointer }),
    z.object({ op: z.literal('copy'), from: JsonPointer, path: JsonPointer }),
    z.object({ op: z.literal('test'), path: JsonPointer, value: PatchValue }),
  ],
  { error: 'must be one of add, remove, replace, move, copy, test' },
);
export type JsonPatchOperation = z.infer<typeof JsonPatchOperation>;

export const JsonPatch = z
  .array(JsonPatchOperation)
  .max(MAX_PATCH_OPERATIONS, `must have at most ${MAX_PATCH_OPERATIONS} operations`);
export type JsonPatch = z.infer<typeof JsonPatch>;

/** Which operation failed (its index, -1 for the patch or document as a whole), at which path, and why. */
export interface JsonPatchError {
  index: number;
  path: string;
  message: string;
}

export type JsonPatchResult = { ok: true; value: JsonValue } | { ok: false; error: JsonPatchError };

/**
 * Applies an RFC 6902 patch to a copy of `doc`; neither `doc` nor `ops` is changed. All or nothing:
 * the first operation that cannot apply stops it with an error, never a throw.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): JsonPatchResult {
  if (Array.isArray(ops) && ops.length > MAX_PATCH_OPERATIONS) {
    // Refused before any operation is parsed, so an oversized patch costs nothing to turn away.
    const message = `the patch must have at most ${MAX_PATCH_OPERATIONS} operations`;
    return { ok: false, error: { index: -1, path: '', message } };
  }
  const parsed = JsonPatch.safeParse(ops);
  if (!parsed.success) return { ok: false, error: schemaError(parsed.error, ops) };
  const docProblem = findNonJson(doc, false);
  if (docProblem) return { ok: false, error: { index: -1, path: '', message: `the document ${docProblem}` } };
  const draft = new Draft(doc as JsonValue);
  for (const [index, op] of parsed.data.entries()) {
    const message = draft.apply(op);
    if (message) return { ok: false, error: { index, path: op.path, message } };
  }
  return { ok: true, value: draft.root };
}

function schemaError(error: z.ZodError, ops: unknown): JsonPatchError {
  const issue = error.issues[0]!;
  const [first, ...rest] = issue.path;
  if (typeof first !== 'number') {
    const message = Array.isArray(ops)
      ? `the patch ${issue.message}`
      : 'the patch must be an array of operations';
    return { index: -1, path: '', message };
  }
  const op: unknown = Array.isArray(ops) ? ops[first] : undefined;
  const path = isPlainObject(op) && typeof op.path === 'string' ? op.path : '';
  const member = rest.map(String).join('.') || (issue.code === 'invalid_union' ? 'op' : '');
  return { index: first, path, message: member ? `${member} ${issue.message}` : issue.message };
}

type Container = JsonObject | JsonValue[];
type Step<T> = { ok: true; value: T } | { ok: false; message: string };

function isContainer(value: unknown): value is Container {
  return Array.isArray(value) || isPlainObject(value);
}

/**
 * Copy-on-write over the caller's document: a container is copied the first time an operation
 * writes into it, so unchanged branches are shared and the input is never touched.
 */
class Draft {
  root: JsonValue;
  private readonly owned = new WeakSet<object>();

  constructor(root: JsonValue) {
    this.root = root;
  }

  apply(op: JsonPatchOperation): string | undefined {
    const path = parsePointer(op.path)!;
    switch (op.op) {
      case 'add':
        return this.add(path, this.adopt(op.value));
      case 'remove':
        return this.remove(path);
      case 'replace':
        return this.replace(path, this.adopt(op.value));
      case 'test': {
        const found = this.read(path);
        if (!found.ok) return found.message;
        if (jsonEqual(found.value, op.value)) return undefined;
        return `test failed: ${op.path || 'the document'} is ${preview(found.value)}, expected ${preview(op.value)}`;
      }
      case 'move': {
        const from = parsePointer(op.from)!;
        const found = this.read(from);
        if (!found.ok) return found.message;
        if (from.length < path.length && from.every((token, i) => token === path[i])) {
          return `cannot move ${op.from || 'the document'} into its own child ${op.path}`;
        }
        if (from.length === path.length && from.every((token, i) => token === path[i])) return undefined;
        return this.remove(from) ?? this.add(path, found.value);
      }
      case 'copy': {
        const found = this.read(parsePointer(op.from)!);
        if (!found.ok) return found.message;
        // A copy is a new value: later writes through one place must not show through the other.
        return this.add(path, this.adopt(found.value));
      }
    }
  }

  private add(path: string[], value: JsonValue): string | undefined {
    if (path.length === 0) {
      this.root = value;
      return undefined;
    }
    const target = this.parentForWrite(path);
    if (!target.ok) return target.message;
    const { parent, key } = target.value;
    if (!Array.isArray(parent)) {
      parent[key] = value;
    } else if (key === '-') {
      parent.push(value);
    } else {
      const index = arrayIndex(parent, key, path, true);
      if (typeof index === 'string') return index;
      parent.splice(index, 0, value);
    }
    return undefined;
  }

  private remove(path: string[]): string | undefined {
    if (path.length === 0) return 'cannot remove the whole document (replace it instead)';
    const target = this.parentForWrite(path);
    if (!target.ok) return target.message;
    const { parent, key } = target.value;
    if (!Array.isArray(parent)) {
      if (!hasMember(parent, key)) return missing(path);
      delete parent[key];
      return undefined;
    }
    const index = arrayIndex(parent, key, path, false);
    if (typeof index === 'string') return index;
    parent.splice(index, 1);
    return undefined;
  }

  private replace(path: string[], value: JsonValue): string | undefined {
    if (path.length === 0) {
      this.root = value;
      return undefined;
    }
    const target = this.parentForWrite(path);
    if (!target.ok) return target.message;
    const { parent, key } = target.value;
    if (!Array.isArray(parent)) {
      if (!hasMember(parent, key)) return missing(path);
      parent[key] = value;
      return undefined;
    }
    const index = arrayIndex(parent, key, path, false);
    if (typeof index === 'string') return index;
    parent[index] = value;
    return undefined;
  }

  private read(path: string[]): Step<JsonValue> {
    let current = this.root;
    for (let depth = 0; depth < path.length; depth++) {
      const child = this.child(current, path, depth);
      if (!child.ok) return child;
      current = child.value;
    }
    return { ok: true, value: current };
  }

  /** The container that holds the path's last token, copied (once) along the way so it may be written. */
  private parentForWrite(path: string[]): Step<{ parent: Container; key: string }> {
    if (!isContainer(this.root))
      return { ok: false, message: `the document is ${preview(this.root)}, not an object or array` };
    this.root = this.writable(this.root);
    let parent: Container = this.root;
    for (let depth = 0; depth < path.length - 1; depth++) {
      const child = this.child(parent, path, depth);
      if (!child.ok) return child;
      if (!isContainer(child.value)) {
        const at = formatPointer(path.slice(0, depth + 1));
        return { ok: false, message: `${at} is ${preview(child.value)}, not an object or array` };
      }
      const copy = this.writable(child.value);
      if (Array.isArray(parent)) parent[Number(path[depth])] = copy;
      else parent[path[depth]!] = copy;
      parent = copy;
    }
    return { ok: true, value: { parent, key: path[path.length - 1]! } };
  }

  private child(container: JsonValue, path: string[], depth: number): Step<JsonValue> {
    const key = path[depth]!;
    const upTo = path.slice(0, depth + 1);
    if (Array.isArray(container)) {
      const index = arrayIndex(container, key, upTo, false);
      return typeof index === 'string'
        ? { ok: false, message: index }
        : { ok: true, value: container[index]! };
    }
    if (isPlainObject(container) && hasMember(container, key)) return { ok: true, value: container[key]! };
    if (isPlainObject(container)) return { ok: false, message: missing(upTo) };
    const at = formatPointer(path.slice(0, depth)) || 'the document';
    return { ok: false, message: `${at} is ${preview(container)}, so ${formatPointer(upTo)} does not exist` };
  }

  private writable<T extends Container>(container: T): T {
    if (this.owned.has(container)) return container;
    // Spread defines own members, so a `__proto__` member of the input is copied, never followed.
    const copy = (Array.isArray(container) ? container.slice() : { ...container }) as T;
    this.owned.add(copy);
    return copy;
  }

  private adopt(value: JsonValue): JsonValue {
    return cloneJson(value, (container) => this.owned.add(container));
  }
}

function hasMember(object: JsonObject, key: string): boolean {
  return Object.hasOwn(object, key) && object[key] !== undefined;
}

/** The index a token names in `array`, or why it names none; `forInsert` allows one past the end. */
function arrayIndex(
  array: readonly unknown[],
  token: string,
  path: string[],
  forInsert: boolean,
): number | string {
  const at = formatPointer(path);
  if (token === '-') return `${at}: "-" (past the end) can only be the target of add, move or copy`;
  if (!ARRAY_INDEX.test(token)) return `${at}: "${token}" is not an array index`;
  const index = Number(token);
  const last = forInsert ? array.length : array.length - 1;
  if (index > last) return `${at} does not exist: the array has ${array.length} item(s)`;
  return index;
}

function missing(path: string[]): string {
  return `${formatPointer(path)} does not exist`;
}

/** A short rendering of a value for an error message. */
function preview(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (isPlainObject(value)) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
