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

function inside(p: string, root: string): boolean {
  return root === '.' || p === root || p.startsWith(`${root}/`);
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

/** The workspace patterns to look up for the glob entries of every dir. */
export function unreadGlobs(dirs: readonly UnreadDir[]): string[] {
  return dirs.flatMap((d) =>
    d.exclude.filter(hasGlob).flatMap((e) => {
      const p = join(d.root, e.replace(/^\/+/, '').replace(/\/+$/, ''));
      // The index holds files: a pattern naming dirs is found through the files below them.
      return [p, `${p}/**`];
    }),
  );
}

/**
 * Each dir's unread folders and files. An entry without glob characters names one path; one
 * with them (`*.md`, `**\/notes`) is matched like a `.dockerignore` line against the files of
 * `globbed`, and the project root is the shortest part of the path the pattern names. Paths
 * inside a nested releasable dir (its own list applies), paths that hold one, paths that cut
 * into a Python package and the dir's release files are left alone.
 */
export function unreadPaths(input: UnreadInput): Map<string, Unread> {
  const out = new Map<string, Unread>();
  for (const dir of input.dirs) {
    const folders = new Set<string>();
    const files = new Set<string>();
    const allowed = (p: string): boolean => {
      if (p === dir.root || isReleaseFile(dir.root === '.' ? p : p.slice(dir.root.length + 1))) return false;
      if (input.roots.some((r) => r !== dir.root && inside(r, dir.root) && (inside(p, r) || inside(r, p))))
        return false;
      return !input.packages.some((pkg) => inside(p, pkg) || inside(pkg, p));
    };
    const addPath = (p: string, kind: 'dir' | 'file' | undefined): void => {
      if (kind === undefined || !allowed(p)) return;
      (kind === 'dir' ? folders : files).add(p);
    };
    for (const entry of dir.exclude) {
      const clean = entry.replace(/^\/+/, '').replace(/\/+$/, '');
      if (!hasGlob(clean)) {
        const p = join(dir.root, clean);
        addPath(p, input.kind(p));
        continue;
      }
      const exact = pathPattern(clean, false);
      for (const file of input.globbed) {
        if (!inside(file, dir.root) || file === dir.root) continue;
        const parts = (dir.root === '.' ? file : file.slice(dir.root.length + 1)).split('/');
        // The shortest leading part the pattern names: a dir named by the pattern, else the file.
        for (let i = 1; i <= parts.length; i += 1) {
          const head = parts.slice(0, i).join('/');
          if (!exact.test(head)) continue;
          addPath(join(dir.root, head), i === parts.length ? 'file' : 'dir');
          break;
        }
      }
    }
    if (folders.size + files.size > 0) out.set(dir.root, { folders: [...folders], files: [...files] });
  }
  return out;
}
