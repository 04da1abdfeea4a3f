// @ts-nocheck
import type { PreTasksExecution } from '@nx/devkit';
import { badOptionValues, droppedOptions, executorOptionNames, executorSchemas } from './dropped-options.js';
import { refuseTooShallowHistory } from './shallow-history-guard.js';

/**
 * Flags Nx's own CLI takes before our executors see them, so a run would quietly ignore them:
 * `--version=X` (Nx answers --version itself; ours is --image-version) and `--target-registries` (dropped by Nx).
 * Returns the first such flag before any `--`, with the way to write it instead.
 */
export function swallowedFlag(argv: readonly string[]): { flag: string; fix: string } | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--version=')) {
      return { flag: arg, fix: `write --image-version ${arg.slice('--version='.length)}` };
    }
    if (arg === '--target-registries' || arg.startsWith('--target-registries=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[i + 1] ?? 'a,b');
      return { flag: arg, fix: `write --registries ${value}` };
    }
  }
  return undefined;
}

/**
 * Before any task starts: stop runs whose options Nx would drop, and `nx affected` runs on a
 * history too shallow to tell what changed.
 */
export const preTasksExecution: PreTasksExecution<unknown> = async (_options, context) => {
  const found = swallowedFlag(context.argv);
  if (found) {
    throw new Error(`Nx takes "${found.flag}" for itself and would drop it before the target sees it; ${found.fix}.`);
  }
  const dropped = droppedOptions(context.argv, executorOptionNames());
  if (dropped.length > 0) {
    const after = context.argv.slice(context.argv.indexOf('--') + 1);
    throw new Error(
      `Nx passes a target only the options after "--" when the command line has one, so ${dropped.join(' ')} would be dropped silently; nothing was run. ` +
        `Put every option after "--" (… -- ${[...dropped, ...after].join(' ')}) or drop the "--".`,
    );
  }
  const bad = badOptionValues(context.argv, executorSchemas());
  if (bad.length > 0) throw new Error(`${bad.join('; ')}; nothing was run (no dependency either).`);
  await refuseTooShallowHistory(context);
};
