// @ts-nocheck
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRegistryAddress, ReleasableError, type RegistryAuth } from '@releasable/core';
import { CommandFailedError, exec } from './exec.js';
import { sweepStaleDirs } from './stale-dirs.js';

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

const LOGIN_DIR_PREFIX = 'releasable-login-';

/** The login targets of some of a dir's registries, by name (their `auth`, if any, included). */
export function loginTargets(
  registries: Readonly<Record<string, Omit<LoginTarget, 'name'>>>,
  names: readonly string[],
): LoginTarget[] {
  return names.map((name) => ({ name, ...registries[name]! }));
}

/**
 * Removes private docker configs left by releases that were killed (kill -9 runs no cleanup):
 * each dir is named after its owner's pid, and a dir whose owner is gone holds credentials
 * nobody will remove otherwise. Returns the dirs removed.
 */
export function sweepStaleLoginDirs(tmp = os.tmpdir()): string[] {
  return sweepStaleDirs(LOGIN_DIR_PREFIX, tmp);
}

/**
 * Logs in to every registry that declares `auth`, into a private copy of the user's docker
 * config (credential helpers keep working; the user's own file is never written). The password
 * goes through stdin only and never into output or errors. Without any `auth`, does nothing.
 */
export async function openRegistrySession(
  targets: readonly LoginTarget[],
  env: NodeJS.ProcessEnv = process.env,
  /** Where private configs are made and swept (the system temp dir; tests give their own). */
  tmp: string = os.tmpdir(),
): Promise<RegistrySession> {
  const withAuth = targets.filter((t) => t.auth);
  if (withAuth.length === 0) return { close: () => undefined };
  sweepStaleLoginDirs(tmp);
  // mkdtemp makes the dir 0700; its name carries our pid so a later run can sweep it if we are killed.
  const dir = mkdtempSync(path.join(tmp, `${LOGIN_DIR_PREFIX}${process.pid}-`));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  // Removed on every exit path this process gets to run code on (kill -9 is left to the sweep).
  process.once('exit', remove);
  const close = (): void => {
    process.removeListener('exit', remove);
    remove();
  };
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

/**
 * Runs `work` with the registries' logins in effect: every docker command it spawns (with this
 * process's env) reads the private config; the user's DOCKER_CONFIG is restored afterwards.
 */
export async function withRegistrySession<T>(
  targets: readonly LoginTarget[],
  work: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
  tmp: string = os.tmpdir(),
): Promise<T> {
  const session = await openRegistrySession(targets, env, tmp);
  const previous = env['DOCKER_CONFIG'];
  if (session.dockerConfig) env['DOCKER_CONFIG'] = session.dockerConfig;
  try {
    return await work();
  } finally {
    if (session.dockerConfig) {
      if (previous === undefined) delete env['DOCKER_CONFIG'];
      else env['DOCKER_CONFIG'] = previous;
    }
    session.close();
  }
}
