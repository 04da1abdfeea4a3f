import { DEFAULT_TIMEOUTS, PRODUCER_TARGET, ReleasableError, type Stage, type StagedContext } from '@releasable/core';
import { withStagedContext } from './build-context.js';
import { CommandFailedError, CommandTimeoutError, exec, type OutputMode } from './exec.js';

/** The engine does not answer (not running, wrong DOCKER_HOST, no permission on the socket). */
export class EngineUnavailableError extends ReleasableError {
  override readonly name = 'EngineUnavailableError';
}

/** The image of a stage/version is not in the local engine. */
export class ImageNotFoundError extends ReleasableError {
  override readonly name = 'ImageNotFoundError';
}

/** Fails with the exact ref and the target that makes it when the engine lacks an image. */
export async function requireLocalImage(ref: string, stage: Stage, project: string): Promise<void> {
  if (!(await inspectImage(ref))) {
    throw new ImageNotFoundError(
      `image ${ref} is not in the local engine; make it with "nx run ${project}:${PRODUCER_TARGET[stage]}".`,
      { ref, stage },
    );
  }
}

/** What the engine says of itself: its version and its own platform (e.g. linux/amd64). */
export interface EngineInfo {
  readonly version: string;
  readonly platform: string;
}

/** Asks the engine for its version and platform; throws EngineUnavailableError with how to start one. */
export async function engineInfo(env: NodeJS.ProcessEnv = process.env): Promise<EngineInfo> {
  const host = env['DOCKER_HOST']
    ? `DOCKER_HOST=${env['DOCKER_HOST']}`
    : 'the default socket unix:///var/run/docker.sock (DOCKER_HOST is not set)';
  try {
    const { stdout } = await exec(
      ['docker', 'version', '--format', '{{.Server.Version}} {{.Server.Os}}/{{.Server.Arch}}'],
      { timeoutMs: 20_000, env },
    );
    const [version = '', platform = ''] = stdout.trim().split(' ');
    return { version, platform };
  } catch (error) {
    if (!(error instanceof CommandFailedError || error instanceof CommandTimeoutError)) throw error;
    const why = error instanceof CommandTimeoutError ? error.message : (error.stderr.trim().split('\n').pop() ?? '');
    throw new EngineUnavailableError(
      `no Docker engine answers at ${host}: ${why}\n` +
        'Start one (e.g. "sudo systemctl start docker", or "bash tools/docker-env/up.sh" in the releasable repo), or point DOCKER_HOST at a running engine.',
      { host },
      { cause: error },
    );
  }
}

/** Asks the engine for its version; throws EngineUnavailableError with how to start one. */
export async function assertEngine(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await engineInfo(env)).version;
}

export interface BuildOptions {
  readonly dockerfile: string;
  readonly context: string;
  readonly tags: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  readonly platform?: string;
  /** Pull the base image again (multi-platform builds: the base of each platform). */
  readonly pull?: boolean;
  /** Build from a staged copy of the context with the stage's own ignore file. */
  readonly stagedContext?: StagedContext;
  /** Images whose layers the build may reuse (pulled from a build registry). */
  readonly cacheFrom?: readonly string[];
}

/** `docker build` argv (pure). */
export function buildArgv(build: BuildOptions): string[] {
  const argv = ['docker', 'build', '--file', build.dockerfile];
  for (const tag of build.tags) argv.push('--tag', tag);
  for (const [k, v] of Object.entries(build.buildArgs ?? {})) argv.push('--build-arg', `${k}=${v}`);
  for (const [k, v] of Object.entries(build.labels ?? {})) argv.push('--label', `${k}=${v}`);
  if (build.noCache) argv.push('--no-cache');
  for (const ref of build.cacheFrom ?? []) argv.push('--cache-from', ref);
  if (build.platform) argv.push('--platform', build.platform);
  if (build.pull) argv.push('--pull');
  argv.push(build.context);
  return argv;
}

/** What Docker prints when a Dockerfile's FROM image cannot be pulled (no access, no network, no such tag). */
const BASE_PULL_FAILED =
  /pull access denied|manifest unknown|manifest for \S+ not found|repository does not exist|no such host|failed to resolve|dial tcp|i\/o timeout|TLS handshake timeout/i;

/** What to tell the user of a failed build beyond Docker's own words (already shown). */
export function buildFailureHint(stderr: string): string | undefined {
  if (BASE_PULL_FAILED.test(stderr)) {
    return 'the base image could not be pulled: pass --base-image with an image the engine has (see "docker images") or can pull, or pull/load it first';
  }
  return undefined;
}

/** Runs a `docker build` argv; a failure keeps Docker's output (shown live) and adds a hint when there is one. */
export async function runBuild(argv: readonly string[], output: OutputMode = 'stream'): Promise<void> {
  try {
    await exec(argv, { output });
  } catch (error) {
    const hint = error instanceof CommandFailedError ? buildFailureHint(error.stderr) : undefined;
    if (hint && error instanceof Error) error.message = `${error.message}\n(${hint})`;
    throw error;
  }
}

/** Runs a build argv (its last word the context), from a staged copy of the context when given one. */
export async function runBuildIn(
  argv: readonly string[],
  staged: StagedContext | undefined,
  output: OutputMode = 'stream',
): Promise<void> {
  if (!staged) return runBuild(argv, output);
  await withStagedContext(staged, (context) => runBuild([...argv.slice(0, -1), context], output));
}

export async function buildImage(build: BuildOptions, output: OutputMode = 'stream'): Promise<void> {
  await runBuildIn(buildArgv(build), build.stagedContext, output);
}

/** What we read from `docker image inspect`. */
export interface ImageInfo {
  readonly id: string;
  readonly repoDigests: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly os: string;
  readonly architecture: string;
}

/** Inspects a local image; undefined when the engine has no such image. */
export async function inspectImage(ref: string): Promise<ImageInfo | undefined> {
  const result = await exec(['docker', 'image', 'inspect', ref], { allowFailure: true });
  if (result.exitCode !== 0) {
    if (/no such image/i.test(result.stderr)) return undefined;
    throw new CommandFailedError(result.argv, result.exitCode, result.stderr, undefined);
  }
  const [raw] = JSON.parse(result.stdout) as Array<{
    Id: string;
    RepoDigests?: string[] | null;
    Os: string;
    Architecture: string;
    Config?: { Env?: string[] | null; Labels?: Record<string, string> | null };
  }>;
  if (!raw) return undefined;
  const env = Object.fromEntries(
    (raw.Config?.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const),
  );
  return {
    id: raw.Id,
    repoDigests: raw.RepoDigests ?? [],
    env,
    labels: raw.Config?.Labels ?? {},
    os: raw.Os,
    architecture: raw.Architecture,
  };
}

export async function tagImage(source: string, target: string): Promise<void> {
  await exec(['docker', 'tag', source, target]);
}

/** Pulls a ref; a registry that sends nothing for `idleSeconds` stops it (CommandTimeoutError). */
export async function pullImage(ref: string, idleSeconds = DEFAULT_TIMEOUTS.transfer): Promise<void> {
  await exec(['docker', 'pull', ref], { output: 'stream', idleTimeoutMs: idleSeconds * 1000 });
}

/** Copies one file out of an image (no container is started: create, cp, rm). */
export async function copyFromImage(ref: string, pathInImage: string, destination: string): Promise<void> {
  const { stdout } = await exec(['docker', 'create', ref]);
  const id = stdout.trim();
  try {
    await exec(['docker', 'cp', `${id}:${pathInImage}`, destination]);
  } finally {
    await exec(['docker', 'rm', '--force', id], { allowFailure: true });
  }
}
