/** One row of the file tree as it is drawn: folders before files, each indented by its depth. */
export interface TreeRow {
  kind: 'folder' | 'file';
  /** The folder's or file's own name. */
  name: string;
  /** The full path (files: the bundle path to select). */
  path: string;
  depth: number;
}

interface Folder {
  folders: Map<string, Folder>;
  files: string[];
}

/** The rows of the tree of `paths` (bundle paths like "src/recipes.ts"), sorted by name within each folder. */
export function fileTreeRows(paths: readonly string[]): TreeRow[] {
  const root: Folder = { folders: new Map(), files: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let child = folder.folders.get(part);
      if (!child) {
        child = { folders: new Map(), files: [] };
        folder.folders.set(part, child);
      }
      folder = child;
    }
    folder.files.push(path);
  }
  const rows: TreeRow[] = [];
  const walk = (folder: Folder, prefix: string, depth: number) => {
    for (const name of [...folder.folders.keys()].sort()) {
      const path = `${prefix}${name}`;
      rows.push({ kind: 'folder', name, path, depth });
      walk(folder.folders.get(name) as Folder, `${path}/`, depth + 1);
    }
    for (const path of [...folder.files].sort()) {
      rows.push({ kind: 'file', name: path.slice(path.lastIndexOf('/') + 1), path, depth });
    }
  };
  walk(root, '', 0);
  return rows;
}
