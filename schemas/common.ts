import { z } from 'zod';

/** The version every definition written today carries; older ones are upgraded by `migrate*`. */
export const SCHEMA_VERSION = 1 as const;

/** Words the expression language keeps for itself; an id may not be one (`record.in` would not parse). */
export const RESERVED_IDS = new Set([
  'as',
  'break',
  'const',
  'continue',
  'else',
  'false',
  'for',
  'function',
  'if',
  'import',
  'in',
  'let',
  'loop',
  'namespace',
  'null',
  'package',
  'return',
  'true',
  'var',
  'void',
  'while',
]);

/**
 * A stable id: chosen once (by the agent or the editor) and never derived from a label, so a
 * rename keeps the data and the references. Letters, digits and `_`, starting with a letter, so
 * an id is also a name in expressions (`record.due_date`).
 */
export const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an id: a letter, then up to 63 letters, digits or _')
  .refine((id) => !RESERVED_IDS.has(id), 'is a reserved word of the expression language; choose another id');
export type Id = z.infer<typeof Id>;

export const Label = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
export const Description = z.string().max(2000, 'must be at most 2000 characters');

/** An expression in the platform's expression language (CEL), checked in semantic validation. */
export const Expression = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters');

/** Named colours, so apps stay readable in light and dark themes. */
export const Color = z.enum([
  'gray',
  'red',
  'orange',
  'amber',
  'yellow',
  'lime',
  'green',
  'emerald',
  'teal',
  'cyan',
  'sky',
  'blue',
  'indigo',
  'violet',
  'purple',
  'fuchsia',
  'pink',
  'rose',
]);
export type Color = z.infer<typeof Color>;

export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #4f46e5');

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'must be lower-case letters, digits and inner hyphens');

/** A regular expression's source; it must compile (checked here, so a bad one never reaches a runtime). */
export const Pattern = z
  .string()
  .min(1)
  .max(500)
  .refine((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

export const IsoDate = z.iso.date('must be a date like 2026-01-31');
export const IsoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be a date-time like 2026-01-31T09:00:00Z',
});
