import { memo, useMemo } from 'react';
import { highlightable, type TokenKind, tokenize } from './highlight.ts';

const TOKEN_STYLE: Record<TokenKind, string> = {
  keyword: 'text-violet-700 font-medium',
  string: 'text-emerald-700',
  comment: 'text-neutral-500 italic',
  number: 'text-amber-700',
  plain: '',
};

/** One file's source with line numbers, highlighted when it is TypeScript, JavaScript or JSON. */
export const CodeView = memo(function CodeView({ path, content }: { path: string; content: string }) {
  const tokens = useMemo(
    () => (highlightable(path) ? tokenize(content) : [{ kind: 'plain' as const, text: content }]),
    [path, content],
  );
  const lineCount = content.split('\n').length;
  return (
    <div className="flex overflow-auto rounded-lg border border-neutral-200 bg-neutral-50 text-xs leading-5">
      <pre
        aria-hidden="true"
        className="select-none border-r border-neutral-200 px-3 py-3 text-right font-mono text-neutral-400"
      >
        {Array.from({ length: lineCount }, (_, i) => i + 1).join('\n')}
      </pre>
      <pre className="min-w-0 flex-1 px-4 py-3 font-mono text-neutral-900">
        <code data-testid="code-view">
          {tokens.map((token, index) =>
            token.kind === 'plain' ? (
              token.text
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity beyond their place
              <span key={index} className={TOKEN_STYLE[token.kind]}>
                {token.text}
              </span>
            ),
          )}
        </code>
      </pre>
    </div>
  );
});
