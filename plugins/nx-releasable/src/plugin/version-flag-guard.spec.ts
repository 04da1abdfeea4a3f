import { describe, expect, it } from '@jest/globals';
import { preTasksExecution, swallowedVersionFlag } from './version-flag-guard.js';

describe('swallowedVersionFlag', () => {
  it.each([
    {
      name: 'flag before --',
      argv: ['node', 'nx', 'run', 'opt:docker-test', '--version=1.2.0'],
      expected: '--version=1.2.0',
    },
    {
      name: 'flag after --',
      argv: ['node', 'nx', 'run', 'opt:docker-test', '--', '--version=1.2.0'],
      expected: undefined,
    },
    { name: 'no flag', argv: ['node', 'nx', 'run', 'opt:docker-test', '--stage', 'dev'], expected: undefined },
  ])('$name', ({ argv, expected }) => {
    expect(swallowedVersionFlag(argv)).toBe(expected);
  });

  it('stops the run with the fix', async () => {
    const context = {
      id: 'x',
      workspaceRoot: '/w',
      nxJsonConfiguration: {},
      argv: ['nx', 'run', 'opt:x', '--version=1.2.0'],
    };
    await expect(async () => preTasksExecution(undefined, context)).rejects.toThrow(
      'Put the target\'s options after "--": nx run <project>:<target> -- --version 1.2.0 [other options].',
    );
  });
});
