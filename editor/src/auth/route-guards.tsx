import { Navigate, Outlet, useLocation } from 'react-router';
import { Spinner } from '../components/Spinner.tsx';
import { useAuth } from './auth-context.tsx';

/** Where a guarded page sent the visitor from, so logging in returns them there. */
export interface FromState {
  from?: string;
}

function FullPageSpinner() {
  return (
    <div className="flex min-h-dvh items-center justify-center text-indigo-600">
      <Spinner size="lg" label="Loading your session…" />
    </div>
  );
}

/** `/app/*`: signed-out visitors go to `/login`, and come back here afterwards. */
export function RequireAuth() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <FullPageSpinner />;
  if (auth.status === 'signedOut') {
    const state: FromState | undefined = auth.afterLogOut
      ? undefined
      : { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}

/** `/login`, `/signup`: a builder who is already signed in goes on to the studio. */
export function RedirectIfSignedIn() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <FullPageSpinner />;
  if (auth.status === 'signedIn') {
    const from = (location.state as FromState | null)?.from;
    return <Navigate to={from?.startsWith('/app') ? from : '/app'} replace />;
  }
  return <Outlet />;
}
