// @ts-nocheck
import { describe, expect, it } from '@jest/globals';
import { assertEngine, buildArgv, EngineUnavailableError } from './docker.js';
import { composeRunArgv } from './compose.js';

describe('assertEngine', () => {
  it('names DOCKER_HOST and how to start an engine when none answers', async () => {
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const error = await assertEngine(env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toContain(
      'no Docker engine answers at DOCKER_HOST=unix:///nonexistent/docker.sock',
    );
    expect((error as Error).message).toContain('Start one (e.g. "sudo systemctl start docker"');
  });
});

describe('argv builders', () => {
  it('builds docker build argv without a shell', () => {
    expect(
      buildArgv({
        dockerfile: 'd/dev.Dockerfile',
        context: 'd',
        tags: ['opt:local-me-1.0.0'],
        buildArgs: { A: '$(x)' },
        labels: { l: 'v' },
        noCache: true,
      }),
    ).toEqual([
      'docker',
      'build',
      '--file',
      'd/dev.Dockerfile',
      '--tag',
      'opt:local-me-1.0.0',
      '--build-arg',
      'A=$(x)',
      '--label',
      'l=v',
      '--no-cache',
      'd',
    ]);
  });

  it('builds compose run argv with the merged files in order, mounts, workdir and env', () => {
    expect(
      composeRunArgv(['docker-compose'], {
        composeFiles: ['c.yml', 'override.yml'],
        project: 'releasable-opt',
        service: 'app',
        command: ['pytest', '-m', 'not slow'],
        volumes: ['/repo:/app'],
        workdir: '/app/opt',
        env: { CI: '' },
      }),
    ).toEqual([
      'docker-compose',
      '--file',
      'c.yml',
      '--file',
      'override.yml',
      '--project-name',
      'releasable-opt',
      'run',
      '--rm',
      '-T',
      '--volume',
      '/repo:/app',
      '--workdir',
      '/app/opt',
      '-e',
      'CI=',
      'app',
      'pytest',
      '-m',
      'not slow',
    ]);
  });
});
