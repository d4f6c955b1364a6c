import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from './common.ts';
import { migrateDefinition } from './migrate.ts';

describe('definition versions', () => {
  it('upgrades a definition written before schemaVersion existed, inferring its kind', () => {
    for (const [input, kind] of [
      [{ name: 'x', tables: [] }, 'app'],
      [{ name: 'x', trigger: {}, steps: [] }, 'workflow'],
      [{ files: [] }, 'code'],
    ] as const) {
      const result = migrateDefinition(input);
      expect(result).toMatchObject({
        ok: true,
        from: 0,
        to: SCHEMA_VERSION,
        value: { schemaVersion: 1, kind },
      });
    }
  });

  it('leaves a current definition as it is', () => {
    const current = { schemaVersion: SCHEMA_VERSION, kind: 'app', name: 'x' };
    expect(migrateDefinition(current)).toEqual({ ok: true, value: current, from: 1, to: 1 });
  });

  it('runs every step in order from the stored version to the current one', () => {
    const steps = {
      0: (d: Record<string, unknown>) => ({ ...d, schemaVersion: 1, trail: ['0→1'] }),
      1: (d: Record<string, unknown>) => ({
        ...d,
        schemaVersion: 2,
        trail: [...(d.trail as string[]), '1→2'],
      }),
      2: (d: Record<string, unknown>) => ({
        ...d,
        schemaVersion: 3,
        trail: [...(d.trail as string[]), '2→3'],
      }),
    };
    expect(migrateDefinition({}, steps, 3)).toMatchObject({
      ok: true,
      value: { schemaVersion: 3, trail: ['0→1', '1→2', '2→3'] },
    });
    expect(migrateDefinition({ schemaVersion: 2, trail: [] }, steps, 3)).toMatchObject({
      value: { trail: ['2→3'] },
      from: 2,
    });
  });

  it('refuses a newer version, a broken version and a non-object with a reason', () => {
    expect(migrateDefinition({ schemaVersion: 99 })).toEqual({
      ok: false,
      path: 'schemaVersion',
      message: `version 99 was made by a newer Build Practical (this one reads up to ${SCHEMA_VERSION})`,
    });
    expect(migrateDefinition({ schemaVersion: '1' })).toMatchObject({
      ok: false,
      message: 'must be a whole number',
    });
    expect(migrateDefinition([])).toMatchObject({ ok: false, path: '(root)' });
    expect(migrateDefinition({ schemaVersion: 1 }, {}, 2)).toMatchObject({
      ok: false,
      message: 'no upgrade from version 1',
    });
  });
});
