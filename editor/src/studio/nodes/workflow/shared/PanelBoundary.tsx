import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
  resetKey: string;
}

/**
 * The last guard of an inspector: a draft may be saved in any shape (an agent's half answer, an
 * old version), and a form that meets a part it cannot draw must not take the whole studio down.
 * The panel then says so and offers to try again (after an undo, say); choosing another node
 * starts afresh.
 */
export class PanelBoundary extends Component<{ resetKey: string; children: ReactNode }, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('A workflow panel could not draw this part of the draft', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="m-4 space-y-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
        <p>
          This part of the draft has a shape the inspector cannot show; the problems list says what to fix.
        </p>
        <button
          type="button"
          className="font-medium underline"
          onClick={() => this.setState({ error: null })}
        >
          Try again
        </button>
      </div>
    );
  }
}
