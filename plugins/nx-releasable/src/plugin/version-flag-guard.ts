import type { PreTasksExecution } from '@nx/devkit';

/**
 * Nx answers `--version` itself and drops `--version=X` before our executors see it, so
 * `nx run opt:docker-build-local --version=1.2.0` would quietly build the changelog version.
 * Returns the swallowed flag when argv has one before any `--`.
 */
export function swallowedVersionFlag(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--version=')) return arg;
  }
  return undefined;
}

/** Stops the run before any task starts, with how to pass the version instead. */
export const preTasksExecution: PreTasksExecution<unknown> = (_options, context) => {
  const flag = swallowedVersionFlag(context.argv);
  if (flag) {
    throw new Error(
      `Nx reads "${flag}" as its own flag and would drop it, so the changelog version would be used instead. ` +
        `Put the target's options after "--": nx run <project>:<target> -- ${flag.replace('=', ' ')} [other options].`,
    );
  }
};
