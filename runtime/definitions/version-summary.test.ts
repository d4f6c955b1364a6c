import { describe, expect, it } from 'vitest';
import recipes from '../../schemas/examples/recipe-tracker.app.json' with { type: 'json' };
import { versionSummary } from './version-summary.ts';

describe('the one-line summary of a saved version', () => {
  it('names the first change and counts the rest', () => {
    const after = structuredClone(recipes);
    after.name = 'Family recipes';
    after.tables[0]!.label = 'Dishes';
    const line = versionSummary(recipes, after);
    expect(line).toMatch(/^[A-Z]/);
    expect(line).toMatch(/\(\+1 more\)$/);
  });

  it('says when nothing changed, and copes with drafts that are not valid definitions', () => {
    expect(versionSummary(recipes, structuredClone(recipes))).toBe('No changes');
    expect(typeof versionSummary({ kind: 'app' }, { kind: 'app', tables: 'oops' })).toBe('string');
    expect(versionSummary(null, 42).length).toBeLessThanOrEqual(200);
  });
});
