import { createBrowserRouter } from 'react-router';
import { RedirectIfSignedIn, RequireAuth } from './auth/route-guards.tsx';
import { PublicLayout } from './components/PublicLayout.tsx';
import { StudioLayout } from './components/StudioLayout.tsx';
import { AdminPage } from './pages/AdminPage.tsx';
import { ChatPage } from './pages/ChatPage.tsx';
import { ConnectionsPage } from './pages/ConnectionsPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { FeaturePage } from './pages/FeaturePage.tsx';
import { LandingPage } from './pages/LandingPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SignupPage } from './pages/SignupPage.tsx';

export const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { index: true, element: <LandingPage /> },
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'signup', element: <SignupPage /> },
        ],
      },
    ],
  },
  {
    path: 'app',
    element: <RequireAuth />,
    children: [
      // The canvas takes the whole window, so it has a frame of its own instead of the studio layout;
      // it loads on first use, so the dashboard does not carry React Flow and ELK.
      {
        path: 'apps/:id',
        lazy: async () => ({ Component: (await import('./pages/AppStudioPage.tsx')).AppStudioPage }),
      },
      {
        path: 'workflows/:id',
        lazy: async () => ({
          Component: (await import('./pages/WorkflowStudioPage.tsx')).WorkflowStudioPage,
        }),
      },
      {
        element: <StudioLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'chat', element: <ChatPage /> },
          { path: 'features/:id', element: <FeaturePage /> },
          { path: 'outbox', element: <OutboxPage /> },
          { path: 'connections', element: <ConnectionsPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'admin', element: <AdminPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  { element: <PublicLayout />, children: [{ path: '*', element: <NotFoundPage /> }] },
]);
