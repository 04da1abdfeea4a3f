import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLAIM_REF_PREFIX, ReleasableError } from '@releasable/core';
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

/** Another run holds the claim of a release on origin. */
export class ReleaseClaimedError extends ReleasableError {
  override readonly name = 'ReleaseClaimedError';
}

/** Where a clone remembers the claims it made, so a resumed release knows its own. */
function claimRecord(gitDir: string, gitTag: string): string {
  return path.join(gitDir, 'releasable', 'claims', gitTag);
}

/** The claim commit origin holds for `ref`: undefined when none, `error` when origin cannot be read. */
async function remoteClaim(
  repo: string,
  ref: string,
  timeoutSeconds: number,
): Promise<{ commit?: string; error?: string }> {
  const r = await exec(['git', '-C', repo, 'ls-remote', 'origin', ref], {
    allowFailure: true,
    timeoutMs: timeoutSeconds * 1000,
    env: { GIT_TERMINAL_PROMPT: '0' },
  });
  if (r.exitCode !== 0) return { error: r.stderr.trim().split('\n')[0] || `git ls-remote exited ${r.exitCode}` };
  const commit = r.stdout.split('\t')[0]?.trim();
  return commit ? { commit } : {};
}

/**
 * Claims a release on origin: pushes a commit made for this run (unique: it names host, pid and
 * time) to refs/releasable/claims/<gitTag>. Origin accepts only the first such push: git refuses
 * to replace a ref by a commit that does not descend from it. A claim this clone made before (a
 * resumed release) is its own. Returns whether this call made the claim.
 */
export async function claimRelease(
  repo: string,
  gitDir: string,
  gitTag: string,
  timeoutSeconds: number,
): Promise<'claimed' | 'ours'> {
  const ref = `${CLAIM_REF_PREFIX}${gitTag}`;
  const record = claimRecord(gitDir, gitTag);
  let mine: string | undefined;
  try {
    mine = readFileSync(record, 'utf8').trim();
  } catch {
    mine = undefined;
  }
  const note = `releasable claim ${gitTag} by ${os.userInfo().username}@${os.hostname()} pid ${process.pid} at ${new Date().toISOString()}`;
  // The claim commit has HEAD's tree and HEAD as parent; its identity is the tool's, not the user's.
  const identity = { GIT_AUTHOR_NAME: 'releasable', GIT_AUTHOR_EMAIL: 'releasable@localhost' };
  const commit =
    mine ??
    (
      await exec(['git', '-C', repo, 'commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', note], {
        timeoutMs: timeoutSeconds * 1000,
        env: { ...identity, GIT_COMMITTER_NAME: 'releasable', GIT_COMMITTER_EMAIL: 'releasable@localhost' },
      })
    ).stdout.trim();
  const pushed = await exec(['git', '-C', repo, 'push', '--quiet', 'origin', `${commit}:${ref}`], {
    allowFailure: true,
    timeoutMs: timeoutSeconds * 1000,
    env: { GIT_TERMINAL_PROMPT: '0' },
  });
  const { commit: onOrigin, error: unreadable } = await remoteClaim(repo, ref, timeoutSeconds);
  if (onOrigin === commit) {
    mkdirSync(path.dirname(record), { recursive: true });
    writeFileSync(record, `${commit}\n`);
    return mine ? 'ours' : 'claimed';
  }
  if (onOrigin) {
    throw new ReleaseClaimedError(
      `${gitTag} is claimed on origin by another run (${ref} → ${onOrigin.slice(0, 12)}): it is being, or was, released elsewhere. Nothing was pushed. If that run died, remove its claim ("git push origin :${ref}") and run again.`,
      { gitTag, ref, claim: onOrigin },
    );
  }
  throw new ReleasableError(
    `could not claim ${gitTag} on origin (${ref}): ${pushed.stderr.trim().split('\n')[0] || unreadable || `git push exited ${pushed.exitCode}`}. Nothing was pushed.`,
    { gitTag, ref },
  );
}
