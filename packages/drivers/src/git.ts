import { exec } from './exec.js';

/** Top of the git work tree containing `dir`, or undefined outside git. */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--show-toplevel'], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** The outermost repo holding `dir` (climbs out of submodules), or undefined outside git. */
export async function outermostRepoRoot(dir: string): Promise<string | undefined> {
  let top = await gitTopLevel(dir);
  while (top) {
    const r = await exec(['git', '-C', top, 'rev-parse', '--show-superproject-working-tree'], { allowFailure: true });
    const parent = r.exitCode === 0 ? r.stdout.trim() : '';
    if (!parent) return top;
    top = parent;
  }
  return top;
}

/** Commit id of HEAD, or undefined when there is no git or no commit yet. */
export async function headRevision(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--verify', '--quiet', 'HEAD'], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}
