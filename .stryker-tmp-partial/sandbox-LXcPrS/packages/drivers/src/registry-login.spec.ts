// @ts-nocheck
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScriptedWorld } from '../../../tools/testing/scripted-world.js';
import { replaceSpawner } from './exec.js';
import { openRegistrySession, sweepStaleLoginDirs, withRegistrySession, type LoginTarget } from './registry-login.js';

describe('sweepStaleLoginDirs', () => {
  it('removes the private docker configs of dead releases and keeps live ones and anything else', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'releasable-sweep-'));
    const dead = Number(spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim());
    const mk = (name: string): string => {
      const dir = path.join(tmp, name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'config.json'), '{"auths":{"r":{"auth":"c2VjcmV0"}}}');
      return dir;
    };
    const stale = mk(`releasable-login-${dead}-abc123`);
    const live = mk(`releasable-login-${process.pid}-def456`);
    const other = mk('releasable-docker-config-xyz');
    expect(sweepStaleLoginDirs(tmp)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});

describe('registry logins against a scripted docker', () => {
  let world: ScriptedWorld;
  let restore: () => void;
  const target = (auth: LoginTarget['auth']): LoginTarget => ({
    name: 'locked',
    url: '127.0.0.1:5002/team',
    ...(auth ? { auth } : {}),
  });
  const env = { REG_USER: 'me', REG_PASSWORD: 's3cret-value' };
  // A private temp dir: the sweep must never touch the system's (a broken sweep would empty it).
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'releasable-login-test-'));
    world = new ScriptedWorld();
    world.passwords.set('127.0.0.1:5002', 's3cret-value');
    restore = replaceSpawner(world.spawn);
  });
  afterEach(() => {
    restore();
    world.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('without any auth runs nothing and makes no config', async () => {
    const session = await openRegistrySession([target(undefined)], { ...env }, tmp);
    expect(session.dockerConfig).toBeUndefined();
    expect(world.calls).toEqual([]);
    session.close();
  });

  it('logs in with the password on stdin only, into a private 0700 config removed on close', async () => {
    const session = await openRegistrySession(
      [target({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASSWORD' })],
      { ...env },
      tmp,
    );
    const dir = session.dockerConfig!;
    expect(path.basename(dir)).toMatch(new RegExp(`^releasable-login-${process.pid}-`));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(world.calls).toEqual([
      ['docker', '--config', dir, 'login', '--username', 'me', '--password-stdin', '127.0.0.1:5002'],
    ]);
    session.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('reads the password from a command', async () => {
    const session = await openRegistrySession(
      [target({ usernameEnv: 'REG_USER', passwordCommand: ['print-password', 's3cret-value'] })],
      { ...env },
      tmp,
    );
    expect(world.calls[0]).toEqual(['print-password', 's3cret-value']);
    expect(world.calls[1]![3]).toBe('login');
    session.close();
  });

  it.each([
    {
      name: 'a missing username variable names the key',
      auth: { usernameEnv: 'NOPE', passwordEnv: 'REG_PASSWORD' },
      message:
        'registry "locked" (registries.locked.auth.usernameEnv): environment variable NOPE is not set; export it, or remove "auth" to use your own docker login.',
    },
    {
      name: 'a missing password variable names the key',
      auth: { usernameEnv: 'REG_USER', passwordEnv: 'NOPE' },
      message: 'registry "locked" (registries.locked.auth.passwordEnv): environment variable NOPE is not set',
    },
    {
      name: 'a failing password command names the key',
      auth: { usernameEnv: 'REG_USER', passwordCommand: ['false'] },
      message: 'registry "locked" (registries.locked.auth.passwordCommand): "false" failed (exit 1)',
    },
  ])('$name, and leaves no config behind', async ({ auth, message }) => {
    await expect(openRegistrySession([target(auth)], { ...env }, tmp)).rejects.toThrow(message);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('a refused login says so without the password', async () => {
    const wrong = { ...env, REG_PASSWORD: 'wrong-password' };
    const run = openRegistrySession([target({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASSWORD' })], wrong, tmp);
    await expect(run).rejects.toThrow('registry "locked": docker login to 127.0.0.1:5002 as me failed:');
    await expect(
      openRegistrySession([target({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASSWORD' })], wrong, tmp),
    ).rejects.not.toThrow('wrong-password');
  });

  it('a password that docker echoes back in its error is masked', async () => {
    world.fault((a) => a.includes('login'), {
      exitCode: 1,
      stdout: '',
      stderr: 'Error: cannot log in with s3cret-value: unauthorized',
    });
    const run = openRegistrySession(
      [target({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASSWORD' })],
      { ...env },
      tmp,
    );
    await expect(run).rejects.toThrow('failed: Error: cannot log in with ***: unauthorized');
  });

  it('withRegistrySession points DOCKER_CONFIG at the logins during the work and restores it after', async () => {
    const sessionEnv: NodeJS.ProcessEnv = { ...env, DOCKER_CONFIG: '/home/me/.docker' };
    let during: string | undefined;
    await withRegistrySession(
      [target({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASSWORD' })],
      async () => {
        during = sessionEnv['DOCKER_CONFIG'];
      },
      sessionEnv,
      tmp,
    );
    expect(during).toMatch(/releasable-login-/);
    expect(existsSync(during!)).toBe(false);
    expect(sessionEnv['DOCKER_CONFIG']).toBe('/home/me/.docker');
    const unset: NodeJS.ProcessEnv = { ...env };
    await expect(
      withRegistrySession(
        [target({ usernameEnv: 'REG_USER', passwordEnv: 'REG_PASSWORD' })],
        async () => {
          throw new Error('work failed');
        },
        unset,
        tmp,
      ),
    ).rejects.toThrow('work failed');
    expect('DOCKER_CONFIG' in unset).toBe(false);
  });
});
