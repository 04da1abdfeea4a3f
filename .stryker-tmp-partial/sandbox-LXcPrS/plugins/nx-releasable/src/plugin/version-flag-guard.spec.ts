// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { badOptionValues, droppedOptions, executorOptionNames, executorSchemas } from './dropped-options.js';
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
      'Nx takes "--version=1.2.0" for itself and would drop it before the target sees it; write --image-version 1.2.0.',
    );
    const registries = { ...context, argv: ['nx', 'run', 'opt:release-dev', '--target-registries=ecr,ghcr'] };
    await expect(async () => preTasksExecution(undefined, registries)).rejects.toThrow('write --registries ecr,ghcr.');
  });
});

describe('options Nx drops before a "--"', () => {
  const ours = executorOptionNames();
  it.each([
    {
      name: '--dry-run before -- (a real release would run)',
      argv: ['nx', 'run', 'opt:release-dev', '--dry-run', '--', '--image-version', '99.2.0'],
      dropped: ['--dry-run'],
    },
    {
      name: 'a negated flag and a value option',
      argv: ['nx', 'run', 'opt:release-dev', '--no-push', '--registries=nosuch', '--', '--json'],
      dropped: ['--no-push', '--registries=nosuch'],
    },
    {
      name: 'camelCase spelling',
      argv: ['nx', 'run', 'opt:release-dev', '--dryRun', '--', '--json'],
      dropped: ['--dryRun'],
    },
    {
      name: "Nx's own options before -- are kept by Nx",
      argv: ['nx', 'run', 'opt:release-dev', '--skip-nx-cache', '--verbose', '--', '--dry-run'],
      dropped: [],
    },
    { name: 'no -- at all: Nx passes them', argv: ['nx', 'run', 'opt:release-dev', '--dry-run'], dropped: [] },
    {
      name: 'everything after --',
      argv: ['nx', 'run', 'opt:release-dev', '--', '--dry-run', '--registries', 'a'],
      dropped: [],
    },
  ])('$name', ({ argv, dropped }) => {
    expect(droppedOptions(argv, ours)).toEqual(dropped);
  });

  it('reads every executor option from the schemas', () => {
    for (const name of ['dryRun', 'push', 'registries', 'skipTests', 'stage', 'image', 'platforms']) {
      expect(ours.has(name)).toBe(true);
    }
  });

  it('refuses the run before any task, naming the dropped options and the fix', async () => {
    const context = {
      id: 'x',
      workspaceRoot: '/w',
      nxJsonConfiguration: {},
      argv: ['nx', 'run', 'opt:release-dev', '--dry-run', '--', '--image-version', '99.2.0'],
    };
    await expect(async () => preTasksExecution(undefined, context)).rejects.toThrow(
      'so --dry-run would be dropped silently; nothing was run. Put every option after "--" (… -- --dry-run --image-version 99.2.0) or drop the "--".',
    );
  });
});

describe('option values the schema forbids, refused before any dependency runs', () => {
  const schemas = executorSchemas();
  it.each([
    { name: 'run form', argv: ['nx', 'run', 'opt:docker-test', '--stage', 'bogus'], bad: 1 },
    { name: 'with =', argv: ['nx', 'run', 'opt:docker-test', '--stage=bogus'], bad: 1 },
    { name: 'affected -t', argv: ['nx', 'affected', '-t', 'docker-test', '--list', 'slowest'], bad: 1 },
    { name: 'run-many --targets=', argv: ['nx', 'run-many', '--targets=lint,docker-test', '--stage=x'], bad: 1 },
    { name: 'infix form', argv: ['nx', 'docker-test', 'opt', '--stage', 'qa'], bad: 1 },
    { name: 'after --', argv: ['nx', 'run', 'opt:docker-test', '--', '--stage', 'bogus'], bad: 1 },
    { name: 'a good value', argv: ['nx', 'run', 'opt:docker-test', '--stage', 'dev'], bad: 0 },
    { name: "another plugin's target", argv: ['nx', 'run', 'web:deploy', '--stage', 'staging'], bad: 0 },
    { name: 'a configuration', argv: ['nx', 'run', 'opt:docker-test:slow', '--stage', 'prod'], bad: 0 },
  ])('$name', ({ argv, bad }) => {
    expect(badOptionValues(argv, schemas)).toHaveLength(bad);
  });

  it('names the target, the option, the allowed values', async () => {
    const context = {
      id: 'x',
      workspaceRoot: '/w',
      nxJsonConfiguration: {},
      argv: ['nx', 'run', 'opt:docker-test', '--stage', 'bogus'],
    };
    await expect(async () => preTasksExecution(undefined, context)).rejects.toThrow(
      'docker-test: --stage "bogus" is not one of local, dev, prod; nothing was run (no dependency either).',
    );
  });
});
