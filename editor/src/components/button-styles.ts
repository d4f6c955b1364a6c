/** Shared so a <Link> that acts as a button looks exactly like one. */
const base =
  'inline-flex min-h-10 items-center justify-center gap-2 whitespace-nowrap rounded-lg border px-4 py-2 text-sm font-medium ' +
  'transition-colors ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60';

export const buttonStyles = {
  primary: `${base} border-transparent bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-indigo-600`,
  secondary: `${base} border-neutral-300 bg-white text-neutral-800 shadow-sm hover:bg-neutral-50`,
  danger: `${base} border-transparent bg-red-600 text-white shadow-sm hover:bg-red-500 focus-visible:outline-red-600`,
  ghost: `${base} border-transparent text-neutral-700 hover:bg-neutral-100`,
  dangerGhost: `${base} border-transparent text-red-700 hover:bg-red-50`,
} as const;

export type ButtonVariant = keyof typeof buttonStyles;
