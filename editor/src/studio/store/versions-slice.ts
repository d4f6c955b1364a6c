import type { StateCreator } from 'zustand/vanilla';
import type { StudioDefinition } from '../model/edit-result.ts';
import type { StudioState, VersionsSlice } from './store-types.ts';

function pair(chosen: readonly number[]): VersionsSlice['compared'] {
  if (chosen.length !== 2) return null;
  const [a, b] = chosen as [number, number];
  return { older: Math.min(a, b), newer: Math.max(a, b) };
}

/** The version history and the two versions a reviewer compares. */
export function createVersionsSlice<D extends StudioDefinition>(): StateCreator<
  StudioState<D>,
  [],
  [],
  VersionsSlice
> {
  return (set, get) => ({
    versions: [],
    chosen: [],
    compared: null,
    setVersions(versions) {
      // A version that is gone from the list cannot stay chosen.
      const known = new Set(versions.map((v) => v.version));
      const chosen = get().chosen.filter((v) => known.has(v));
      set({ versions, chosen, compared: pair(chosen) });
    },
    chooseVersion(version) {
      const current = get().chosen;
      const chosen = current.includes(version)
        ? current.filter((v) => v !== version)
        : [...current, version].slice(-2);
      set({ chosen, compared: pair(chosen) });
    },
    compareVersions(a, b) {
      const chosen = a === b ? [a] : [a, b];
      set({ chosen, compared: pair(chosen) });
    },
    clearComparison() {
      set({ chosen: [], compared: null });
    },
  });
}
