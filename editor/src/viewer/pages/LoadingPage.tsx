/** The shell's outline while the app loads: the same places, so nothing jumps when it arrives. */
export function LoadingPage() {
  return (
    <div className="min-h-dvh bg-neutral-50" aria-busy="true">
      <p className="sr-only" role="status">
        Loading the app…
      </p>
      <div className="h-1 bg-neutral-200" />
      <div className="flex h-14 items-center gap-3 border-b border-neutral-200 bg-white px-4">
        <div className="size-8 animate-pulse rounded-lg bg-neutral-200" />
        <div className="h-4 w-40 animate-pulse rounded bg-neutral-200" />
      </div>
      <div className="flex">
        <div className="hidden w-60 shrink-0 space-y-3 border-r border-neutral-200 bg-white p-4 md:block">
          {[0, 1, 2, 3, 4].map((i) => (
            <div
              key={i}
              className="h-4 animate-pulse rounded bg-neutral-100"
              style={{ width: `${80 - i * 8}%` }}
            />
          ))}
        </div>
        <div className="flex-1 space-y-4 p-4 md:p-8">
          <div className="h-7 w-56 animate-pulse rounded bg-neutral-200" />
          <div className="h-64 animate-pulse rounded-xl bg-white ring-1 ring-neutral-200" />
        </div>
      </div>
    </div>
  );
}
