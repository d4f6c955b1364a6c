import { z } from 'zod';

/** Where each node was put, by node id; a child's position is relative to its group. */
export type Positions = Record<string, { x: number; y: number }>;

const StoredPositions = z.record(z.string(), z.object({ x: z.number(), y: z.number() }));

/**
 * Where the canvas remembers positions, per definition (an app or workflow id): a port, so
 * tests use memory and the browser uses localStorage, and another store can come later.
 */
export interface PositionStore {
  load(definitionId: string): Positions | undefined;
  save(definitionId: string, positions: Positions): void;
  forget(definitionId: string): void;
}

export function memoryPositionStore(): PositionStore {
  const saved = new Map<string, Positions>();
  return {
    load: (id) => (saved.has(id) ? structuredClone(saved.get(id)) : undefined),
    save: (id, positions) => saved.set(id, structuredClone(positions)),
    forget: (id) => saved.delete(id),
  };
}

/**
 * Positions in localStorage under `prefix + id`. What is read back is checked (another version
 * of the studio, or a person, may have written something else there) and ignored when wrong;
 * a full or unavailable storage only means positions are not remembered.
 */
export function localStoragePositionStore(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = globalThis.localStorage,
  prefix = 'build-practical.canvas-positions.',
): PositionStore {
  return {
    load(id) {
      try {
        const raw = storage.getItem(prefix + id);
        if (raw === null) return undefined;
        const parsed = StoredPositions.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(id, positions) {
      try {
        storage.setItem(prefix + id, JSON.stringify(positions));
      } catch {
        // Quota exceeded or storage disabled: the layout still works, it is just not remembered.
      }
    },
    forget(id) {
      try {
        storage.removeItem(prefix + id);
      } catch {
        // Nothing to forget where nothing could be stored.
      }
    },
  };
}
