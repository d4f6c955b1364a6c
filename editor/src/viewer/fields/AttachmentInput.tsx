import { useEffect, useRef, useState } from 'react';
import { coerceAttachments, type StoredFile } from '../../../../runtime/components/coerce-attachment.ts';
import type { Field } from '../../../../schemas/app/fields.ts';
import type { ViewerClient } from '../api/client.ts';
import { Icon } from '../layout/icons.tsx';
import { controlAria } from './FieldShell.tsx';
import { StoredImage, type ValueContext } from './FieldValue.tsx';
import { sentence } from './field-input-value.ts';
import type { ControlProps } from './TextInputs.tsx';
import { generalMessage } from './write-errors.ts';

type AttachmentField = Extract<Field, { type: 'attachment' }>;

interface Upload {
  id: number;
  name: string;
  progress: number;
  error: string | null;
}

const filesOf = (value: unknown): StoredFile[] => (Array.isArray(value) ? (value as StoredFile[]) : []);

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

interface AttachmentProps extends ControlProps<AttachmentField> {
  client: ViewerClient;
  /** How stored files are shown (fetched with the app session when there is one). */
  context: ValueContext;
  tableId: string;
  /** Told while uploads run, so a form can wait for them before it saves. */
  onPendingChange?: ((pending: boolean) => void) | undefined;
}

/**
 * Files for an attachment field: chosen with the system picker (only the field's types offered),
 * checked against the field's limits by the runtime before a byte is sent, uploaded with a
 * progress bar each, and listed with a way to remove them.
 */
export function AttachmentInput({
  field,
  value,
  onChange,
  onBlur,
  error,
  id,
  disabled,
  hint,
  client,
  context,
  tableId,
  onPendingChange,
}: AttachmentProps) {
  const files = filesOf(value);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const pending = uploads.some((upload) => upload.error === null);
  useEffect(() => {
    onPendingChange?.(pending);
  }, [pending, onPendingChange]);
  const picker = useRef<HTMLInputElement>(null);
  const latest = useRef(files);
  latest.current = files;
  const nextId = useRef(0);
  const room = field.maxFiles - files.length - uploads.filter((u) => u.error === null).length;

  const update = (uploadId: number, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.id === uploadId ? { ...u, ...change } : u)));

  const start = (file: File) => {
    const uploadId = nextId.current++;
    // The runtime's own check of a file against the field (type, size), as the write will do it.
    const check = coerceAttachments(field, [
      { name: file.name, key: 'pending', size: file.size, type: file.type || 'application/octet-stream' },
    ]);
    const problem = check.ok ? null : sentence(check.message);
    setUploads((list) => [...list, { id: uploadId, name: file.name, progress: 0, error: problem }]);
    if (problem) return;
    client
      .upload(tableId, field.id, file, (fraction) => update(uploadId, { progress: fraction }))
      .then(
        (stored) => {
          setUploads((list) => list.filter((u) => u.id !== uploadId));
          onChange([...latest.current, stored]);
        },
        (failure: unknown) => update(uploadId, { error: generalMessage(failure) }),
      );
  };

  const onPick = (list: FileList | null) => {
    const chosen = [...(list ?? [])];
    for (const [index, file] of chosen.entries()) {
      if (index < room) start(file);
      else
        setUploads((all) => [
          ...all,
          {
            id: nextId.current++,
            name: file.name,
            progress: 0,
            error: `Not added: the field takes at most ${field.maxFiles} file${field.maxFiles === 1 ? '' : 's'}.`,
          },
        ]);
    }
    if (picker.current) picker.current.value = '';
    onBlur?.();
  };

  return (
    <div className="space-y-2">
      {files.length > 0 && (
        <ul className="space-y-1.5" aria-label={`${field.label}: files`}>
          {files.map((file, index) => (
            <li
              key={file.key ?? file.url ?? index}
              className="flex items-center gap-3 rounded-lg border border-neutral-200 bg-white p-2 text-sm"
            >
              {file.type.startsWith('image/') && (file.key || file.url) ? (
                <StoredImage
                  file={file}
                  context={context}
                  className="size-10 shrink-0 rounded object-cover"
                />
              ) : (
                <span
                  aria-hidden="true"
                  className="grid size-10 shrink-0 place-items-center rounded bg-neutral-100 text-xs text-neutral-600 uppercase"
                >
                  {file.name.split('.').pop()?.slice(0, 4) ?? 'file'}
                </span>
              )}
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium text-neutral-900">{file.name}</span>
                <span className="text-xs text-neutral-500">{formatSize(file.size)}</span>
              </span>
              {!disabled && (
                <button
                  type="button"
                  onClick={() => onChange(files.filter((_, i) => i !== index))}
                  className="rounded-md px-2 py-1.5 text-sm text-red-700 hover:bg-red-50"
                >
                  Remove<span className="sr-only"> {file.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {uploads.map((upload) => (
        <div key={upload.id} className="rounded-lg border border-neutral-200 bg-white p-2 text-sm">
          <div className="flex items-center justify-between gap-2">
            <span className="truncate">{upload.name}</span>
            {upload.error && (
              <button
                type="button"
                onClick={() => setUploads((list) => list.filter((u) => u.id !== upload.id))}
                className="shrink-0 rounded-md px-2 py-1 text-xs text-neutral-600 hover:bg-neutral-100"
              >
                Dismiss<span className="sr-only"> {upload.name}</span>
              </button>
            )}
          </div>
          {upload.error ? (
            <p role="alert" className="mt-1 text-red-700">
              {upload.error}
            </p>
          ) : (
            <div
              role="progressbar"
              aria-label={`Uploading ${upload.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(upload.progress * 100)}
              className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-neutral-200"
            >
              <div
                className="h-full bg-indigo-600 transition-[width]"
                style={{ width: `${Math.round(upload.progress * 100)}%` }}
              />
            </div>
          )}
        </div>
      ))}
      {!disabled && room > 0 && (
        <label
          htmlFor={id}
          className="flex min-h-10 cursor-pointer items-center justify-center gap-2 rounded-lg border border-dashed border-neutral-400 bg-white px-3 py-2 text-sm font-medium text-neutral-700 hover:bg-neutral-50 has-focus-visible:ring-2 has-focus-visible:ring-indigo-500"
        >
          <Icon name="plus" />
          {files.length === 0 ? 'Choose a file' : 'Add a file'}
          <input
            ref={picker}
            id={id}
            name={field.id}
            type="file"
            accept={field.allowedTypes.join(',')}
            multiple={field.maxFiles > 1}
            onChange={(event) => onPick(event.target.files)}
            className="sr-only"
            {...controlAria(id, error, hint)}
          />
        </label>
      )}
    </div>
  );
}
