/** Query keys in one place so a mutation invalidates exactly what it changed. */
export const queryKeys = {
  me: ['me'] as const,
  features: ['features'] as const,
  feature: (id: string) => ['features', id] as const,
  anthropicKey: ['settings', 'anthropic-key'] as const,
};
