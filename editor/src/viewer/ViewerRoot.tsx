import { type ComponentType, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ViewerApp } from '../../../schemas/api/viewer.ts';
import { createViewerClient, sessionKey, ViewerError } from './api/client.ts';
import { AppShell } from './layout/AppShell.tsx';
import { EmptyState } from './layout/EmptyState.tsx';
import { type FailurePage, failurePage } from './layout/load-outcome.ts';
import { homeView, viewLabel } from './layout/navigation.ts';
import { watchSession } from './layout/session-watch.ts';
import { themeStyle } from './layout/theme.ts';
import { ViewErrorBoundary } from './layout/ViewErrorBoundary.tsx';
import { FailedPage, NotFoundPage, PrivateAppPage } from './pages/FailurePages.tsx';
import { LoadingPage } from './pages/LoadingPage.tsx';
import { type SignInNotice, SignInPage } from './pages/SignInPage.tsx';
import { type AppAddress, parseViewerPath, tokenFromHash, type ViewerRoute } from './routing.ts';
import { viewPages } from './views/registry.tsx';
import type { ViewProps } from './views/view-props.ts';

interface Place {
  pathname: string;
  search: string;
}

/** Whether this browser keeps an app session for the app, even an expired one (which the client drops on reading). */
function hasStoredSession(base: string): boolean {
  try {
    return localStorage.getItem(sessionKey(base)) !== null;
  } catch {
    return false;
  }
}

const here = (): Place => ({ pathname: window.location.pathname, search: window.location.search });

/**
 * The viewer: reads the app from the address, keeps the address and the page in step
 * (pushState on navigation, popstate on Back), and shows the app or the page that explains why not.
 */
export function ViewerRoot() {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const onPop = () => setPlace(here());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const parsed = parseViewerPath(place.pathname);
  if (!parsed) return <NotFoundPage address={null} />;
  return (
    <AppViewer
      key={parsed.address.base}
      address={parsed.address}
      route={parsed.route}
      place={place}
      setPlace={setPlace}
    />
  );
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'ready'; app: ViewerApp }
  | { kind: 'sign-in'; notice: SignInNotice }
  | { kind: 'failure'; page: Exclude<FailurePage, { kind: 'sign-in' }>; retry: () => void };

interface AppViewerProps {
  address: AppAddress;
  route: ViewerRoute;
  place: Place;
  setPlace: (place: Place) => void;
}

function AppViewer({ address, route, place, setPlace }: AppViewerProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const rawClient = useMemo(() => createViewerClient(address.base), [address.base]);
  // Pages get a client that reports an ended session to the shell (see watchSession).
  const client = useMemo(
    () =>
      watchSession(rawClient, (error) =>
        setPhase((current) =>
          current.kind === 'ready'
            ? {
                kind: 'sign-in',
                notice: failurePage(error).kind === 'private' ? { kind: 'required' } : { kind: 'ended' },
              }
            : current,
        ),
      ),
    [rawClient],
  );

  const fail = useCallback((error: unknown, retry: () => void, hadSession = false) => {
    const page = failurePage(error);
    // A session this browser kept but that no longer counts (it expired here) ended, too.
    if (page.kind === 'sign-in')
      setPhase({ kind: 'sign-in', notice: { kind: hadSession ? 'ended' : page.reason } });
    else setPhase({ kind: 'failure', page, retry });
  }, []);

  const load = useCallback(
    async (token: string | null): Promise<void> => {
      setPhase({ kind: 'loading' });
      if (token) {
        try {
          await rawClient.signIn(token);
        } catch (error) {
          const refused =
            error instanceof ViewerError && error.status > 0 && error.status < 500 && error.status !== 429;
          // A link to an app that no longer uses sign-in (now public) simply opens it.
          if (!(error instanceof ViewerError && error.code === 'sign_in_not_used')) {
            // A refused link (used, expired) needs a new one; a lost connection can retry this one.
            if (refused) setPhase({ kind: 'sign-in', notice: { kind: 'link', message: error.message } });
            else fail(error, () => void load(token));
            return;
          }
        }
      }
      const hadSession = hasStoredSession(address.base);
      try {
        setPhase({ kind: 'ready', app: await rawClient.app() });
      } catch (error) {
        fail(error, () => void load(null), hadSession);
      }
    },
    [rawClient, fail, address.base],
  );

  const started = useRef(false);
  useEffect(() => {
    // Once, even under StrictMode's double effects: a link's token works only once.
    if (started.current) return;
    started.current = true;
    const token = tokenFromHash(window.location.hash);
    // The token leaves the address at once, so it is not bookmarked, shared or kept in history.
    if (token)
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${window.location.search}`,
      );
    void load(token);
  }, [load]);

  const navigate = useCallback(
    (path: string) => {
      const target = `${address.base}${path.startsWith('/') ? path : `/${path}`}`;
      const url = new URL(target, window.location.origin);
      window.history.pushState(null, '', url);
      setPlace({ pathname: url.pathname, search: url.search });
      window.scrollTo({ top: 0 });
    },
    [address.base, setPlace],
  );

  // The sign-in page of an app that let us in (public, or already signed in) is the app itself.
  useEffect(() => {
    if (phase.kind !== 'ready' || route.kind !== 'sign-in') return;
    window.history.replaceState(null, '', `${address.base}/`);
    setPlace({ pathname: `${address.base}/`, search: '' });
  }, [phase.kind, route.kind, address.base, setPlace]);

  const signOut = useCallback(async () => {
    try {
      await rawClient.signOut();
    } catch {
      // The session is forgotten here either way; the server's answer changes nothing.
    }
    setPhase({ kind: 'sign-in', notice: { kind: 'signed-out' } });
  }, [rawClient]);

  // Once the app has been seen, its name and colour stay on the pages shown after signing out.
  const known = useRef<{ name: string; themeColor: string } | null>(null);
  if (phase.kind === 'ready')
    known.current = { name: phase.app.definition.name, themeColor: phase.app.definition.themeColor };
  const appName = known.current?.name ?? address.slug;
  useEffect(() => {
    if (phase.kind !== 'ready') document.title = appName;
  }, [phase.kind, appName]);

  switch (phase.kind) {
    case 'loading':
      return <LoadingPage />;
    case 'sign-in':
      return (
        <div style={known.current ? themeStyle(known.current.themeColor) : undefined}>
          <SignInPage appName={appName} notice={phase.notice} requestLink={rawClient.requestSignInLink} />
        </div>
      );
    case 'failure':
      if (phase.page.kind === 'not-found') return <NotFoundPage address={address.base} />;
      if (phase.page.kind === 'private') return <PrivateAppPage />;
      return <FailedPage {...phase.page} onRetry={phase.retry} />;
    case 'ready':
      return (
        <ReadyApp
          app={phase.app}
          base={address.base}
          route={route}
          focusKey={`${place.pathname}${place.search}`}
          client={client}
          navigate={navigate}
          onSignOut={() => void signOut()}
        />
      );
  }
}

interface ReadyAppProps {
  app: ViewerApp;
  base: string;
  route: ViewerRoute;
  focusKey: string;
  client: ViewProps['client'];
  navigate: (path: string) => void;
  onSignOut: () => void;
}

function ReadyApp({ app, base, route, focusKey, client, navigate, onSignOut }: ReadyAppProps) {
  const { definition } = app;
  const home = homeView(definition);
  const viewId = route.kind === 'view' ? (route.viewId ?? home?.id ?? null) : (home?.id ?? null);
  const view = route.kind === 'unknown' ? null : (definition.views.find((v) => v.id === viewId) ?? null);
  const heading = view ? viewLabel(definition, view) : home ? 'Page not found' : definition.name;

  useEffect(() => {
    document.title = view ? `${heading} · ${definition.name}` : definition.name;
  }, [view, heading, definition.name]);

  let content: ReactNode;
  if (view) {
    const Page = viewPages[view.kind] as ComponentType<ViewProps>;
    content = (
      <ViewErrorBoundary key={focusKey}>
        <Page
          key={focusKey}
          app={app}
          view={view}
          client={client}
          rowId={route.kind === 'view' ? route.rowId : null}
          navigate={navigate}
        />
      </ViewErrorBoundary>
    );
  } else if (!home)
    content = (
      <EmptyState icon="list" title="Nothing to show yet">
        This app has no pages you can open. If you expected some, ask its builder to check your access.
      </EmptyState>
    );
  else
    content = (
      <EmptyState icon="alert" title="This page is not in the app">
        The link may be old, or the page is not open to you.{' '}
        <a
          href={`${base}/`}
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
          className="font-medium text-(--app-accent-ink) underline underline-offset-2"
        >
          Go to the start page
        </a>
        .
      </EmptyState>
    );

  return (
    <AppShell
      app={app}
      base={base}
      currentViewId={view?.id ?? null}
      navigate={navigate}
      onSignOut={onSignOut}
      heading={heading}
      description={view?.description}
      focusKey={focusKey}
    >
      {content}
    </AppShell>
  );
}
