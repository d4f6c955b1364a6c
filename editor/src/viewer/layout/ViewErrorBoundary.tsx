import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** One page that fails to render says so in its place; the menu and the rest of the app keep working. */
export class ViewErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('viewer page failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-5 text-sm text-red-900">
        <p className="font-semibold">This page could not be shown.</p>
        <p className="mt-1">Reload the page to try again. If it keeps happening, tell the app’s builder.</p>
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="mt-3 inline-flex min-h-10 items-center rounded-lg border border-red-300 bg-white px-4 font-medium hover:bg-red-100"
        >
          Reload
        </button>
      </div>
    );
  }
}
