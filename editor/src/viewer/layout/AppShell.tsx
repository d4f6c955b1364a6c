import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { ViewerApp } from '../../../../schemas/api/viewer.ts';
import { viewPath } from '../routing.ts';
import { AppLink } from './AppLink.tsx';
import { Icon, viewIcon } from './icons.tsx';
import { navItems } from './navigation.ts';
import { themeStyle } from './theme.ts';

interface Props {
  app: ViewerApp;
  /** `/u/{username}/{slug}` */
  base: string;
  currentViewId: string | null;
  /** Goes to a page of the app, by its path relative to `base`. */
  navigate: (path: string) => void;
  onSignOut: () => void;
  /** The page's heading (the view's name) and what it is for. */
  heading: string;
  description?: string | undefined;
  /** Changes on every navigation: the heading then takes the focus, so the new page is announced. */
  focusKey: string;
  children: ReactNode;
}

/** A short icon is an emoji; a longer one is an icon name we do not draw, so the initial stands in. */
const appMark = (app: ViewerApp) => {
  const icon = app.definition.icon;
  return icon && [...icon].length <= 2 ? icon : (app.definition.name[0]?.toUpperCase() ?? '?');
};

/**
 * The frame of every page of a published app: the app's name and colour, the menu of its views
 * (a side bar on wide screens, a menu button on a phone), who is signed in, and the page itself.
 */
export function AppShell(props: Props) {
  const { app, base, currentViewId, navigate, heading, description, focusKey, children } = props;
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const items = navItems(app.definition);

  // The first page keeps the browser's own focus; every later one moves it to its heading.
  const shownKey = useRef(focusKey);
  useEffect(() => {
    if (shownKey.current === focusKey) return;
    shownKey.current = focusKey;
    setMenuOpen(false);
    headingRef.current?.focus();
  }, [focusKey]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  const nav = (
    <ul className="space-y-0.5">
      {items.map(({ view, label }) => {
        const current = view.id === currentViewId;
        const path = viewPath(view.id);
        return (
          <li key={view.id}>
            <AppLink
              href={`${base}${path}`}
              onNavigate={() => navigate(path)}
              aria-current={current ? 'page' : undefined}
              className={`flex min-h-10 items-center gap-3 rounded-lg px-3 text-sm ${
                current
                  ? 'bg-(--app-accent-soft) font-semibold text-(--app-accent-ink)'
                  : 'text-neutral-700 hover:bg-neutral-100 hover:text-neutral-900'
              }`}
            >
              <Icon name={viewIcon(view.kind)} className={`size-4 ${current ? '' : 'text-neutral-400'}`} />
              <span className="truncate">{label}</span>
            </AppLink>
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="min-h-dvh bg-neutral-50 text-neutral-900" style={themeStyle(app.definition.themeColor)}>
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-neutral-200 bg-white/95 backdrop-blur">
        <div className="h-1 bg-(--app-accent)" />
        <div className="flex h-14 items-center gap-2 px-3 sm:px-4">
          {items.length > 0 && (
            <button
              ref={menuButton}
              type="button"
              className="inline-flex size-10 items-center justify-center rounded-lg text-neutral-700 hover:bg-neutral-100 md:hidden"
              aria-expanded={menuOpen}
              aria-controls={menuId}
              onClick={() => setMenuOpen((open) => !open)}
            >
              <Icon name={menuOpen ? 'close' : 'menu'} className="size-5" />
              <span className="sr-only">{menuOpen ? 'Close menu' : 'Menu'}</span>
            </button>
          )}
          <AppLink
            href={`${base}/`}
            onNavigate={() => navigate('/')}
            className="flex min-w-0 items-center gap-2.5 rounded-lg py-1 pr-2"
          >
            <span
              aria-hidden="true"
              className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-(--app-accent) text-base font-semibold text-(--app-on-accent)"
            >
              {appMark(app)}
            </span>
            <span className="truncate text-base font-semibold">{app.definition.name}</span>
          </AppLink>
          <CallerBadge app={app} onSignOut={props.onSignOut} />
        </div>
        {menuOpen && (
          <nav
            id={menuId}
            aria-label="Pages"
            className="max-h-[70dvh] overflow-y-auto border-t border-neutral-200 px-3 py-2 md:hidden"
          >
            {nav}
            {app.caller.kind === 'end_user' && app.caller.email && (
              <p className="mt-2 border-t border-neutral-200 px-3 pt-3 pb-1 text-xs text-neutral-600 sm:hidden">
                Signed in as{' '}
                <span className="font-medium break-all text-neutral-800">{app.caller.email}</span>
                {app.caller.roleLabel && <> · {app.caller.roleLabel}</>}
              </p>
            )}
          </nav>
        )}
      </header>
      <div className="mx-auto flex max-w-[100rem]">
        {items.length > 0 && (
          <nav
            aria-label="Pages"
            className="sticky top-[3.75rem] hidden max-h-[calc(100dvh-3.75rem)] w-60 shrink-0 overflow-y-auto p-3 md:block"
          >
            {nav}
          </nav>
        )}
        <main id="main" className="min-w-0 flex-1 px-3 py-5 sm:px-6 md:py-8 lg:px-8">
          <h1
            ref={headingRef}
            tabIndex={-1}
            className="text-xl font-semibold tracking-tight text-neutral-900 outline-none sm:text-2xl"
          >
            {heading}
          </h1>
          {description && <p className="mt-1 max-w-3xl text-sm text-neutral-600">{description}</p>}
          <div className="mt-5">{children}</div>
        </main>
      </div>
    </div>
  );
}

function CallerBadge({ app, onSignOut }: { app: ViewerApp; onSignOut: () => void }) {
  const { caller } = app;
  if (caller.kind === 'owner')
    return (
      <span className="ml-auto shrink-0 rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-900">
        <span className="sm:hidden">Builder</span>
        <span className="hidden sm:inline">Viewing as the builder</span>
      </span>
    );
  if (caller.kind !== 'end_user') return null;
  return (
    <div className="ml-auto flex min-w-0 items-center gap-2">
      <p className="hidden min-w-0 text-right text-xs leading-tight sm:block">
        <span className="block truncate font-medium text-neutral-800">{caller.email}</span>
        {caller.roleLabel && <span className="block truncate text-neutral-500">{caller.roleLabel}</span>}
      </p>
      <button
        type="button"
        onClick={onSignOut}
        className="inline-flex min-h-10 shrink-0 items-center gap-1.5 rounded-lg border border-neutral-300 px-3 text-sm font-medium text-neutral-700 hover:bg-neutral-50"
      >
        <Icon name="signOut" />
        Sign out
        <span className="sr-only">{caller.email ? ` (signed in as ${caller.email})` : ''}</span>
      </button>
    </div>
  );
}
