import { BuildBody, type FeatureDetail } from '../../../../schemas/index.ts';

export type Readiness = { ready: true } | { ready: false; reason: string; settingsLink?: boolean };

/** Why the Build button cannot be pressed yet, in words; the button says it next to itself. */
export function buildReadiness(
  feature: Pick<FeatureDetail, 'keyConfigured' | 'mode' | 'recommendedMode' | 'status'>,
): Readiness {
  if (feature.status !== 'drafting') return { ready: false, reason: 'This feature has already been built.' };
  if (!feature.keyConfigured)
    return { ready: false, reason: 'Add your Anthropic key in Settings to build.', settingsLink: true };
  // The server builds in the recommended mode when the builder has not chosen another.
  if (!feature.mode && !feature.recommendedMode)
    return {
      ready: false,
      reason: 'Choose a mode first: use the BA agent’s recommendation or pick one yourself.',
    };
  return { ready: true };
}

/**
 * The optional token budget as typed: empty means the platform's default; otherwise a whole number
 * within BuildBody's limits, with an error naming the field.
 */
export function parseTokenBudget(text: string): { body: BuildBody } | { error: string } {
  const trimmed = text.replace(/[,_\s]/g, '');
  if (trimmed === '') return { body: {} };
  if (!/^\d+$/.test(trimmed)) return { error: 'Token budget must be a whole number, like 200000.' };
  const parsed = BuildBody.safeParse({ tokenBudget: Number(trimmed) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const limit =
      issue && 'minimum' in issue
        ? `at least ${fmt(issue.minimum)}`
        : issue && 'maximum' in issue
          ? `at most ${fmt(issue.maximum)}`
          : 'valid';
    return { error: `Token budget must be ${limit} tokens.` };
  }
  return { body: parsed.data };
}

function fmt(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint'
    ? new Intl.NumberFormat('en-US').format(value)
    : String(value);
}
