import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../schemas/definitions.ts';
import type { ConnectionSummary } from '../../../schemas/index.ts';
import type { ApiClient } from '../api/api-client.ts';
import { type Studio, StudioProvider } from '../boot/studio-context.tsx';
import { StudioStoreProvider } from '../studio/canvas/store-context.tsx';
import { exampleWorkflows } from '../studio/model/examples.fixture.ts';
import { createStudioStore } from '../studio/store/studio-store.ts';
import { ConnectionBindingItem } from '../workflows/setup/ConnectionBindingItem.tsx';
import { WorkflowSetupSection } from '../workflows/setup/WorkflowSetupSection.tsx';
import { ConnectionItem } from './ConnectionItem.tsx';

// Server rendering (the repo has no DOM library): what each state tells the builder. Queries do
// not run on the server, so the API is never answered here.

const api: ApiClient = { request: () => new Promise(() => {}), send: () => new Promise(() => {}) };

function render(node: ReactNode, store?: ReturnType<typeof createStudioStore>): string {
  const tree = (
    <StudioProvider studio={{ api } as unknown as Studio}>
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>{node}</MemoryRouter>
      </QueryClientProvider>
    </StudioProvider>
  );
  return renderToStaticMarkup(store ? <StudioStoreProvider store={store}>{tree}</StudioStoreProvider> : tree);
}

const connection = (over: Partial<ConnectionSummary>): ConnectionSummary => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Todoist',
  provider: 'todoist',
  authKind: 'api_key',
  status: 'connected',
  last4: 'abcd',
  scopes: [],
  allowedHosts: ['api.todoist.com'],
  expiresAt: null,
  createdAt: '2026-11-26T10:00:00.000Z',
  ...over,
});

const noop = () => {};

describe('a stored connection', () => {
  it('shows an API key only by its last four, with no Reconnect', () => {
    const html = render(
      <ConnectionItem
        connection={connection({})}
        highlighted={false}
        onReconnect={noop}
        reconnecting={false}
      />,
    );
    expect(html).toContain('••••abcd');
    expect(html).toContain('API key');
    expect(html).toContain('api.todoist.com');
    expect(html).not.toContain('Reconnect');
  });

  it('asks to reconnect an OAuth sign-in the provider signed out', () => {
    const html = render(
      <ConnectionItem
        connection={connection({
          name: 'Team Slack',
          provider: 'slack',
          authKind: 'oauth2',
          status: 'needs_reconnect',
          last4: undefined,
        })}
        highlighted={false}
        onReconnect={noop}
        reconnecting={false}
      />,
    );
    expect(html).toContain('Needs reconnecting');
    expect(html).toContain('Slack signed this connection out');
    expect(html).toContain('Reconnect');
  });
});

describe('a declared connection in Setup', () => {
  const declared = {
    id: 'todoist',
    label: 'Todoist',
    provider: 'todoist',
    authKind: 'api_key',
    status: 'unbound',
    connection: null,
  } as const;

  it('offers only the stored connections that can serve it', () => {
    const stored = [
      connection({}),
      connection({
        id: '00000000-0000-4000-8000-000000000002',
        name: 'Team Slack',
        provider: 'slack',
        authKind: 'oauth2',
      }),
    ];
    const html = render(<ConnectionBindingItem workflowId="w" binding={declared} stored={stored} />);
    expect(html).toContain('Todoist (••••abcd)');
    expect(html).not.toContain('Team Slack');
    expect(html).toContain('Not connected');
  });

  it('says there is none yet and links to Connections', () => {
    const html = render(<ConnectionBindingItem workflowId="w" binding={declared} stored={[]} />);
    expect(html).toContain('You have no todoist API key connection yet.');
    expect(html).toContain('href="/app/connections"');
    expect(html).not.toContain('<select');
  });
});

describe('Setup for a reviewer', () => {
  it('lists what the workflow declares, with nothing to change', () => {
    const definition = {
      ...exampleWorkflows.slackReminderAgent,
      secrets: [{ id: 'hook_secret', label: 'Webhook signing secret' }],
    } as WorkflowDefinition;
    const html = render(<WorkflowSetupSection id="w" readOnly />, createStudioStore(definition));
    expect(html).toContain('Only the workflow’s owner');
    expect(html).toContain('Slack workspace');
    expect(html).toContain('Webhook signing secret');
    expect(html).not.toMatch(/<(input|select|button)/);
    expect(html).not.toContain('Loading the workflow’s setup');
  });

  it('loads the owner’s setup from the server instead', () => {
    const html = render(
      <WorkflowSetupSection id="w" readOnly={false} />,
      createStudioStore(exampleWorkflows.slackReminderAgent),
    );
    expect(html).toContain('Loading the workflow’s setup');
    expect(html).not.toContain('Only the workflow’s owner');
  });
});
