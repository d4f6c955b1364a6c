import { Label, RESERVED_IDS } from '../../../../schemas/definitions.ts';

const MAX_ID = 64;
const MAX_LABEL = 120;

/**
 * An id for something the builder just named: lower-case words joined by `_`, starting with a
 * letter, never a reserved word. It is chosen once and kept through renames (see `Id`), so it may
 * start from the label without ever following it.
 */
export function idFromLabel(label: string, fallback: string): string {
  let id = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(id)) id = id ? `${fallback}_${id}` : fallback;
  id = id.slice(0, MAX_ID).replace(/_+$/, '');
  return RESERVED_IDS.has(id) ? `${id}_${fallback}`.slice(0, MAX_ID) : id;
}

/** `base`, or `base_2`, `base_3`, … — the first that is not taken (ids are case-sensitive). */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base) && !RESERVED_IDS.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_ID - suffix.length)}${suffix}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** `base`, or `base 2`, `base 3`, … — the first no sibling uses (compared without case). */
export function uniqueLabel(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((label) => label.trim().toLowerCase()));
  const clean = base.trim().slice(0, MAX_LABEL) || 'Untitled';
  if (!used.has(clean.toLowerCase())) return clean;
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const candidate = `${clean.slice(0, MAX_LABEL - suffix.length)}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The trimmed label, or why it cannot be one (the schema's own message). */
export function checkLabel(label: string): { ok: true; label: string } | { ok: false; reason: string } {
  const parsed = Label.safeParse(label);
  if (parsed.success) return { ok: true, label: parsed.data };
  return { ok: false, reason: `A name ${parsed.error.issues[0]?.message ?? 'is not valid'}.` };
}

/** Whether a sibling other than `selfId` already uses the label (compared without case). */
export function labelTaken(
  label: string,
  siblings: readonly { id: string; label: string }[],
  selfId?: string,
): boolean {
  const wanted = label.trim().toLowerCase();
  return siblings.some((item) => item.id !== selfId && item.label.trim().toLowerCase() === wanted);
}
