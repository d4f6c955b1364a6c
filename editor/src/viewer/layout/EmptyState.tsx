import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons.tsx';

/** A place with nothing to show: what it is, and what to do about it. */
export function EmptyState({
  icon,
  title,
  children,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-neutral-300 bg-white px-6 py-12 text-center">
      <span className="mb-3 inline-flex size-10 items-center justify-center rounded-full bg-neutral-100 text-neutral-500">
        <Icon name={icon} className="size-5" />
      </span>
      <p className="text-base font-medium text-neutral-900">{title}</p>
      {children && <div className="mt-1 max-w-sm text-sm text-neutral-600">{children}</div>}
    </div>
  );
}
