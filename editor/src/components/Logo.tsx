import { Link } from 'react-router';

export function Logo({ to }: { to: string }) {
  return (
    <Link
      to={to}
      className="flex items-center gap-2 rounded-md font-semibold whitespace-nowrap text-neutral-900"
    >
      <span
        aria-hidden="true"
        className="grid size-7 place-items-center rounded-lg bg-indigo-600 text-sm text-white"
      >
        B
      </span>
      Build Practical
    </Link>
  );
}
