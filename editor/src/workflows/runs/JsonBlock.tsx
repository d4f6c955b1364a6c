import { formatJson } from './sample-payload.ts';

/**
 * Recorded JSON, pretty-printed and scrollable: step inputs and outputs can be large. Long values
 * (signatures, tokens, URLs) wrap inside the side panel instead of running off its edge.
 */
export function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <section aria-label={title}>
      <h4 className="text-xs font-semibold text-neutral-700">{title}</h4>
      <pre className="mt-1 max-h-64 overflow-auto rounded border border-neutral-200 bg-neutral-50 p-2 font-mono text-[11px] leading-4 whitespace-pre-wrap text-neutral-800 [overflow-wrap:anywhere]">
        {value === undefined ? '(nothing recorded)' : formatJson(value)}
      </pre>
    </section>
  );
}
