import { describe, expect, it } from 'vitest';
import { appBase, isPlainClick, parseViewerPath, tokenFromHash, viewPath } from './routing.ts';

describe('parseViewerPath: the app and page an address names', () => {
  it('reads the app from /u/{username}/{slug}, with or without a trailing slash', () => {
    for (const path of ['/u/ada/crm-lite', '/u/ada/crm-lite/']) {
      expect(parseViewerPath(path)).toEqual({
        address: { username: 'ada', slug: 'crm-lite', base: '/u/ada/crm-lite' },
        route: { kind: 'view', viewId: null, rowId: null },
      });
    }
  });

  it('reads a view and a row of it', () => {
    expect(parseViewerPath('/u/ada/crm/v/open_deals')?.route).toEqual({
      kind: 'view',
      viewId: 'open_deals',
      rowId: null,
    });
    expect(parseViewerPath('/u/ada/crm/v/deal_detail/6f1c0b1e-0000-4000-8000-000000000001/')?.route).toEqual({
      kind: 'view',
      viewId: 'deal_detail',
      rowId: '6f1c0b1e-0000-4000-8000-000000000001',
    });
  });

  it('reads the sign-in page', () => {
    expect(parseViewerPath('/u/ada/crm/sign-in')?.route).toEqual({ kind: 'sign-in' });
  });

  it('decodes escaped segments and builds the base escaped again', () => {
    const parsed = parseViewerPath('/u/j%C3%BCrgen/app/v/a%20b');
    expect(parsed?.address).toEqual({ username: 'jürgen', slug: 'app', base: '/u/j%C3%BCrgen/app' });
    expect(parsed?.route).toEqual({ kind: 'view', viewId: 'a b', rowId: null });
  });

  it('calls anything else under the app unknown, and anything outside /u/ not an app', () => {
    expect(parseViewerPath('/u/ada/crm/v')?.route).toEqual({ kind: 'unknown' });
    expect(parseViewerPath('/u/ada/crm/v/a/b/c')?.route).toEqual({ kind: 'unknown' });
    expect(parseViewerPath('/u/ada/crm/settings')?.route).toEqual({ kind: 'unknown' });
    expect(parseViewerPath('/u/ada/crm/v/%E0%A4%A')?.route).toEqual({ kind: 'unknown' });
    expect(parseViewerPath('/u/ada')).toBeNull();
    expect(parseViewerPath('/u//crm')).toBeNull();
    expect(parseViewerPath('/apps/ada/crm')).toBeNull();
    expect(parseViewerPath('/')).toBeNull();
  });
});

describe('paths the viewer links to', () => {
  it('escapes ids so a row id or view id cannot break out of its segment', () => {
    expect(viewPath('open_deals')).toBe('/v/open_deals');
    expect(viewPath('deal_detail', 'a/b?c')).toBe('/v/deal_detail/a%2Fb%3Fc');
    expect(appBase('ada lovelace', 'crm')).toBe('/u/ada%20lovelace/crm');
  });

  it('round-trips through parseViewerPath', () => {
    const path = `${appBase('ada', 'crm')}${viewPath('x', 'r 1')}`;
    expect(parseViewerPath(path)?.route).toEqual({ kind: 'view', viewId: 'x', rowId: 'r 1' });
  });
});

describe('tokenFromHash: the magic link', () => {
  it('finds the token in #token=…', () => {
    expect(tokenFromHash('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHash('#x=1&token=t0k')).toBe('t0k');
  });
  it('is null without one', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#section-2')).toBeNull();
  });
});

describe('isPlainClick: which link clicks stay in the page', () => {
  const click = {
    button: 0,
    metaKey: false,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    defaultPrevented: false,
  };
  it('handles a plain left click', () => {
    expect(isPlainClick(click)).toBe(true);
  });
  it('leaves middle clicks and modified clicks (new tab, new window) to the browser', () => {
    expect(isPlainClick({ ...click, button: 1 })).toBe(false);
    expect(isPlainClick({ ...click, metaKey: true })).toBe(false);
    expect(isPlainClick({ ...click, ctrlKey: true })).toBe(false);
    expect(isPlainClick({ ...click, shiftKey: true })).toBe(false);
    expect(isPlainClick({ ...click, defaultPrevented: true })).toBe(false);
  });
});
