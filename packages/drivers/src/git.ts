import { CommandTimeoutError, exec } from './exec.js';

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

/** Files `git status --porcelain` reports (modified, staged, untracked). */
export async function dirtyFiles(dir: string): Promise<string[]> {
  const r = await exec(['git', '-C', dir, 'status', '--porcelain', '--untracked-files=all'], { allowFailure: true });
  return r.exitCode === 0
    ? r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(3))
    : [];
}

/** Current branch name, or undefined on a detached HEAD. */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

export async function listTags(dir: string): Promise<string[]> {
  const r = await exec(['git', '-C', dir, 'tag', '--list'], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : [];
}

/** Commit a tag points at, or undefined when there is no such tag. */
export async function tagCommit(dir: string, tag: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-list', '-n', '1', `refs/tags/${tag}`], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

export async function hasRemote(dir: string, remote = 'origin'): Promise<boolean> {
  const r = await exec(['git', '-C', dir, 'remote'], { allowFailure: true });
  return r.exitCode === 0 && r.stdout.split('\n').includes(remote);
}

/** Absolute path of the repo's git dir (where per-clone state such as locks lives). */
export async function gitCommonDir(dir: string): Promise<string | undefined> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--path-format=absolute', '--git-common-dir'], {
    allowFailure: true,
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Whether the clone is shallow (its history, and so its tags, may be cut off). */
export async function isShallow(dir: string): Promise<boolean> {
  const r = await exec(['git', '-C', dir, 'rev-parse', '--is-shallow-repository'], { allowFailure: true });
  return r.exitCode === 0 && r.stdout.trim() === 'true';
}

/**
 * Tags on a remote with the commit each points at (annotated tags peeled), through
 * `git ls-remote --tags`; `error` when the remote cannot be read within the deadline.
 */
export async function remoteTags(
  dir: string,
  timeoutSeconds: number,
  remote = 'origin',
): Promise<{ tags: Record<string, string> } | { error: string }> {
  try {
    const r = await exec(['git', '-C', dir, 'ls-remote', '--tags', remote], {
      allowFailure: true,
      timeoutMs: timeoutSeconds * 1000,
      // Never stop at a password prompt: a release is unattended.
      env: { GIT_TERMINAL_PROMPT: '0' },
    });
    // git's first line says what failed; the rest is advice ("Please make sure you have…").
    if (r.exitCode !== 0) return { error: r.stderr.trim().split('\n')[0] || `git ls-remote exited ${r.exitCode}` };
    const tags: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const [commit, ref] = line.split('\t');
      if (!commit || !ref?.startsWith('refs/tags/')) continue;
      const name = ref.slice('refs/tags/'.length);
      if (name.endsWith('^{}')) tags[name.slice(0, -3)] = commit;
      else tags[name] ??= commit;
    }
    return { tags };
  } catch (error) {
    if (error instanceof CommandTimeoutError)
      return { error: `${remote} gave no answer within ${timeoutSeconds} s (timeouts.remoteGit)` };
    throw error;
  }
}

/** Whether git ignores `file` (relative to `dir`); false outside git. */
export async function isGitIgnored(dir: string, file: string): Promise<boolean> {
  const r = await exec(['git', '-C', dir, 'check-ignore', '--quiet', '--no-index', file], { allowFailure: true });
  return r.exitCode === 0;
}
