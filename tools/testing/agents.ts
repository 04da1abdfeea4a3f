import { readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exec, type ExecResult } from '@releasable/drivers';
import { NX_TEST_ENV, REPO_ROOT } from './temp-workspace.js';

// CI agents on one machine: each a clone of one origin with its own Docker engine and its own
// Nx cache, sharing an Nx remote cache server (tools/testing/nx-cache-server.mjs).

export interface Agent {
  readonly root: string;
  readonly host: string;
  nx(args: readonly string[]): Promise<ExecResult>;
  git(args: readonly string[]): Promise<ExecResult>;
  docker(args: readonly string[]): Promise<ExecResult>;
}

/** A clone of `origin` in a temp dir named for the agent, using the engine at `host`. */
export async function cloneAgent(
  name: string,
  host: string,
  origin: string,
  remoteCacheUrl: string,
  suffix: string,
): Promise<Agent> {
  const root = path.join(tmpdir(), `releasable-agent-${name}-${suffix}`);
  await exec(['git', 'clone', '-q', origin, root]);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  const env = {
    ...NX_TEST_ENV,
    NX_SKIP_NX_CACHE: 'false',
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: remoteCacheUrl,
    DOCKER_HOST: host,
    CI: 'true',
    // Nx 24 shares one cache between the checkouts of a workspace on a machine (per user): each
    // agent gets its own, as on separate machines.
    NX_CACHE_DIRECTORY: path.join(root, '.nx/cache'),
    NX_WORKSPACE_DATA_DIRECTORY: path.join(root, '.nx/workspace-data'),
  };
  return {
    root,
    host,
    nx: (args) =>
      exec([path.join(root, 'node_modules/.bin/nx'), ...args, '--output-style=static'], {
        cwd: root,
        allowFailure: true,
        env,
        timeoutMs: 600_000,
      }),
    git: (args) =>
      exec(['git', '-C', root, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        allowFailure: true,
      }),
    docker: (args) => exec(['docker', ...args], { env: { DOCKER_HOST: host }, allowFailure: true }),
  };
}

export type EngineEvent = { Type: string; Action: string; Actor: { Attributes: Record<string, string> } };

/** The engine's events between two instants (seconds), one object per event. */
export async function engineEvents(a: Agent, since: number, until: number): Promise<EngineEvent[]> {
  const r = await a.docker(['events', '--since', String(since), '--until', String(until), '--format', '{{json .}}']);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EngineEvent);
}

/**
 * A build step runs in a container made from a bare image ID (`docker run` and compose name
 * their image); a build that reuses every layer still makes them for its metadata steps.
 */
export const isBuildStep = (e: EngineEvent): boolean =>
  e.Type === 'container' && e.Action === 'create' && e.Actor.Attributes['image']?.startsWith('sha256:') === true;

/** The names of the images the engine pulled. */
export const pulledImages = (seen: readonly EngineEvent[]): string[] =>
  seen.filter((e) => e.Type === 'image' && e.Action === 'pull').map((e) => e.Actor.Attributes['name'] ?? '');

export async function imageId(a: Agent, ref: string): Promise<string> {
  return (await a.docker(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
}

/** Removes every image whose ref contains `suffix` from each engine. */
export async function removeImagesFromEngines(hosts: readonly string[], suffix: string): Promise<void> {
  for (const host of hosts) {
    const { stdout } = await exec(['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
      env: { DOCKER_HOST: host },
    });
    const refs = stdout.split('\n').filter((r) => r.includes(suffix));
    if (refs.length > 0) {
      await exec(['docker', 'image', 'rm', '--force', ...refs], { env: { DOCKER_HOST: host }, allowFailure: true });
    }
  }
}

/** Now, in the seconds `docker events` takes. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The build record an agent's build wrote (read as a file, not through our code). */
export function buildRecordOf(
  a: Agent,
  project: string,
  stage: 'local' | 'prod' = 'local',
): { imageId: string; digest: string; buildRef: string; ref: string } {
  return JSON.parse(readFileSync(path.join(a.root, '.releasable/builds', project, `${stage}.json`), 'utf8')) as never;
}

/** A failed command's exit code and the end of its output, for an assertion's message. */
export const failure = (r: ExecResult): string =>
  `exit ${r.exitCode}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`;
