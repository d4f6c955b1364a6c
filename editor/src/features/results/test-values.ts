/** Longest value shown in a test case's row; the whole value is in the row's tooltip. */
export const VALUE_PREVIEW_CHARS = 48;

export interface ValueLine {
  field: string;
  /** The value as JSON, cut to fit a table cell. */
  value: string;
  full: string;
}

/**
 * A case's field values as one short line per field ("title: \"Shakshuka\"", "instructions:
 * \"1. Soften the…\""), so a table of cases stays readable when a value is a paragraph.
 */
export function fieldValueLines(values: Record<string, unknown>): ValueLine[] {
  return Object.entries(values).map(([field, value]) => {
    const full = JSON.stringify(value) ?? String(value);
    const value_ = full.length > VALUE_PREVIEW_CHARS ? `${full.slice(0, VALUE_PREVIEW_CHARS - 1)}…` : full;
    return { field, value: value_, full };
  });
}
