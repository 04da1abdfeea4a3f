// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ScriptedWorld } from '../../../tools/testing/scripted-world.js';
import { replaceSpawner } from './exec.js';
import { isLoopbackRegistry, remoteDigest, remoteManifestList, repositoryOf } from './registry.js';

describe('registry addresses', () => {
  it.each([
    ['127.0.0.1:5000/opt:dev', true],
    ['127.0.0.1/opt:dev', true],
    ['localhost:5000/opt', true],
    ['localhost/opt', true],
    ['[::1]:5000/opt', true],
    ['127.0.0.1.example.com/opt', false],
    ['registry.example.com:5000/opt', false],
    ['mylocalhost:5000/opt', false],
    ['123.dkr.ecr.eu-north-1.amazonaws.com/opt:dev', false],
    ['127.10.200.3:5000/opt', true],
    ['localhost:5000', true],
    ['[::1]/opt', true],
    ['127.a.0.1/opt', false],
    ['127.0.b.1/opt', false],
    ['127.0.0.c/opt', false],
    ['x127.0.0.1:5000/opt', false],
    ['127.0.0.1:abc/opt', false],
    ['127.0.0.1:5000x/opt', false],
  ])('%s is loopback: %s', (ref, loopback) => {
    expect(isLoopbackRegistry(ref)).toBe(loopback);
  });

  it.each([
    ['127.0.0.1:5000/opt:dev-1.2.0', '127.0.0.1:5000/opt'],
    ['127.0.0.1:5000/team/opt', '127.0.0.1:5000/team/opt'],
    ['opt:dev', 'opt'],
    ['opt', 'opt'],
  ])('the repository of %s is %s', (ref, repository) => {
    expect(repositoryOf(ref)).toBe(repository);
  });
});

describe('reading a registry through docker manifest inspect', () => {
  let world: ScriptedWorld;
  let restore: () => void;
  beforeEach(() => {
    world = new ScriptedWorld();
    restore = replaceSpawner(world.spawn);
  });
  afterEach(() => {
    restore();
    world.dispose();
  });
  const digest = 'sha256:' + 'd'.repeat(64);

  it('reads a digest; a loopback registry is read over plain HTTP', async () => {
    world.registry.set('127.0.0.1:5000/opt:dev', digest);
    expect(await remoteDigest('127.0.0.1:5000/opt:dev', 7)).toEqual({ digest });
    expect(world.calls[0]).toEqual([
      'docker',
      'manifest',
      'inspect',
      '--verbose',
      '--insecure',
      '127.0.0.1:5000/opt:dev',
    ]);
    expect(world.options[0]).toMatchObject({ timeoutMs: 7000, allowFailure: true });
    world.registry.set('ghcr.io/team/opt:dev', digest);
    await remoteDigest('ghcr.io/team/opt:dev');
    expect(world.calls[1]).toEqual(['docker', 'manifest', 'inspect', '--verbose', 'ghcr.io/team/opt:dev']);
  });

  it('"absent" only when the registry says so; any other failure is an error with its last line', async () => {
    expect(await remoteDigest('127.0.0.1:5000/opt:nope')).toEqual({});
    world.fault(() => true, { exitCode: 1, stdout: '', stderr: 'Get "http://r/v2/": dial tcp\nconnection refused' });
    expect(await remoteDigest('127.0.0.1:5000/opt:x')).toEqual({ error: 'connection refused' });
    world.fault(() => true, { exitCode: 3, stdout: '', stderr: '' });
    expect(await remoteDigest('127.0.0.1:5000/opt:x')).toEqual({ error: 'docker manifest inspect failed (exit 3)' });
    // The last line that says something, whichever stream it came on.
    world.fault(() => true, { exitCode: 1, stdout: '', stderr: 'dial tcp: connection refused\n' });
    expect(await remoteDigest('127.0.0.1:5000/opt:x')).toEqual({ error: 'dial tcp: connection refused' });
    world.fault(() => true, { exitCode: 1, stdout: 'manifest unknown', stderr: '' });
    expect(await remoteDigest('127.0.0.1:5000/opt:x')).toEqual({});
  });

  it('a read past its deadline is an error naming the setting, never "absent"', async () => {
    world.fault(() => true, { stdout: '', stderr: '', timedOut: true });
    expect(await remoteDigest('127.0.0.1:5000/opt:x', 4)).toEqual({
      error: 'the registry gave no answer within 4 s (timeouts.registryRead); it may be hung',
    });
  });

  it('an answer without a digest is an error', async () => {
    world.fault(() => true, { exitCode: 0, stdout: '{}', stderr: '' });
    expect(await remoteDigest('127.0.0.1:5000/opt:x')).toEqual({
      error: '127.0.0.1:5000/opt:x: the registry answered without a digest',
    });
    world.fault(() => true, { exitCode: 0, stdout: '[]', stderr: '' });
    expect(await remoteDigest('127.0.0.1:5000/opt:x')).toEqual({
      error: '127.0.0.1:5000/opt:x: the registry answered without a digest',
    });
  });

  it('reads a manifest list per platform; a single manifest or a failure is no list', async () => {
    const list = [
      { Descriptor: { digest: 'sha256:1', platform: { os: 'linux', architecture: 'amd64' } } },
      { Descriptor: { digest: 'sha256:2', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } } },
      { Descriptor: { digest: 'sha256:3' } },
    ];
    world.fault(() => true, { exitCode: 0, stdout: JSON.stringify(list), stderr: '' });
    expect(await remoteManifestList('127.0.0.1:5000/opt:dev')).toEqual({
      'linux/amd64': 'sha256:1',
      'linux/arm64/v8': 'sha256:2',
    });
    world.fault(() => true, { exitCode: 0, stdout: JSON.stringify({ Descriptor: { digest } }), stderr: '' });
    expect(await remoteManifestList('127.0.0.1:5000/opt:dev')).toBeUndefined();
    expect(await remoteManifestList('127.0.0.1:5000/opt:absent')).toBeUndefined();
    // A list's digest is read as its first platform's.
    world.fault(() => true, { exitCode: 0, stdout: JSON.stringify(list), stderr: '' });
    expect(await remoteDigest('127.0.0.1:5000/opt:dev')).toEqual({ digest: 'sha256:1' });
  });
});
