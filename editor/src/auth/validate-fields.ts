import type { z } from 'zod';

/**
 * Checks each field with its schema and returns "<Label> <problem>" per failing field, so the
 * studio shows the same rule, worded the same way, as the server enforces.
 */
export function validateFields(
  fields: Record<string, { label: string; schema: z.ZodType; value: unknown }>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, { label, schema, value }] of Object.entries(fields)) {
    const result = schema.safeParse(value);
    if (!result.success) errors[name] = `${label} ${result.error.issues[0]?.message ?? 'is not valid'}`;
  }
  return errors;
}
