// @ts-nocheck
import path from 'node:path';

// Python packages as projects: a dir importing `helpers` depends on the package `helpers`, and
// not on the package's own tests, which its importers never run. Pure functions of file lists.

const IGNORED = /(^|\/)(node_modules|dist|\.git|\.nx)\//;

/** Globs of the files these functions read, for one look-up in Nx's file index. */
export const PYTHON_GLOBS = ['**/__init__.py', '**/test/*.py', '**/tests/*.py'];

/**
 * Top-level Python package dirs: a dir with __init__.py whose parent has none. The workspace
 * root is the import root even when it holds an `__init__.py` itself (a repo root that is a
 * package): its sub-dirs with `__init__.py` are then the top-level packages.
 */
export function topLevelPackages(files: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    if (!IGNORED.test(f) && (f === '__init__.py' || f.endsWith('/__init__.py'))) dirs.add(path.posix.dirname(f));
  }
  return [...dirs]
    .filter((d) => d !== '.' && (path.posix.dirname(d) === '.' || !dirs.has(path.posix.dirname(d))))
    .sort();
}

/**
 * The test dirs of packages, each a project of its own: the outermost `test/` or `tests/` dir
 * of a package. Test files next to the code (`test_*.py`, `*_test.py`, `conftest.py`) stay in
 * the package: a project rooted at a file works for nx affected, but Nx's task hasher fails on
 * one that another project depends on ("project … not found"), and the dirs whose image holds
 * the package must depend on its tests.
 */
export function packageTestRoots(files: Iterable<string>, packages: readonly string[]): string[] {
  const packageSet = new Set(packages);
  const out = new Set<string>();
  for (const f of files) {
    if (IGNORED.test(f)) continue;
    const parts = f.split('/');
    // The package holding the file: the shortest prefix that is a package.
    let pkgDepth = -1;
    for (let i = 1; i < parts.length; i += 1) {
      if (packageSet.has(parts.slice(0, i).join('/'))) {
        pkgDepth = i;
        break;
      }
    }
    if (pkgDepth === -1) continue;
    const testDir = parts.findIndex((s, i) => i >= pkgDepth && i < parts.length - 1 && (s === 'test' || s === 'tests'));
    if (testDir !== -1) out.add(parts.slice(0, testDir + 1).join('/'));
  }
  return [...out].sort();
}
