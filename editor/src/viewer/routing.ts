/**
 * Where the viewer is, read from the address: `/u/{username}/{slug}` is the app, `/v/{viewId}` a
 * view of it, `/v/{viewId}/{rowId}` a row shown in a view, `/sign-in` the sign-in page. Pure, so
 * the shell and its tests read addresses the same way.
 */

export interface AppAddress {
  username: string;
  slug: string;
  /** `/u/{username}/{slug}`: where the app's API lives and every page path starts. */
  base: string;
}

export type ViewerRoute =
  | { kind: 'view'; viewId: string | null; rowId: string | null }
  | { kind: 'sign-in' }
  /** A path under the app that is none of the above (a mistyped link). */
  | { kind: 'unknown' };

export interface ViewerLocation {
  address: AppAddress;
  route: ViewerRoute;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The app and the page a pathname names, or null when it is not an app's address at all. */
export function parseViewerPath(pathname: string): ViewerLocation | null {
  const segments = pathname.split('/').slice(1);
  if (segments[0] !== 'u') return null;
  const username = decode(segments[1] ?? '');
  const slug = decode(segments[2] ?? '');
  if (!username || !slug) return null;
  const address = { username, slug, base: appBase(username, slug) };
  // A trailing slash (`/u/a/b/`, the magic link's form) names the same page as none.
  const rest = segments.slice(3).filter((segment, i, all) => segment !== '' || i < all.length - 1);
  if (rest.length === 0) return { address, route: { kind: 'view', viewId: null, rowId: null } };
  if (rest.length === 1 && rest[0] === 'sign-in') return { address, route: { kind: 'sign-in' } };
  if (rest[0] === 'v' && (rest.length === 2 || rest.length === 3)) {
    const viewId = decode(rest[1]!);
    const rowId = rest.length === 3 ? decode(rest[2]!) : null;
    if (viewId && rowId !== '') return { address, route: { kind: 'view', viewId, rowId } };
  }
  return { address, route: { kind: 'unknown' } };
}

export function appBase(username: string, slug: string): string {
  return `/u/${encodeURIComponent(username)}/${encodeURIComponent(slug)}`;
}

/** A view's path relative to the app (what `ViewProps.navigate` takes): `/v/{viewId}[/{rowId}]`. */
export function viewPath(viewId: string, rowId?: string | null): string {
  const view = `/v/${encodeURIComponent(viewId)}`;
  return rowId ? `${view}/${encodeURIComponent(rowId)}` : view;
}

/** The token of a magic link (`…/#token=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/**
 * Whether a click on a link should be handled in the page (pushState) rather than by the
 * browser: a plain left click. Middle, modified (new tab/window) and download clicks stay native.
 */
export function isPlainClick(event: {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}): boolean {
  return (
    !event.defaultPrevented &&
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey
  );
}
