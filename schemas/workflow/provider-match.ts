/** Services a provider's sign-in covers: a Google connection serves Gmail and Google Calendar. */
const FAMILY: Record<string, (declared: string) => boolean> = {
  google: (p) => p === 'google' || p === 'gmail' || p.startsWith('google_'),
  slack: (p) => p === 'slack' || p.startsWith('slack_'),
  github: (p) => p === 'github' || p.startsWith('github_'),
};

/**
 * Whether a builder's stored connection (its provider) may serve a workflow's declared connection:
 * the same name, a service of the provider's family, or — for a generic OAuth connection — any
 * service the built-in providers do not cover (the builder chose its endpoints). The studio
 * offers only these; the server refuses any other binding.
 */
export function providerMatches(declared: string, stored: string): boolean {
  if (declared === stored) return true;
  const family = FAMILY[stored];
  if (family) return family(declared);
  if (stored === 'generic') return !Object.values(FAMILY).some((member) => member(declared));
  return false;
}
