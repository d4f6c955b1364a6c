import { createContext, type ReactNode, useContext, useMemo } from 'react';

export interface AppCanvasSettings {
  /**
   * The app has a published version: deleting a field then warns that the stored values stay
   * in the rows while end users stop seeing them.
   */
  published: boolean;
  /** A diff or a reviewer without editing rights: the panels show everything and change nothing. */
  readOnly: boolean;
}

const AppCanvasContext = createContext<AppCanvasSettings>({ published: false, readOnly: false });

/** What the page knows about the open app beyond its definition, for the app's nodes and panels. */
export function AppCanvasProvider({
  published,
  readOnly = false,
  children,
}: {
  published: boolean;
  readOnly?: boolean;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ published, readOnly }), [published, readOnly]);
  return <AppCanvasContext.Provider value={value}>{children}</AppCanvasContext.Provider>;
}

export function useAppCanvas(): AppCanvasSettings {
  return useContext(AppCanvasContext);
}
