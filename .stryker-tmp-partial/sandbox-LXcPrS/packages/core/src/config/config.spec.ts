// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../errors.js';
import { formatGitTag, parsePluginOptions, parseRepoConfig, resolveConfig } from './resolve.js';

const FILE = 'apps/opt/repo_config.yaml';

describe('parseRepoConfig: each bad input gets one exact message naming file, field and fix', () => {
  it.each([
    {
      name: 'unknown top-level key',
      input: { nmae: 'x' },
      message: `${FILE}: nmae: unknown key; known keys here: name, image, registries, buildRegistry, targetRegistries, platforms, tests, qa, docker, gitTagPattern, depsCheck, uses, releaseBranches, inputs, user, timeouts. Remove it or fix its spelling.`,
    },
    {
      name: 'unknown nested key',
      input: { docker: { dockerFile: 'x' } },
      message: `${FILE}: docker.dockerFile: unknown key; known keys here: context, devDockerfile, prodDockerfile, composeFile, otherDockerfiles, imageVariable, service, jupyterService, mountDockerSocket. Remove it or fix its spelling.`,
    },
    {
      name: 'registry URL with a scheme',
      input: { registries: { ecr: 'https://x.io' } },
      message: `${FILE}: registries.ecr: "https://x.io" has a scheme; registries are written as host[:port][/namespace], e.g. "x.io".`,
    },
    {
      name: 'registry host with an underscore',
      input: { registries: { ecr: { url: 'bad_host' } } },
      message: `${FILE}: registries.ecr.url: "bad_host": "bad_host" is not a registry host; expected host[:port] like "127.0.0.1:5000" or "123.dkr.ecr.eu-north-1.amazonaws.com".`,
    },
    {
      name: 'registry given as a number',
      input: { registries: { ecr: 5 } },
      message: `${FILE}: registries.ecr: must be a registry address "host[:port][/namespace]" or { url: ..., auth?: ... }`,
    },
    {
      name: 'uppercase image name',
      input: { image: 'Opt' },
      message: `${FILE}: image: "Opt" is not a valid image name: use lowercase letters, digits and single separators (. _ -), e.g. "opt".`,
    },
    {
      name: 'project name with a space',
      input: { name: 'my opt' },
      message: `${FILE}: name: must start with a letter or digit and use only letters, digits, . _ -`,
    },
    {
      name: 'test command as a shell string',
      input: { tests: { fast: { command: 'pytest -m fast' } } },
      message: `${FILE}: tests.fast.command: must be a list of arguments (it runs without a shell), e.g. ["pytest", "-m", "not slow"]; got the string "pytest -m fast"`,
    },
    {
      name: 'empty test command',
      input: { tests: { fast: { command: [] } } },
      message: `${FILE}: tests.fast.command: needs at least the program name`,
    },
    {
      name: 'unknown test list',
      input: { tests: { quick: { command: ['x'] } } },
      message: `${FILE}: tests.quick: unknown key; known keys here: fast, slow, superslow. Remove it or fix its spelling.`,
    },
    {
      name: 'platform without os',
      input: { platforms: ['amd64'] },
      message: `${FILE}: platforms.0: must look like "linux/amd64" or "linux/arm64/v8"`,
    },
    {
      name: 'git tag pattern without {stage}',
      input: { gitTagPattern: '{name}-{version}' },
      message: `${FILE}: gitTagPattern: must contain {stage} and {version}, e.g. "{name}-{stage}-{version}"`,
    },
    {
      name: 'git tag pattern with a space',
      input: { gitTagPattern: '{name} {stage}-{version}' },
      message: `${FILE}: gitTagPattern: may only contain letters, digits, . _ / - and the placeholders {name} {stage} {version}`,
    },
    {
      name: 'boolean given as a string',
      input: { docker: { mountDockerSocket: 'yes' } },
      message: `${FILE}: docker.mountDockerSocket: expected true or false, got the string "yes".`,
    },
    {
      name: 'list instead of a mapping',
      input: [1, 2],
      message: `${FILE}: must be a mapping of keys (e.g. "name: opt"), not a list or a scalar.`,
    },
    {
      name: 'targetRegistries as a string',
      input: { targetRegistries: 'local' },
      message: `${FILE}: targetRegistries: expected a list, e.g. [a, b], got the string "local".`,
    },
  ])('$name', ({ input, message }) => {
    let thrown: unknown;
    try {
      parseRepoConfig(input, FILE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toBe(message);
  });

  it('reports every problem of a file together', () => {
    expect(() => parseRepoConfig({ image: 'Opt', platforms: ['x'] }, FILE)).toThrow(
      `${FILE}: image: "Opt" is not a valid image name: use lowercase letters, digits and single separators (. _ -), e.g. "opt".\n${FILE}: platforms.0: must look like "linux/amd64" or "linux/arm64/v8"`,
    );
  });
});

describe('resolveConfig', () => {
  const pluginOptions = parsePluginOptions({
    registries: { local: '127.0.0.1:5000', ecr: '123.dkr.ecr.eu-north-1.amazonaws.com' },
    targetRegistries: ['local'],
    tests: { fast: { command: ['make', 'test'] } },
  });

  it('merges defaults ← plugin options ← repo_config', () => {
    const config = resolveConfig({
      name: 'SorrIssue14_Team1',
      dirConfig: parseRepoConfig({ registries: { local: '127.0.0.1:5001' }, docker: { service: 'main' } }, FILE),
      pluginOptions,
      file: FILE,
    });
    expect(config).toMatchObject({
      name: 'SorrIssue14_Team1',
      image: 'sorrissue14_team1',
      registries: { local: { url: '127.0.0.1:5001' }, ecr: { url: '123.dkr.ecr.eu-north-1.amazonaws.com' } },
      targetRegistries: ['local'],
      platforms: ['linux/amd64'],
      tests: {
        fast: { command: ['make', 'test'] },
        slow: { command: ['pytest', '-m', 'slow and not superslow'] },
        superslow: { command: ['pytest', '-m', 'superslow and not slow'] },
      },
      docker: { service: 'main', devDockerfile: 'devops/docker_build/dev.Dockerfile', mountDockerSocket: false },
      gitTagPattern: '{name}-{stage}-{version}',
    });
  });

  it('takes the build registry from repo_config over nx.json, never as a release target', () => {
    const withBuild = parsePluginOptions({ ...pluginOptions, buildRegistry: '127.0.0.1:5000/ci' });
    const fromPlugin = resolveConfig({ name: 'opt', dirConfig: {}, pluginOptions: withBuild, file: FILE });
    expect(fromPlugin.buildRegistry).toEqual({ url: '127.0.0.1:5000/ci' });
    expect(fromPlugin.targetRegistries).toEqual(['local']);
    const auth = { usernameEnv: 'U', passwordEnv: 'P' };
    const own = resolveConfig({
      name: 'opt',
      dirConfig: parseRepoConfig({ buildRegistry: { url: 'cache.example/ci', auth } }, FILE),
      pluginOptions: withBuild,
      file: FILE,
    });
    expect(own.buildRegistry).toEqual({ url: 'cache.example/ci', auth });
    expect(resolveConfig({ name: 'opt', dirConfig: {}, pluginOptions, file: FILE }).buildRegistry).toBeUndefined();
    expect(() => parseRepoConfig({ buildRegistry: 'http://x' }, FILE)).toThrow(/buildRegistry/);
  });

  it('rejects a target registry that is not configured', () => {
    expect(() =>
      resolveConfig({ name: 'opt', dirConfig: { targetRegistries: ['gcr'] }, pluginOptions, file: FILE }),
    ).toThrow(
      `${FILE}: targetRegistries.0: "gcr" is not a configured registry (known: local, ecr); add it under "registries" or remove it.`,
    );
  });

  it('blames nx.json, not the dir, for a target registry the plugin options name', () => {
    const fromNxJson = parsePluginOptions({ registries: { local: '127.0.0.1:5000' }, targetRegistries: ['nope'] });
    expect(() => resolveConfig({ name: 'opt', dirConfig: {}, pluginOptions: fromNxJson, file: FILE })).toThrow(
      'nx.json (plugin "@releasable/nx" options): targetRegistries.0: "nope" is not a configured registry (known: local); add it under "registries" or remove it.',
    );
  });

  it('rejects a project name that yields no image name', () => {
    expect(() => resolveConfig({ name: '___', dirConfig: {}, pluginOptions, file: FILE })).toThrow(
      `${FILE}: image: project "___" gives no valid default image name; set "image" explicitly.`,
    );
  });

  it('rejects unknown plugin options, naming nx.json', () => {
    expect(() => parsePluginOptions({ name: 'x' })).toThrow(
      'nx.json (plugin "@releasable/nx" options): name: unknown key; known keys here: registries, buildRegistry, targetRegistries, platforms, tests, qa, docker, gitTagPattern, depsCheck, uses, releaseBranches, inputs, user, timeouts. Remove it or fix its spelling.',
    );
  });

  it('formats git tags from the pattern', () => {
    expect(formatGitTag('{name}-{stage}-{version}', { name: 'im', stage: 'dev', version: '1.0.0' })).toBe(
      'im-dev-1.0.0',
    );
  });
});
