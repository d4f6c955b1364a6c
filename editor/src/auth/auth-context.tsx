import type { Session } from '@supabase/supabase-js';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useStudio } from '../boot/studio-context.tsx';

export type AuthState =
  | { status: 'loading' }
  /** `afterLogOut`: the builder pressed "Log out", so there is no page to return to after logging in. */
  | { status: 'signedOut'; afterLogOut: boolean }
  | { status: 'signedIn'; session: Session };

interface AuthContextValue {
  state: AuthState;
  logOut: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Mirrors supabase-js's session into React; supabase-js stays the one owner of the tokens. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { supabase } = useStudio();
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const loggingOut = useRef(false);

  useEffect(() => {
    let userId: string | undefined;
    // onAuthStateChange fires INITIAL_SESSION first, so no separate getSession() is needed.
    const { data } = supabase.auth.onAuthStateChange((_event, session) => {
      // Another builder may sign in next in this tab; none of the previous one's data may linger.
      if (userId !== session?.user.id) queryClient.clear();
      userId = session?.user.id;
      if (session) {
        loggingOut.current = false;
        setState({ status: 'signedIn', session });
      } else {
        setState({ status: 'signedOut', afterLogOut: loggingOut.current });
      }
    });
    return () => data.subscription.unsubscribe();
  }, [supabase, queryClient]);

  const logOut = useCallback(async () => {
    loggingOut.current = true;
    const { error } = await supabase.auth.signOut();
    // A failed server-side logout must still end the session in this browser.
    if (error) await supabase.auth.signOut({ scope: 'local' });
  }, [supabase]);

  const value = useMemo(() => ({ state, logOut }), [state, logOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

function useAuthContext(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('auth hooks must be used inside <AuthProvider>');
  return value;
}

export function useAuth(): AuthState {
  return useAuthContext().state;
}

export function useLogOut(): () => Promise<void> {
  return useAuthContext().logOut;
}

/** The session inside `/app/*`, where <RequireAuth> guarantees there is one. */
export function useSession(): Session {
  const state = useAuth();
  if (state.status !== 'signedIn') throw new Error('useSession() used outside a signed-in route');
  return state.session;
}
