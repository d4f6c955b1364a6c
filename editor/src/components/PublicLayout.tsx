import { Outlet } from 'react-router';
import { Logo } from './Logo.tsx';

export function PublicLayout() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-neutral-200 bg-white">
        <div className="mx-auto flex h-14 max-w-5xl items-center px-4 sm:px-6">
          <Logo to="/" />
        </div>
      </header>
      <main className="flex-1">
        <Outlet />
      </main>
      <footer className="border-t border-neutral-200 py-6 text-center text-xs text-neutral-500">
        Build Practical — describe it, review it, ship it.
      </footer>
    </div>
  );
}
