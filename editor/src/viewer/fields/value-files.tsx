import { type MouseEvent, useEffect, useState } from 'react';
import { Icon } from '../layout/icons.tsx';
import { isPlainClick } from '../routing.ts';
import type { ValueContext } from './FieldValue.tsx';
import { type FileValue, formatFileSize, isImageFile, safeHref } from './value-format.ts';

/**
 * Stored files in a value: images as thumbnails, other files as download links. An invite-only
 * app's files need the app session, which an `<img>` or a plain link cannot send, so there they
 * are fetched with it (`ValueContext.loadFile`) and shown from object URLs.
 */

// Links inside a value sit above a row's or card's own whole-area link (see ListView, CardGridView).
export const VALUE_LINK =
  'relative z-10 text-(--app-accent-ink) underline decoration-1 underline-offset-2 hover:decoration-2';

function fileHref(file: FileValue, context: ValueContext): string | null {
  if (file.key) return context.fileUrl(file.key);
  return file.url ? safeHref(file.url) : null;
}

/** Object URLs of files fetched with the session, kept for the page's life so a re-render never refetches. */
const fetchedFiles = new Map<string, Promise<string>>();

function fetchedFileUrl(key: string, load: (key: string) => Promise<Blob>): Promise<string> {
  let url = fetchedFiles.get(key);
  if (!url) {
    url = load(key).then((blob) => URL.createObjectURL(blob));
    // A failed fetch is not kept: the next render may try again.
    url.catch(() => fetchedFiles.delete(key));
    fetchedFiles.set(key, url);
  }
  return url;
}

/** The address an image is shown from: its URL, or (with a session) an object URL once fetched. */
function useImageSrc(file: FileValue, context: ValueContext): string | null {
  const direct = fileHref(file, context);
  const needsFetch = Boolean(file.key && context.loadFile);
  const [fetched, setFetched] = useState<string | null>(null);
  useEffect(() => {
    if (!needsFetch || !file.key || !context.loadFile) return;
    let live = true;
    fetchedFileUrl(file.key, context.loadFile).then(
      (url) => live && setFetched(url),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [needsFetch, file.key, context.loadFile]);
  return needsFetch ? fetched : direct;
}

/** A download through the session: fetch, then hand the bytes to the browser under the file's name. */
function downloadWithSession(event: MouseEvent<HTMLAnchorElement>, file: FileValue, context: ValueContext) {
  if (!file.key || !context.loadFile || !isPlainClick(event)) return;
  event.preventDefault();
  void fetchedFileUrl(file.key, context.loadFile).then((url) => {
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.click();
  });
}

/** A stored image, fetched with the session when the app needs one; a quiet placeholder until it arrives. */
export function StoredImage({
  file,
  context,
  className,
}: {
  file: FileValue;
  context: ValueContext;
  className: string;
}) {
  const src = useImageSrc(file, context);
  return src ? (
    <img src={src} alt={file.name} loading="lazy" decoding="async" className={className} />
  ) : (
    <span role="img" aria-label={file.name} className={`block animate-pulse ${className}`} />
  );
}

function FileThumbnail({
  file,
  context,
  compact,
}: {
  file: FileValue;
  context: ValueContext;
  compact: boolean;
}) {
  const href = fileHref(file, context);
  const size = file.size ? ` (${formatFileSize(file.size, context.locale)})` : '';
  const image = (
    <StoredImage
      file={file}
      context={context}
      className={`${compact ? 'size-8' : 'size-20'} bg-neutral-100 object-cover`}
    />
  );
  if (!href || context.loadFile)
    return <span className="block overflow-hidden rounded-md ring-1 ring-neutral-200">{image}</span>;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="relative z-10 block overflow-hidden rounded-md ring-1 ring-neutral-200 hover:ring-(--app-accent)"
      title={`${file.name}${size}`}
    >
      {image}
    </a>
  );
}

export function Files({
  files,
  context,
  compact,
}: {
  files: FileValue[];
  context: ValueContext;
  compact: boolean;
}) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      {files.map((file, i) => {
        const href = fileHref(file, context);
        const size = file.size ? ` (${formatFileSize(file.size, context.locale)})` : '';
        if (href && isImageFile(file))
          // biome-ignore lint/suspicious/noArrayIndexKey: two files may share a name; the list only changes as a whole
          return <FileThumbnail key={i} file={file} context={context} compact={compact} />;
        const label = (
          <>
            <Icon name="file" className="size-3.5" />
            <span className="max-w-48 truncate">{file.name}</span>
          </>
        );
        return href ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={i}
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            className={`${VALUE_LINK} inline-flex items-center gap-1 text-sm`}
            title={`${file.name}${size}`}
            onClick={(event) => downloadWithSession(event, file, context)}
          >
            {label}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <span key={i} className="inline-flex items-center gap-1 text-sm">
            {label}
          </span>
        );
      })}
    </span>
  );
}
