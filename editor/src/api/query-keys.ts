/** Query keys in one place so a mutation invalidates exactly what it changed. */
export const queryKeys = {
  me: ['me'] as const,
  features: ['features'] as const,
  feature: (id: string) => ['features', id] as const,
  anthropicKey: ['settings', 'anthropic-key'] as const,
  apps: ['apps'] as const,
  app: (id: string) => ['apps', id] as const,
  appVersions: (id: string) => ['apps', id, 'versions'] as const,
  appVersion: (id: string, v: number) => ['apps', id, 'version', v] as const,
  appDiff: (id: string, a: number, b: number) => ['apps', id, 'diff', a, b] as const,
  workflows: ['workflows'] as const,
  workflow: (id: string) => ['workflows', id] as const,
  workflowVersions: (id: string) => ['workflows', id, 'versions'] as const,
  workflowVersion: (id: string, v: number) => ['workflows', id, 'version', v] as const,
  workflowDiff: (id: string, a: number, b: number) => ['workflows', id, 'diff', a, b] as const,
  endUsers: (id: string) => ['apps', id, 'end-users'] as const,
};
