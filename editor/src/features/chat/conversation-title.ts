/** Longest title the feature accepts is 200; a gist longer than this stops reading like a title. */
export const GIST_MAX_CHARS = 80;

/**
 * A working title from the builder's first message, for when they did not type one: its first
 * sentence (or line), whitespace collapsed, cut at a word boundary. "I want an app to track my
 * recipes. It should…" → "I want an app to track my recipes".
 */
export function titleFromMessage(message: string): string {
  const firstLine = message.trim().split(/\r?\n/, 1)[0] ?? '';
  const sentence = (firstLine.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? firstLine).replace(/\s+/g, ' ').trim();
  const bare = sentence.replace(/[.!?;:,\s]+$/, '');
  if (bare.length <= GIST_MAX_CHARS) return bare;
  const cut = bare.slice(0, GIST_MAX_CHARS - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > GIST_MAX_CHARS / 2 ? cut.slice(0, lastSpace) : cut).replace(/[.,;:\s]+$/, '')}…`;
}
