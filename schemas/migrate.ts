import { SCHEMA_VERSION } from './common.ts';

/**
 * Upgrades a stored definition, step by step, to the current `schemaVersion`. Each step takes the
 * JSON of version N and returns version N + 1; it never throws on shapes it does not know (the
 * validator reports those afterwards).
 */
export type MigrationStep = (definition: Record<string, unknown>) => Record<string, unknown>;

/** Version 0 is every definition written before `schemaVersion` existed. */
export const DEFINITION_MIGRATIONS: Record<number, MigrationStep> = {
  0: (definition) => ({ ...definition, schemaVersion: 1, kind: definition.kind ?? inferKind(definition) }),
};

function inferKind(definition: Record<string, unknown>): string | undefined {
  if ('tables' in definition) return 'app';
  if ('trigger' in definition || 'steps' in definition) return 'workflow';
  if ('files' in definition) return 'code';
  return undefined;
}

export type MigrationResult =
  | { ok: true; value: unknown; from: number; to: number }
  | { ok: false; path: string; message: string };

export function migrateDefinition(
  input: unknown,
  migrations: Record<number, MigrationStep> = DEFINITION_MIGRATIONS,
  current: number = SCHEMA_VERSION,
): MigrationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, path: '(root)', message: 'a definition must be a JSON object' };
  }
  let definition = input as Record<string, unknown>;
  const from = definition.schemaVersion === undefined ? 0 : definition.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) {
    return { ok: false, path: 'schemaVersion', message: 'must be a whole number' };
  }
  if (from > current) {
    return {
      ok: false,
      path: 'schemaVersion',
      message: `version ${from} was made by a newer Build Practical (this one reads up to ${current})`,
    };
  }
  for (let version = from; version < current; version++) {
    const step = migrations[version];
    if (!step) return { ok: false, path: 'schemaVersion', message: `no upgrade from version ${version}` };
    definition = step(definition);
  }
  return { ok: true, value: definition, from, to: current };
}
