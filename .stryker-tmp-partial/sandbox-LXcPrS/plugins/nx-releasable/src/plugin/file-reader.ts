// @ts-nocheck
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// One graph computation reads the same Dockerfiles and compose files several times (what a dir
// can run, what it uses) and asks for many files most dirs do not have (per-stage ignore
// files, docs/). A failed read throws, and a thousand throws cost more than the reads: files
// Nx's own index covers are known present or absent without touching the disk, the rest are
// looked up with a stat that does not throw, and every text is read once.

/**
 * Any file under a `devops/` folder marks its parent dir as releasable (what the dir can run
 * depends on which files: see runnableTargets).
 */
export const RELEASABLE_GLOB = '**/devops/**/*';

/** Files under a `devops/` folder and `.dockerignore*` files: the index given to the reader lists all of them. */
export const INDEXED_GLOBS = [RELEASABLE_GLOB, '**/.dockerignore', '**/.dockerignore.*'];

function coveredByIndex(relative: string): boolean {
  const base = relative.slice(relative.lastIndexOf('/') + 1);
  return relative.startsWith('devops/') || relative.includes('/devops/') || base.startsWith('.dockerignore');
}

export interface FileReader {
  /** The text of a workspace-relative file; undefined when there is none. */
  text(relative: string): string | undefined;
  /** What a workspace-relative path is on disk. */
  kind(relative: string): 'dir' | 'file' | undefined;
  /** What was read or looked at outside the index: what a cached result must check again. */
  outsideIndex(): { texts: Map<string, string | undefined>; kinds: Map<string, 'dir' | 'file' | undefined> };
}

/** A reader over `workspaceRoot` that knows `indexed` (workspace-relative files matching INDEXED_GLOBS). */
export function fileReader(workspaceRoot: string, indexed: Iterable<string>): FileReader {
  const present = new Set(indexed);
  const texts = new Map<string, string | undefined>();
  const kinds = new Map<string, 'dir' | 'file' | undefined>();
  const kind = (relative: string): 'dir' | 'file' | undefined => {
    const normal = path.posix.normalize(relative);
    if (kinds.has(normal)) return kinds.get(normal);
    let found: 'dir' | 'file' | undefined;
    if (coveredByIndex(normal) && present.has(normal)) found = 'file';
    else {
      const stat = statSync(path.join(workspaceRoot, normal), { throwIfNoEntry: false });
      found = stat === undefined ? undefined : stat.isDirectory() ? 'dir' : 'file';
    }
    kinds.set(normal, found);
    return found;
  };
  const outside = <V>(map: Map<string, V>): Map<string, V> =>
    new Map([...map].filter(([file]) => !coveredByIndex(file)));
  return {
    kind,
    outsideIndex: () => ({ texts: outside(texts), kinds: outside(kinds) }),
    text: (relative) => {
      const normal = path.posix.normalize(relative);
      if (texts.has(normal)) return texts.get(normal);
      const missing = coveredByIndex(normal) ? !present.has(normal) : kind(normal) !== 'file';
      let text: string | undefined;
      if (!missing) {
        try {
          text = readFileSync(path.join(workspaceRoot, normal), 'utf8');
        } catch {
          text = undefined; // removed since the index was read, or unreadable: treated as absent
        }
      }
      texts.set(normal, text);
      return text;
    },
  };
}
