// @ts-nocheck
import { hasGlob, pathPattern } from '@releasable/core';

// What no image or test of a dir reads (repo_config `inputs.exclude`): each match becomes a
// project of its own with no target and no edge, so a change there affects nothing. Nx gives a
// file to the project with the longest root containing it, and a root may be a file: that is how
// a README.md at the top of the root dir is set apart from the root dir.

export interface UnreadDir {
  readonly root: string;
  readonly exclude: readonly string[];
}

export interface UnreadInput {
  readonly dirs: readonly UnreadDir[];
  /** Every releasable dir's root. */
  readonly roots: readonly string[];
  /** Python package roots: never cut into (a package is what its importers load). */
  readonly packages: readonly string[];
  /** What a workspace-relative path is on disk. */
  readonly kind: (p: string) => 'dir' | 'file' | undefined;
  /** Files of the workspace matching the glob entries (from Nx's file index). */
  readonly globbed: readonly string[];
}

/** A dir's unread paths: folders and files (workspace-relative). */
export interface Unread {
  readonly folders: string[];
  readonly files: string[];
}

const join = (root: string, p: string): string => (root === '.' ? p : `${root}/${p}`);

/** A dir's own release files are always read: they make the dir what it is. */
function isReleaseFile(relative: string): boolean {
  return (
    relative === 'devops' ||
    relative.startsWith('devops/') ||
    relative === 'changelog.txt' ||
    /^repo_config\.[^/]+$/.test(relative)
  );
}

/**
 * The workspace patterns to look up for the glob entries of every dir: each distinct entry once,
 * at any depth (a superset; unreadPaths keeps the files each dir's own entries name), so a
 * thousand dirs with the default list cost four patterns, not thousands.
 */
export function unreadGlobs(dirs: readonly UnreadDir[]): string[] {
  const entries = new Set(
    dirs.flatMap((d) => d.exclude.filter(hasGlob).map((e) => e.replace(/^\/+/, '').replace(/\/+$/, ''))),
  );
  // The index holds files: a pattern naming dirs is found through the files below them.
  return [...entries].flatMap((e) => [e, `${e}/**`, `**/${e}`, `**/${e}/**`]);
}

/**
 * Each dir's unread folders and files. An entry without glob characters names one path; one
 * with them (`*.md`, `**\/notes`) is matched like a `.dockerignore` line against the files of
 * `globbed`, and the project root is the shortest part of the path the pattern names. Paths
 * inside a nested releasable dir (its own list applies), paths that hold one, paths that cut
 * into a Python package and the dir's release files are left alone.
 */
export function unreadPaths(input: UnreadInput): Map<string, Unread> {
  const roots = new PathIndex(input.roots);
  const packages = new PathIndex(input.packages);
  const byRoot = new Map(
    input.dirs.map((d) => [d.root, { dir: d, folders: new Set<string>(), files: new Set<string>() }]),
  );
  /** Whether `p` may be set apart for the dir at `root`. */
  const allowed = (root: string, p: string): boolean => {
    if (p === root || isReleaseFile(root === '.' ? p : p.slice(root.length + 1))) return false;
    // Inside a nested dir (its own list applies) or holding one.
    if (roots.innermostHolding(p) !== root || roots.hasBelow(p)) return false;
    return packages.innermostHolding(p) === undefined && !packages.hasBelow(p);
  };
  const add = (root: string, p: string, kind: 'dir' | 'file' | undefined): void => {
    const entry = byRoot.get(root)!;
    if (kind === undefined || !allowed(root, p)) return;
    (kind === 'dir' ? entry.folders : entry.files).add(p);
  };
  const globEntries = new Map<string, RegExp[]>();
  for (const dir of input.dirs) {
    for (const raw of dir.exclude) {
      const clean = raw.replace(/^\/+/, '').replace(/\/+$/, '');
      if (!hasGlob(clean)) {
        const p = join(dir.root, clean);
        add(dir.root, p, input.kind(p));
      } else {
        globEntries.set(dir.root, [...(globEntries.get(dir.root) ?? []), pathPattern(clean, false)]);
      }
    }
  }
  // Each matched file is judged by the one dir it belongs to (the innermost holding it): a
  // nested dir's files follow the nested dir's own list.
  for (const file of input.globbed) {
    const root = roots.innermostHolding(file);
    const patterns = root === undefined ? undefined : globEntries.get(root);
    if (root === undefined || !patterns || file === root) continue;
    const parts = (root === '.' ? file : file.slice(root.length + 1)).split('/');
    for (const exact of patterns) {
      // The shortest leading part the pattern names: a dir named by the pattern, else the file.
      const i = parts.findIndex((_, k) => exact.test(parts.slice(0, k + 1).join('/')));
      if (i === -1) continue;
      add(root, join(root, parts.slice(0, i + 1).join('/')), i === parts.length - 1 ? 'file' : 'dir');
      break;
    }
  }
  const out = new Map<string, Unread>();
  for (const [root, { folders, files }] of byRoot) {
    if (folders.size + files.size > 0) out.set(root, { folders: [...folders], files: [...files] });
  }
  return out;
}

/** A set of workspace-relative paths, asked which holds a path and whether any lies below one. */
class PathIndex {
  private readonly set: Set<string>;
  private readonly sorted: string[];
  constructor(paths: readonly string[]) {
    this.set = new Set(paths);
    this.sorted = [...this.set].sort();
  }
  /** The longest path of the set that is `p` or holds it. */
  innermostHolding(p: string): string | undefined {
    for (let current = p; ; current = current.slice(0, current.lastIndexOf('/'))) {
      if (this.set.has(current)) return current;
      if (!current.includes('/')) return this.set.has('.') ? '.' : undefined;
    }
  }
  /** Whether a path of the set lies strictly below `p`. */
  hasBelow(p: string): boolean {
    if (p === '.') return this.sorted.some((s) => s !== '.');
    const prefix = `${p}/`;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.sorted[lo]!.startsWith(prefix);
  }
}
