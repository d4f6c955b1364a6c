const sizes = { sm: 'size-4 border-2', md: 'size-6 border-2', lg: 'size-10 border-[3px]' } as const;

/** Decorative; whatever is loading says so in text next to it (or via `label`). */
export function Spinner({ size = 'md', label }: { size?: keyof typeof sizes; label?: string }) {
  return (
    <span className="inline-flex items-center gap-2" role={label ? 'status' : undefined}>
      <span
        aria-hidden="true"
        className={`${sizes[size]} inline-block animate-spin rounded-full border-current border-r-transparent opacity-70`}
      />
      {label && <span className="text-sm text-neutral-600">{label}</span>}
    </span>
  );
}

/** A grey placeholder block; the surrounding region carries `aria-busy` and a text label. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded-md bg-neutral-200 ${className ?? ''}`} />;
}
