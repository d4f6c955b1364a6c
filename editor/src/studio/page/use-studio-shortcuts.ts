import { useEffect } from 'react';
import { useStudioStoreApi } from '../canvas/store-context.tsx';

export interface ShortcutActions {
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  selectAll(): void;
  autoLayout(): void;
}

/** Typing in a field keeps its own keys: Ctrl+Z there undoes text, Backspace deletes a letter. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The canvas's keyboard shortcuts, on the page (not on React Flow, so they work wherever focus
 * is outside a text field): Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z or Ctrl+Y redo, Delete/Backspace
 * delete, Ctrl/Cmd+C/V copy and paste, Ctrl/Cmd+A select all, Escape clears the selection,
 * Shift+L lays the graph out. Off in read-only views (diffs).
 */
export function useStudioShortcuts(actions: ShortcutActions, enabled: boolean) {
  const store = useStudioStoreApi();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (typingIn(event.target) || event.defaultPrevented) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const state = store.getState();
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) state.undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) state.redo();
      else if (!mod && (key === 'delete' || key === 'backspace') && state.selected.length > 0)
        actions.deleteSelection();
      else if (mod && key === 'c' && state.selected.length > 0) actions.copySelection();
      else if (mod && key === 'v') actions.paste();
      else if (mod && key === 'a') actions.selectAll();
      else if (key === 'escape' && state.selected.length > 0) state.clearSelection();
      else if (!mod && event.shiftKey && key === 'l') actions.autoLayout();
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, enabled, store]);
}
