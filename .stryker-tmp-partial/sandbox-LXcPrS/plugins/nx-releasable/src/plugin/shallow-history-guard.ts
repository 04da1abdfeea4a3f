// @ts-nocheck
import type { PreTasksExecutionContext } from '@nx/devkit';

/** The `--base` of an `nx affected` command line (or NX_BASE), else undefined when not affected. */
export function affectedBase(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!argv.includes('affected')) return undefined;
  for (const [i, arg] of argv.entries()) {
    if (arg.startsWith('--base=')) return arg.slice('--base='.length);
    if (arg === '--base' && argv[i + 1]) return argv[i + 1];
  }
  return env['NX_BASE'] ?? 'main';
}

/**
 * `nx affected` on a shallow clone that lacks the base commit would compare against nothing
 * and guess. Refuse instead, saying how to fetch the history. Spawns git only for affected runs.
 */
export async function refuseTooShallowHistory(context: PreTasksExecutionContext): Promise<void> {
  const base = affectedBase(context.argv, process.env);
  if (base === undefined) return;
  const { exec } = await import('@releasable/drivers');
  const cwd = context.workspaceRoot;
  const shallow = await exec(['git', '-C', cwd, 'rev-parse', '--is-shallow-repository'], { allowFailure: true });
  if (shallow.exitCode !== 0 || shallow.stdout.trim() !== 'true') return;
  const mergeBase = await exec(['git', '-C', cwd, 'merge-base', base, 'HEAD'], { allowFailure: true });
  if (mergeBase.exitCode === 0) return;
  throw new Error(
    `the git history is too shallow for nx affected: "${base}" is not in this shallow clone, or the commits between it and HEAD are not, so what changed cannot be known. ` +
      'Fetch the history first (GitHub Actions: actions/checkout with fetch-depth: 0; elsewhere: git fetch --unshallow).',
  );
}
