import type { PreTasksExecution } from '@nx/devkit';

/**
 * Flags Nx's own CLI takes before our executors see them, so a run would quietly ignore them:
 * `--version=X` (Nx answers --version itself) and `--target-registries` (dropped by Nx).
 * Returns the first such flag before any `--`, with the way to write it instead.
 */
export function swallowedFlag(argv: readonly string[]): { flag: string; fix: string } | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--version=')) {
      return {
        flag: arg,
        fix: `put the target's options after "--": nx run <project>:<target> -- ${arg.replace('=', ' ')} [other options]`,
      };
    }
    if (arg === '--target-registries' || arg.startsWith('--target-registries=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[i + 1] ?? 'a,b');
      return { flag: arg, fix: `write --registries ${value}` };
    }
  }
  return undefined;
}

/** Stops the run before any task starts, saying how to pass the option instead. */
export const preTasksExecution: PreTasksExecution<unknown> = (_options, context) => {
  const found = swallowedFlag(context.argv);
  if (found) {
    throw new Error(`Nx takes "${found.flag}" for itself and would drop it before the target sees it; ${found.fix}.`);
  }
};
