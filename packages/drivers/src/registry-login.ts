import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRegistryAddress, ReleasableError, type RegistryAuth } from '@releasable/core';
import { CommandFailedError, exec } from './exec.js';

export interface LoginTarget {
  readonly name: string;
  readonly url: string;
  readonly auth?: RegistryAuth;
}

export interface RegistrySession {
  /** A private docker config dir holding the logins, when any registry declares `auth`. */
  readonly dockerConfig?: string;
  close(): void;
}

function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

async function readPassword(target: LoginTarget, auth: RegistryAuth, env: NodeJS.ProcessEnv): Promise<string> {
  if (auth.passwordEnv !== undefined) {
    const value = env[auth.passwordEnv];
    if (!value) {
      throw new ReleasableError(
        `registry "${target.name}" (registries.${target.name}.auth.passwordEnv): environment variable ${auth.passwordEnv} is not set; export it, or remove "auth" to use your own docker login.`,
      );
    }
    return value;
  }
  const command = auth.passwordCommand!;
  try {
    return (await exec(command, { timeoutMs: 120_000 })).stdout.trim();
  } catch (error) {
    const detail = error instanceof CommandFailedError ? `exit ${error.exitCode}` : (error as Error).message;
    throw new ReleasableError(
      `registry "${target.name}" (registries.${target.name}.auth.passwordCommand): "${command.join(' ')}" failed (${detail}); check that it prints the password when run by itself.`,
    );
  }
}

/**
 * Logs in to every registry that declares `auth`, into a private copy of the user's docker
 * config (credential helpers keep working; the user's own file is never written). The password
 * goes through stdin only and never into output or errors. Without any `auth`, does nothing.
 */
export async function openRegistrySession(
  targets: readonly LoginTarget[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistrySession> {
  const withAuth = targets.filter((t) => t.auth);
  if (withAuth.length === 0) return { close: () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'releasable-docker-config-'));
  const close = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const userConfig = path.join(env['DOCKER_CONFIG'] ?? path.join(os.homedir(), '.docker'), 'config.json');
    if (existsSync(userConfig)) copyFileSync(userConfig, path.join(dir, 'config.json'));
    for (const target of withAuth) {
      const auth = target.auth!;
      const username = env[auth.usernameEnv];
      if (!username) {
        throw new ReleasableError(
          `registry "${target.name}" (registries.${target.name}.auth.usernameEnv): environment variable ${auth.usernameEnv} is not set; export it, or remove "auth" to use your own docker login.`,
        );
      }
      const password = await readPassword(target, auth, env);
      const host = parseRegistryAddress(target.url).host;
      const r = await exec(['docker', '--config', dir, 'login', '--username', username, '--password-stdin', host], {
        input: password,
        allowFailure: true,
        timeoutMs: 120_000,
      });
      if (r.exitCode !== 0) {
        throw new ReleasableError(
          `registry "${target.name}": docker login to ${host} as ${username} failed: ${redact(r.stderr.trim().split('\n').pop() ?? '', password)}`,
        );
      }
    }
    return { dockerConfig: dir, close };
  } catch (error) {
    close();
    throw error;
  }
}
