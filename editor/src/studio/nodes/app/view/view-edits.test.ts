import { describe, expect, it } from 'vitest';
import { validateApp } from '../../../../../../runtime/definitions/index.ts';
import { recipes } from '../../../model/examples.fixture.ts';
import { setInNavigation } from './view-edits.ts';

describe('the navigation toggle of a view', () => {
  it('takes a view out of the navigation and puts it back at the end', () => {
    const app = recipes();
    const first = app.navigation[0]!.viewId;
    const out = setInNavigation(app, { viewId: first, inNavigation: false });
    expect(out.ok && out.definition.navigation.map((item) => item.viewId)).not.toContain(first);
    if (!out.ok) return;
    const back = setInNavigation(out.definition, { viewId: first, inNavigation: true });
    expect(back.ok && back.definition.navigation.at(-1)).toEqual({ viewId: first });
    expect(back.ok && validateApp(back.definition).ok).toBe(true);
  });

  it('changes nothing when the view is already where it was asked to be', () => {
    const app = recipes();
    const result = setInNavigation(app, { viewId: app.navigation[0]!.viewId, inNavigation: true });
    expect(result.ok && result.definition).toBe(app);
  });

  it('refuses a detail view, which opens from a list', () => {
    const result = setInNavigation(recipes(), { viewId: 'recipe_detail', inNavigation: true });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('open it from a list');
  });
});
