// @ts-nocheck
// Workspace-relative paths, `/`-separated; `.` is the workspace root.

/** Whether `p` is `root` or below it. */
export function inside(p: string, root: string): boolean {
  return root === '.' || p === root || p.startsWith(`${root}/`);
}

/** The dir part of a path that may end in a glob (`conf/*.ini` → `conf`). */
export function withoutGlob(p: string): string {
  const parts = p.split('/');
  const i = parts.findIndex((s) => /[*?[\]{}]/.test(s));
  return i === -1 ? p : parts.slice(0, i).join('/') || '.';
}
