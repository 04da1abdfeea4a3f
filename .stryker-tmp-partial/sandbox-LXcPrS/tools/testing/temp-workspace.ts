// @ts-nocheck
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, type ExecResult } from '@releasable/drivers';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REGISTRY = '127.0.0.1:5000';
export const SECOND_REGISTRY = '127.0.0.1:5001';
/** Started by tools/docker-env/up.sh with htpasswd auth. */
/** Started by tools/docker-env/up.sh in read-only mode: reads work, every push is denied. */
export const READONLY_REGISTRY = '127.0.0.1:5003';
export const AUTH_REGISTRY = { url: '127.0.0.1:5002', user: 'releasable', password: 'releasable-test-secret' };

/** The environment every test's nx command runs with: no daemon, no cloud, no cache, no colour. */
export const NX_TEST_ENV: Readonly<Record<string, string>> = {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: 'true',
  FORCE_COLOR: '0',
  USER: 'tester',
};

export interface TempWorkspace {
  readonly root: string;
  /** `nx <args>` in the workspace (daemon off); never throws on a failing target. */
  nx(args: readonly string[], env?: Record<string, string>): Promise<ExecResult>;
  /** Commits every change (so releases see a clean tree). */
  commit(message: string): Promise<void>;
  git(args: readonly string[]): Promise<ExecResult>;
  write(file: string, content: string): void;
  read(file: string): string;
  dispose(): void;
}

/**
 * A throw-away Nx workspace using this repo's plugin (node_modules linked), holding copies of
 * demo dirs whose image names get `suffix`, inside a fresh git repo with one commit.
 */
export async function createTempWorkspace(opts: {
  apps: readonly string[];
  suffix: string;
  pluginOptions?: Record<string, unknown>;
}): Promise<TempWorkspace> {
  const root = mkdtempSync(path.join(tmpdir(), 'releasable-ws-'));
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  cpSync(path.join(REPO_ROOT, 'tsconfig.base.json'), path.join(root, 'tsconfig.base.json'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'tmp-ws', private: true, type: 'module' }));
  writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.nx\n');
  const pluginOptions = opts.pluginOptions ?? { registries: { local: REGISTRY }, targetRegistries: ['local'] };
  writeFileSync(
    path.join(root, 'nx.json'),
    JSON.stringify({ plugins: [{ plugin: '@releasable/nx', options: pluginOptions }] }, null, 2),
  );
  for (const app of opts.apps) {
    const target = path.join(root, 'apps', app);
    cpSync(path.join(REPO_ROOT, 'apps', app), target, { recursive: true });
    const configFile = path.join(target, 'repo_config.yaml');
    const config = readFileSync(configFile, 'utf8').replace(/^image: .*\n/m, '');
    const name = /^# (\S+)-\d/m.exec(readFileSync(path.join(target, 'changelog.txt'), 'utf8'))![1]!;
    writeFileSync(configFile, `image: ${name.toLowerCase()}-${opts.suffix}\n${config}`);
  }
  const ws: TempWorkspace = {
    root,
    nx: (args, env = {}) =>
      exec([path.join(root, 'node_modules/.bin/nx'), ...args], {
        cwd: root,
        allowFailure: true,
        env: { ...NX_TEST_ENV, ...env },
        timeoutMs: 300_000,
      }),
    git: (args) => exec(['git', '-C', root, ...args], { allowFailure: true }),
    commit: async (message) => {
      await exec(['git', '-C', root, 'add', '-A']);
      await exec([
        'git',
        '-C',
        root,
        '-c',
        'user.email=t@example.com',
        '-c',
        'user.name=t',
        'commit',
        '-qm',
        message,
        '--allow-empty',
      ]);
    },
    write: (file, content) => writeFileSync(path.join(root, file), content),
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
  await ws.git(['init', '-q', '-b', 'main']);
  await ws.git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A']);
  await ws.git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init']);
  return ws;
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

function authHeader(registry: string): Record<string, string> {
  if (registry !== AUTH_REGISTRY.url) return {};
  return {
    Authorization: `Basic ${Buffer.from(`${AUTH_REGISTRY.user}:${AUTH_REGISTRY.password}`).toString('base64')}`,
  };
}

/** Reads a manifest straight from the registry HTTP API (not through releasable's code). */
export async function registryManifest(
  repository: string,
  tag: string,
  registry = REGISTRY,
): Promise<{ digest: string; manifest: { layers?: { digest: string }[]; manifests?: unknown[] } } | undefined> {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    headers: { Accept: MANIFEST_TYPES, ...authHeader(registry) },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`registry answered ${response.status} for ${repository}:${tag}`);
  return { digest: response.headers.get('docker-content-digest')!, manifest: (await response.json()) as never };
}

/** Deletes every tag of a repository from the registry (cleanup). */
export async function deleteRegistryRepository(repository: string, registry = REGISTRY): Promise<void> {
  const headers = authHeader(registry);
  const list = await fetch(`http://${registry}/v2/${repository}/tags/list`, { headers });
  if (!list.ok) return;
  const { tags } = (await list.json()) as { tags: string[] | null };
  for (const tag of tags ?? []) {
    const m = await registryManifest(repository, tag, registry);
    if (m) await fetch(`http://${registry}/v2/${repository}/manifests/${m.digest}`, { method: 'DELETE', headers });
  }
}

/** Removes local images whose reference contains `needle`. */
export async function removeLocalImages(needle: string): Promise<void> {
  const { stdout } = await exec(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']);
  const refs = stdout.split('\n').filter((r) => r.includes(needle));
  if (refs.length > 0) await exec(['docker', 'image', 'rm', '--force', ...refs], { allowFailure: true });
}
