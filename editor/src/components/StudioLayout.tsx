import { useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/me.ts';
import { useLogOut, useSession } from '../auth/auth-context.tsx';
import { Button } from './Button.tsx';
import { Logo } from './Logo.tsx';

/** A feature's page belongs to the dashboard, so "Dashboard" stays highlighted there. */
const navItems = [
  {
    to: '/app',
    label: 'Dashboard',
    matches: (path: string) => path === '/app' || path.startsWith('/app/features/'),
  },
  { to: '/app/chat', label: 'Chat', matches: (path: string) => path.startsWith('/app/chat') },
  {
    to: '/app/connections',
    label: 'Connections',
    matches: (path: string) => path.startsWith('/app/connections'),
  },
  { to: '/app/outbox', label: 'Outbox', matches: (path: string) => path.startsWith('/app/outbox') },
  { to: '/app/settings', label: 'Settings', matches: (path: string) => path.startsWith('/app/settings') },
] as const;

/** Shown only to the platform owner (`isAdmin` from /api/me); the page itself re-checks. */
const adminItem = {
  to: '/app/admin',
  label: 'Admin',
  matches: (path: string) => path.startsWith('/app/admin'),
};

function navClass(isActive: boolean): string {
  return `rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
    isActive ? 'bg-indigo-50 text-indigo-700' : 'text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900'
  }`;
}

function useDisplayName(): string {
  const session = useSession();
  const me = useMe();
  if (me.data) return me.data.username;
  // Until /api/me answers, the username given at sign-up is the best guess we have.
  const fromMetadata: unknown = session.user.user_metadata?.username;
  return typeof fromMetadata === 'string' ? fromMetadata : (session.user.email ?? '');
}

export function StudioLayout() {
  const logOut = useLogOut();
  const { pathname } = useLocation();
  const name = useDisplayName();
  const items = useMe().data?.isAdmin ? [...navItems, adminItem] : navItems;
  const [signingOut, setSigningOut] = useState(false);

  function onLogOut() {
    setSigningOut(true);
    // Once the session is gone, <RequireAuth> takes the builder to /login.
    void logOut().finally(() => setSigningOut(false));
  }

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-neutral-200 bg-white">
        <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 sm:px-6">
          <Logo to="/app" />
          <nav
            aria-label="Studio"
            className="order-last -mx-3 flex w-full items-center gap-1 overflow-x-auto sm:order-none sm:mx-0 sm:w-auto"
          >
            {items.map((item) => {
              const active = item.matches(pathname.replace(/\/$/, '') || '/');
              return (
                <Link
                  key={item.to}
                  to={item.to}
                  aria-current={active ? 'page' : undefined}
                  className={navClass(active)}
                >
                  {item.label}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <span className="max-w-40 truncate text-sm text-neutral-600" data-testid="current-username">
              {name}
            </span>
            <Button variant="secondary" onClick={onLogOut} pending={signingOut}>
              Log out
            </Button>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        <Outlet />
      </main>
    </div>
  );
}
