import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../runtime/definitions/index.ts';
import { appTemplates, blankApp, slugFrom, workflowTemplates } from './templates.ts';

describe('new app templates', () => {
  it('a blank app is a valid definition the server will accept', () => {
    const checked = validateApp(blankApp('My list', 'my-list'));
    expect(checked.ok ? [] : checked.errors).toEqual([]);
  });

  it('offers every example definition as a template', async () => {
    expect(appTemplates.map((t) => t.id)).toContain('recipe-tracker');
    expect(appTemplates.length).toBeGreaterThanOrEqual(6);
    expect(workflowTemplates.length).toBeGreaterThanOrEqual(4);
    const recipe = await appTemplates.find((t) => t.id === 'recipe-tracker')!.load();
    expect(recipe.kind).toBe('app');
  });

  it('derives a slug the definition accepts from any name', () => {
    expect(slugFrom('Crème Brûlée Orders!')).toBe('creme-brulee-orders');
    expect(slugFrom('  ')).toBe('app');
    expect(slugFrom('x'.repeat(80))).toHaveLength(63);
    expect(slugFrom(`${'a'.repeat(62)} b`)).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
  });
});
