import { useMemo, useState } from 'react';
import type { BundleFile } from '../../../../schemas/code/code-bundle.ts';
import { CodeView } from './CodeView.tsx';
import { fileTreeRows } from './file-tree.ts';

/** A bundle's files as a tree beside the selected file's code. */
export function CodeBrowser({ files, label }: { files: readonly BundleFile[]; label: string }) {
  const rows = useMemo(() => fileTreeRows(files.map((file) => file.path)), [files]);
  const firstFile = rows.find((row) => row.kind === 'file')?.path;
  const [selectedPath, setSelectedPath] = useState<string | undefined>(undefined);
  const selected = files.find((file) => file.path === (selectedPath ?? firstFile));

  if (files.length === 0) return <p className="text-sm text-neutral-600">No files.</p>;
  return (
    <div className="grid gap-4 md:grid-cols-[14rem_minmax(0,1fr)]">
      <nav aria-label={label} className="rounded-lg border border-neutral-200 bg-white p-2 text-sm">
        <ul>
          {rows.map((row) => (
            <li key={`${row.kind}:${row.path}`} style={{ paddingLeft: `${row.depth * 0.875}rem` }}>
              {row.kind === 'folder' ? (
                <span className="flex items-center gap-1.5 px-2 py-1 text-neutral-500">
                  <span aria-hidden="true">▾</span>
                  {row.name}/
                </span>
              ) : (
                <button
                  type="button"
                  aria-current={row.path === selected?.path ? 'true' : undefined}
                  onClick={() => setSelectedPath(row.path)}
                  className={`w-full truncate rounded-md px-2 py-1 text-left font-mono text-xs ${
                    row.path === selected?.path
                      ? 'bg-indigo-50 text-indigo-700'
                      : 'text-neutral-800 hover:bg-neutral-100'
                  }`}
                >
                  {row.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {selected && (
        <div className="min-w-0">
          <p className="mb-2 font-mono text-xs text-neutral-600">{selected.path}</p>
          <CodeView path={selected.path} content={selected.content} />
        </div>
      )}
    </div>
  );
}
