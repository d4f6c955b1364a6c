import { Link, useLocation } from 'react-router';
import { buttonStyles } from '../components/button-styles.ts';

export function NotFoundPage() {
  const location = useLocation();
  const inStudio = location.pathname.startsWith('/app');
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-neutral-900">Page not found</h1>
      <p className="mt-2 text-neutral-600">There is nothing at {location.pathname}.</p>
      <Link to={inStudio ? '/app' : '/'} className={`${buttonStyles.secondary} mt-6`}>
        {inStudio ? 'Back to the dashboard' : 'Back to the home page'}
      </Link>
    </div>
  );
}
