import { type ReactNode, useEffect, useRef } from 'react';
import { Icon, type IconName } from '../layout/icons.tsx';

interface Props {
  icon: IconName;
  title: string;
  children: ReactNode;
  /** Tone of the icon: neutral for "nothing here", red for a failure. */
  tone?: 'neutral' | 'danger' | 'accent';
}

const TONES = {
  neutral: 'bg-neutral-100 text-neutral-600',
  danger: 'bg-red-50 text-red-700',
  accent: 'bg-(--app-accent-soft) text-(--app-accent-ink)',
};

/**
 * A whole page that explains where the person stands (no such app, sign-in needed, offline):
 * its heading takes the focus, so a screen reader announces it at once.
 */
export function StatusPage({ icon, title, children, tone = 'neutral' }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-2xl border border-neutral-200 bg-white p-6 shadow-sm sm:p-8">
        <div className={`mb-5 inline-flex size-11 items-center justify-center rounded-full ${TONES[tone]}`}>
          <Icon name={icon} className="size-5" />
        </div>
        <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold text-neutral-900 outline-none">
          {title}
        </h1>
        <div className="mt-2 space-y-4 text-sm leading-6 text-neutral-600">{children}</div>
      </div>
    </main>
  );
}

export const primaryButton =
  'inline-flex min-h-10 items-center justify-center gap-2 rounded-lg bg-(--app-accent) px-4 text-sm font-medium text-(--app-on-accent) shadow-sm hover:brightness-110 disabled:cursor-not-allowed disabled:opacity-60';
export const secondaryButton =
  'inline-flex min-h-10 items-center justify-center gap-2 rounded-lg border border-neutral-300 bg-white px-4 text-sm font-medium text-neutral-800 shadow-sm hover:bg-neutral-50 disabled:cursor-not-allowed disabled:opacity-60';
