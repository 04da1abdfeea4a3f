import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BUILD_TARGET,
  buildRecordFile,
  buildRegistryRefs,
  digestRef,
  formatBuildRecord,
  parseBuildRecord,
  ReleasableError,
  type BuildRecord,
  type BuiltStage,
  type ResolvedRegistry,
  type Timeouts,
} from '@releasable/core';
import { ImageNotFoundError, inspectImage, pullImage, requireLocalImage, tagImage } from './docker.js';
import { CommandFailedError, exec } from './exec.js';
import { headRevision, isGitIgnored } from './git.js';
import { withRegistrySession, type LoginTarget } from './registry-login.js';
import { backoff, pushWithRetry } from './release/push-retry.js';

const REVISION_LABEL = 'org.opencontainers.image.revision';

/** Where an image of a stage may come from besides the local engine: the build's record. */
export interface BuildSource {
  readonly workspaceRoot: string;
  readonly project: string;
  readonly stage: BuiltStage;
  readonly buildRegistry?: ResolvedRegistry;
  readonly timeouts: Timeouts;
}

function producer(source: Pick<BuildSource, 'project' | 'stage'>): string {
  return `nx run ${source.project}:${BUILD_TARGET[source.stage]}`;
}

/** The build record of a dir's stage, if a build (or Nx restoring one from its cache) left one. */
export function readBuildRecord(
  source: Pick<BuildSource, 'workspaceRoot' | 'project' | 'stage'>,
): BuildRecord | undefined {
  const file = buildRecordFile(source.project, source.stage);
  const abs = path.join(source.workspaceRoot, file);
  if (!existsSync(abs)) return undefined;
  return parseBuildRecord(readFileSync(abs, 'utf8'), file, producer(source));
}

/** Writes the record whole, then renames it: Nx never caches half a record. */
export function writeBuildRecord(workspaceRoot: string, record: BuildRecord): string {
  const abs = path.join(workspaceRoot, buildRecordFile(record.project, record.stage));
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(`${abs}.tmp`, formatBuildRecord(record));
  renameSync(`${abs}.tmp`, abs);
  return abs;
}

/** The first line of what a failed command or login said (Docker's own words). */
function firstLine(error: unknown): string {
  const text = error instanceof CommandFailedError && error.stderr.trim() ? error.stderr : (error as Error).message;
  return text.trim().split('\n')[0] ?? '';
}

/** The build registry as a login target (its `auth`, if any, is used like a release registry's). */
export function buildRegistryLogin(registry: ResolvedRegistry): LoginTarget {
  return { name: 'buildRegistry', ...registry };
}

function loginOf(registry: ResolvedRegistry): LoginTarget[] {
  return [buildRegistryLogin(registry)];
}

/**
 * Pulls the last build of the stage from the build registry so the next build can use its
 * layers (`--cache-from`). Returns the ref when pulled; a missing one (first build) is no error.
 */
export async function pullLayerCache(
  ref: string,
  registry: ResolvedRegistry,
  timeouts: Timeouts,
  log: (line: string) => void,
): Promise<string | undefined> {
  try {
    await withRegistrySession(loginOf(registry), () =>
      exec(['docker', 'pull', '--quiet', ref], { idleTimeoutMs: timeouts.transfer * 1000 }),
    );
    log(`layer cache: ${ref}`);
    return ref;
  } catch (error) {
    log(`layer cache: none at ${ref} (${firstLine(error)}); building without it`);
    return undefined;
  }
}

/**
 * Pushes a build to the build registry under its content-addressed tag (the digest is what
 * other machines pull) and moves the stage's cache tag to it. Returns the digest.
 */
export async function pushBuild(
  local: string,
  refs: { content: string; cache: string },
  registry: ResolvedRegistry,
  timeouts: Timeouts,
  log: (line: string) => void,
): Promise<string> {
  return withRegistrySession(loginOf(registry), async () => {
    const push = async (ref: string): Promise<string> => {
      await tagImage(local, ref);
      log(`pushing ${ref}`);
      return pushWithRetry(['docker', 'push', ref], {
        log,
        quiet: true,
        idleSeconds: timeouts.transfer,
        backoffMs: backoff(timeouts.retryBackoff),
      });
    };
    const digest = await push(refs.content);
    await push(refs.cache);
    return digest;
  });
}

/** What a build with a build registry leaves: the image pushed there and its record. */
export interface PublishBuildRequest {
  readonly workspaceRoot: string;
  readonly project: string;
  readonly stage: BuiltStage;
  readonly image: string;
  /** The engine-local ref the build tagged. */
  readonly ref: string;
  readonly version: string;
  readonly revision: string;
  readonly buildRegistry: ResolvedRegistry;
  readonly timeouts: Timeouts;
  /** Nx's hash of the build task (NX_TASK_HASH); outside Nx, the image ID stands in. */
  readonly taskHash?: string;
}

/** Pushes a finished build to the build registry and writes its record; returns the record's path. */
export async function publishBuild(req: PublishBuildRequest, log: (line: string) => void): Promise<string> {
  const built = await inspectImage(req.ref);
  if (!built) throw new ReleasableError(`the build reported success but the engine has no ${req.ref}.`);
  const refs = buildRegistryRefs(req.buildRegistry.url, req.image, req.stage, req.taskHash ?? built.id.slice(7));
  const digest = await pushBuild(req.ref, refs, req.buildRegistry, req.timeouts, log);
  const written = writeBuildRecord(req.workspaceRoot, {
    format: 1,
    project: req.project,
    stage: req.stage,
    ref: req.ref,
    imageId: built.id,
    version: req.version,
    revision: req.revision,
    buildRef: refs.content,
    digest,
  });
  log(`${refs.content} is ${digest}; recorded in ${path.relative(req.workspaceRoot, written)}`);
  return written;
}

/**
 * Refuses a build whose record git would see: an untracked record dirties the tree, and a dirty
 * tree blocks releases. Outside git, nothing to check.
 */
export async function assertRecordIgnored(workspaceRoot: string, project: string, stage: BuiltStage): Promise<void> {
  const file = buildRecordFile(project, stage);
  if ((await headRevision(workspaceRoot)) && !(await isGitIgnored(workspaceRoot, file))) {
    throw new ReleasableError(
      `${file} (the build record Nx caches with "buildRegistry" set) is not ignored by git; add ".releasable/" to .gitignore.`,
      { file },
    );
  }
}

/** The stage's layer cache in the build registry, pulled for `--cache-from` (undefined when absent). */
export async function layerCacheFor(
  image: string,
  stage: BuiltStage,
  registry: ResolvedRegistry,
  timeouts: Timeouts,
  log: (line: string) => void,
): Promise<string | undefined> {
  return pullLayerCache(buildRegistryRefs(registry.url, image, stage, 'cache').cache, registry, timeouts, log);
}

/**
 * Makes `ref` name the image the stage's build record describes, when there is a record for this
 * version: the local image if it is that one, else that image by ID, else a pull by digest from
 * the build registry (checked: same image ID, same revision label). Without a record, the engine
 * must have `ref`. Returns how the image was found.
 */
export async function provideBuiltImage(
  ref: string,
  version: string,
  source: BuildSource,
  log: (line: string) => void,
): Promise<'local' | 'tagged' | 'pulled'> {
  const record = readBuildRecord(source);
  if (!record || record.version !== version) {
    await requireLocalImage(ref, source.stage, source.project);
    return 'local';
  }
  const file = buildRecordFile(source.project, source.stage);
  const local = await inspectImage(ref);
  if (local?.id === record.imageId) return 'local';
  if (await inspectImage(record.imageId)) {
    await tagImage(record.imageId, ref);
    log(`${ref} → ${record.imageId.slice(7, 19)}, the image ${file} records`);
    return 'tagged';
  }
  if (!record.buildRef || !record.digest) {
    throw new ImageNotFoundError(
      `${file} records image ${record.imageId.slice(7, 19)} for ${ref}, but this engine does not have it and the build pushed it to no build registry; run "${producer(source)} --skip-nx-cache" to build it here, or set "buildRegistry" so builds travel.`,
      { ref, file },
    );
  }
  const byDigest = digestRef(record.buildRef, record.digest);
  if (!source.buildRegistry) {
    throw new ImageNotFoundError(
      `${file} says ${byDigest} holds ${ref}, but no "buildRegistry" is configured here to pull it with; set it, or run "${producer(source)} --skip-nx-cache".`,
      { ref, file },
    );
  }
  log(`pulling ${byDigest} (built at ${record.revision.slice(0, 12)})`);
  try {
    await withRegistrySession(loginOf(source.buildRegistry), () => pullImage(byDigest, source.timeouts.transfer));
  } catch (error) {
    throw new ImageNotFoundError(
      `could not pull ${byDigest}, the build of ${ref} that ${file} records (${firstLine(error)}); check the build registry, or run "${producer(source)} --skip-nx-cache" to build it here.`,
      { ref, file },
      { cause: error },
    );
  }
  const pulled = await inspectImage(byDigest);
  if (!pulled || pulled.id !== record.imageId || pulled.labels[REVISION_LABEL] !== record.revision) {
    throw new ReleasableError(
      `${byDigest} is not the build ${file} records (image ${pulled?.id.slice(7, 19) ?? 'none'}, revision ${pulled?.labels[REVISION_LABEL] ?? 'none'}; expected ${record.imageId.slice(7, 19)} at ${record.revision.slice(0, 12)}); run "${producer(source)} --skip-nx-cache".`,
      { ref, file },
    );
  }
  await tagImage(byDigest, ref);
  return 'pulled';
}
