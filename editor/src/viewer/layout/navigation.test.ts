import { describe, expect, it } from 'vitest';
import type { AppDefinition } from '../../../../schemas/app/app-definition.ts';
import crm from '../../../../schemas/examples/crm-lite.app.json' with { type: 'json' };
import { createFormFor, detailViewFor, homeView, navItems, viewLabel } from './navigation.ts';

const app = crm as unknown as AppDefinition;

describe('the menu and the pages rows open in', () => {
  it('lists the navigation in order, with its labels', () => {
    const items = navItems(app);
    expect(items.map((item) => item.view.id).slice(0, 3)).toEqual(['pipeline', 'open_deals', 'late_stage']);
    expect(items.find((item) => item.view.id === 'pipeline_by_stage')?.label).toBe('Pipeline value');
    expect(homeView(app)?.id).toBe('pipeline');
  });

  it('leaves out what the server cut for this caller', () => {
    const cut = { ...app, views: app.views.filter((view) => view.tableId !== 'deals') };
    const ids = navItems(cut).map((item) => item.view.id);
    expect(ids).not.toContain('pipeline');
    expect(ids).not.toContain('deal_form');
    expect(homeView(cut)?.id).toBe('companies_grid');
  });

  it('offers every view but the row pages when the app has no navigation', () => {
    const bare = { ...app, navigation: [] };
    const ids = navItems(bare).map((item) => item.view.id);
    expect(ids).toContain('open_deals');
    expect(ids).not.toContain('deal_detail');
  });

  it('has no home page when the caller can see no view', () => {
    expect(homeView({ ...app, views: [] })).toBeNull();
  });

  it('finds the detail view and the create form of a table', () => {
    expect(detailViewFor(app, 'deals')?.id).toBe('deal_detail');
    expect(createFormFor(app, 'deals')?.id).toBe('deal_form');
    expect(detailViewFor(app, 'nope')).toBeNull();
    expect(viewLabel(app, app.views.find((v) => v.id === 'pipeline_by_stage')!)).toBe('Pipeline value');
  });
});
