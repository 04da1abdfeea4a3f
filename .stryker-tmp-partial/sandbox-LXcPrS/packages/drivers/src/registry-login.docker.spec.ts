// @ts-nocheck
import { expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithEngine } from '../../../tools/testing/docker-engine.js';
import { AUTH_REGISTRY } from '../../../tools/testing/temp-workspace.js';
import { exec } from './exec.js';
import { openRegistrySession } from './registry-login.js';

await describeWithEngine('registry logins from repo_config auth', () => {
  it('logs in with a password command into a private config, never the user one; a wrong password names the registry, not the secret', async () => {
    const env = { ...process.env, RELEASABLE_TEST_USER: AUTH_REGISTRY.user, DOCKER_CONFIG: '/nonexistent-user-config' };
    const session = await openRegistrySession(
      [
        {
          name: 'locked',
          url: AUTH_REGISTRY.url,
          auth: { usernameEnv: 'RELEASABLE_TEST_USER', passwordCommand: ['printf', '%s', AUTH_REGISTRY.password] },
        },
      ],
      env,
    );
    try {
      const config = JSON.parse(readFileSync(path.join(session.dockerConfig!, 'config.json'), 'utf8')) as {
        auths: Record<string, unknown>;
      };
      expect(Object.keys(config.auths)).toContain(AUTH_REGISTRY.url);
      // The login works: with this config the registry answers "no such manifest", not "unauthorized".
      const r = await exec(
        [
          'docker',
          '--config',
          session.dockerConfig!,
          'manifest',
          'inspect',
          '--insecure',
          `${AUTH_REGISTRY.url}/none:none`,
        ],
        { allowFailure: true },
      );
      expect(r.stderr).not.toMatch(/unauthorized|no basic auth/);
    } finally {
      session.close();
    }
    expect(existsSync(session.dockerConfig!)).toBe(false);

    const wrong = await openRegistrySession(
      [
        {
          name: 'locked',
          url: AUTH_REGISTRY.url,
          auth: { usernameEnv: 'RELEASABLE_TEST_USER', passwordCommand: ['printf', '%s', 'wrong-secret-value'] },
        },
      ],
      env,
    ).catch((e: unknown) => e as Error);
    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as Error).message).toContain(
      `registry "locked": docker login to ${AUTH_REGISTRY.url} as ${AUTH_REGISTRY.user} failed`,
    );
    expect((wrong as Error).message).not.toContain('wrong-secret-value');

    const failing = await openRegistrySession(
      [
        {
          name: 'locked',
          url: AUTH_REGISTRY.url,
          auth: { usernameEnv: 'RELEASABLE_TEST_USER', passwordCommand: ['false'] },
        },
      ],
      env,
    ).catch((e: unknown) => e as Error);
    expect((failing as Error).message).toBe(
      'registry "locked" (registries.locked.auth.passwordCommand): "false" failed (exit 1); check that it prints the password when run by itself.',
    );
  }, 120_000);
});
