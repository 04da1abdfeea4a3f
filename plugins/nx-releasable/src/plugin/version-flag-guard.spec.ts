import { describe, expect, it } from '@jest/globals';
import { preTasksExecution, swallowedFlag } from './version-flag-guard.js';

describe('swallowedFlag', () => {
  it.each([
    {
      name: '--version= before --',
      argv: ['nx', 'run', 'opt:docker-test', '--version=1.2.0'],
      flag: '--version=1.2.0',
    },
    { name: '--version= after --', argv: ['nx', 'run', 'opt:docker-test', '--', '--version=1.2.0'], flag: undefined },
    {
      name: '--target-registries',
      argv: ['nx', 'run', 'opt:release-dev', '--target-registries', 'a,b'],
      flag: '--target-registries',
    },
    { name: 'no such flag', argv: ['nx', 'run', 'opt:docker-test', '--stage', 'dev'], flag: undefined },
  ])('$name', ({ argv, flag }) => {
    expect(swallowedFlag(argv)?.flag).toBe(flag);
  });

  it('stops the run with the fix', async () => {
    const context = {
      id: 'x',
      workspaceRoot: '/w',
      nxJsonConfiguration: {},
      argv: ['nx', 'run', 'opt:x', '--version=1.2.0'],
    };
    await expect(async () => preTasksExecution(undefined, context)).rejects.toThrow(
      'Nx takes "--version=1.2.0" for itself and would drop it before the target sees it; put the target\'s options after "--": nx run <project>:<target> -- --version 1.2.0 [other options].',
    );
    const registries = { ...context, argv: ['nx', 'run', 'opt:release-dev', '--target-registries=ecr,ghcr'] };
    await expect(async () => preTasksExecution(undefined, registries)).rejects.toThrow('write --registries ecr,ghcr.');
  });
});
