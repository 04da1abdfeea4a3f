// @ts-nocheck
import { ProjectNameClashError } from '../errors.js';

/** Path segments under which releasable dirs are never looked for. */
const IGNORED_SEGMENTS = new Set(['node_modules', 'dist', '.git', '.nx']);

/**
 * The releasable dir a workspace file belongs to because it sits under a `devops/` folder
 * (`apps/opt/devops/compose/x.yml` → `apps/opt`, `devops/x` → `.`), else undefined.
 * The first `devops` segment wins: folders inside `devops/` are not releasable dirs.
 */
export function releasableRootOf(file: string): string | undefined {
  const segments = file.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    if (IGNORED_SEGMENTS.has(segment)) return undefined;
    if (segment === 'devops') return i === 0 ? '.' : segments.slice(0, i).join('/');
  }
  return undefined;
}

/** Every releasable dir among workspace files (paths relative to the workspace, `/`-separated), sorted. */
export function findReleasableRoots(files: Iterable<string>): string[] {
  const roots = new Set<string>();
  for (const file of files) {
    const root = releasableRootOf(file);
    if (root !== undefined) roots.add(root);
  }
  return [...roots].sort();
}

/** Releasable dirs strictly inside `root` (each is its own project, so not part of root's inputs). */
export function nestedRoots(root: string, allRoots: readonly string[]): string[] {
  if (root === '.') return allRoots.filter((r) => r !== '.');
  const prefix = `${root}/`;
  return allRoots.filter((r) => r.startsWith(prefix));
}

/** Throws one error listing every project name used by more than one dir, with both paths. */
export function assertUniqueProjectNames(dirs: readonly { root: string; name: string; nameSource: string }[]): void {
  const byName = new Map<string, { root: string; nameSource: string }[]>();
  for (const dir of dirs) byName.set(dir.name, [...(byName.get(dir.name) ?? []), dir]);
  const clashes = [...byName.entries()].filter(([, list]) => list.length > 1);
  if (clashes.length === 0) return;
  const lines = clashes.map(
    ([name, list]) =>
      `project name "${name}" is used by ${list.map((d) => `"${d.root}" (from ${d.nameSource})`).join(' and ')}`,
  );
  throw new ProjectNameClashError(
    `${lines.join('\n')}\nGive each dir a unique "name" in its repo_config.yaml (or rename the changelog heading).`,
    { clashes: Object.fromEntries(clashes.map(([n, l]) => [n, l.map((d) => d.root)])) },
  );
}
