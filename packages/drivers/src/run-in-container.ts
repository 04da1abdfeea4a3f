import os from 'node:os';
import path from 'node:path';
import {
  CONTAINER_VERSION_ENV,
  parsePluginOptions,
  resolveCodeVersion,
  resolveUser,
  stageRefs,
  type BuiltStage,
  type ReleasableDir,
  type Stage,
} from '@releasable/core';
import { composeRun, type ComposeRunOptions } from './compose.js';
import { provideBuiltImage, type BuildSource } from './build-registry.js';
import { requireLocalImage } from './docker.js';
import type { ExecResult, OutputMode } from './exec.js';
import { outermostRepoRoot } from './git.js';
import { findWorkspaceRoot, loadReleasableDir, readPluginOptions } from './workspace-files.js';

export interface ContainerRunOptions {
  readonly stage: Stage;
  /** Code version; default the dir's changelog. */
  readonly version?: string;
  readonly user?: string;
  readonly output?: OutputMode;
  readonly tty?: boolean;
  /** Compose service; default the config's `docker.service`. */
  readonly service?: string;
  readonly servicePorts?: boolean;
  /** Extra variables for the compose process (the compose file may interpolate them). */
  readonly composeEnv?: Readonly<Record<string, string>>;
}

export interface ContainerRun {
  readonly image: string;
  readonly containerVersion: string;
  readonly compose: ComposeRunOptions;
  readonly composeEnv: Readonly<Record<string, string>>;
  /** Local and prod stages: the build record that may say which image `image` must be (and where to pull it). */
  readonly buildSource?: BuildSource;
}

/** Where a built stage's image may come from besides the engine: its build record. */
export function buildSourceOf(workspaceRoot: string, dir: ReleasableDir, stage: BuiltStage): BuildSource {
  return {
    workspaceRoot,
    project: dir.name,
    stage,
    timeouts: dir.config.timeouts,
    ...(dir.config.buildRegistry ? { buildRegistry: dir.config.buildRegistry } : {}),
  };
}

/** The stages a cacheable build target makes (dev images are tags of local ones). */
function builtStage(stage: Stage): BuiltStage | undefined {
  return stage === 'local' || stage === 'prod' ? stage : undefined;
}

/**
 * Makes sure the engine has the image of a stage: a built stage's image is the one its build
 * record names (pulled from the build registry when this engine lacks it); dev must be here.
 */
export async function provideStageImage(
  workspaceRoot: string,
  dir: ReleasableDir,
  ref: string,
  stage: Stage,
  version: string,
  log: (line: string) => void,
): Promise<void> {
  const built = builtStage(stage);
  if (built) await provideBuiltImage(ref, version, buildSourceOf(workspaceRoot, dir, built), log);
  else await requireLocalImage(ref, stage, dir.name);
}

/**
 * How a command runs in a dir's container: local/dev images get the outermost git repo
 * mounted at /app and start in the dir inside it; prod images run the code baked in.
 */
export async function planContainerRun(
  workspaceRoot: string,
  dir: ReleasableDir,
  command: readonly string[] | undefined,
  o: ContainerRunOptions,
): Promise<ContainerRun> {
  const codeVersion = resolveCodeVersion(dir, o.version);
  const user = o.user ?? resolveUser(dir.config.user, process.env, os.userInfo().username);
  const refs = stageRefs(dir.config, o.stage, codeVersion, user, []);
  const absDir = path.resolve(workspaceRoot, dir.root);
  const volumes: string[] = [];
  let workdir: string | undefined;
  if (o.stage !== 'prod') {
    const repo = (await outermostRepoRoot(absDir)) ?? workspaceRoot;
    volumes.push(`${repo}:/app`);
    workdir = path.posix.join('/app', path.relative(repo, absDir).split(path.sep).join('/'));
  }
  if (dir.config.docker.mountDockerSocket) volumes.push('/var/run/docker.sock:/var/run/docker.sock');
  const env: Record<string, string> = { [CONTAINER_VERSION_ENV]: refs.version, CI: process.env['CI'] ?? '' };
  const built = builtStage(o.stage);
  return {
    image: refs.local,
    containerVersion: refs.version,
    ...(built ? { buildSource: buildSourceOf(workspaceRoot, dir, built) } : {}),
    compose: {
      composeFiles: dir.config.docker.composeFiles.map((f) => path.join(absDir, f)),
      project: `releasable-${dir.config.image.replace(/[^a-z0-9]+/g, '')}`,
      service: o.service ?? dir.config.docker.service,
      ...(command ? { command } : {}),
      volumes,
      ...(workdir ? { workdir } : {}),
      env,
      tty: o.tty ?? false,
      servicePorts: o.servicePorts ?? false,
    },
    composeEnv: {
      RELEASABLE_IMAGE: refs.local,
      // The compose files may read the image from a variable of their own (docker.imageVariable).
      [dir.config.docker.imageVariable]: refs.local,
      RELEASABLE_CONTAINER_VERSION: refs.version,
      ...o.composeEnv,
    },
  };
}

/** Runs a planned container command; returns its exit code and output (never throws on exit ≠ 0). */
export async function executeContainerRun(
  run: ContainerRun,
  stage: Stage,
  project: string,
  output: OutputMode,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<ExecResult> {
  if (run.buildSource) await provideBuiltImage(run.image, run.containerVersion, run.buildSource, log);
  else await requireLocalImage(run.image, stage, project);
  return composeRun(run.compose, run.composeEnv, output);
}

/**
 * Library entry point: run `argv` in the container of the releasable dir at `dirPath`
 * (e.g. call the `opt` container from code) without building shell strings.
 */
export async function runInContainer(
  dirPath: string,
  argv: readonly string[],
  o: ContainerRunOptions,
): Promise<ExecResult> {
  const workspaceRoot = findWorkspaceRoot(dirPath);
  const root = path.relative(workspaceRoot, path.resolve(dirPath)).split(path.sep).join('/') || '.';
  const dir = loadReleasableDir(workspaceRoot, root, parsePluginOptions(readPluginOptions(workspaceRoot)));
  const run = await planContainerRun(workspaceRoot, dir, argv, o);
  return executeContainerRun(run, o.stage, dir.name, o.output ?? 'capture');
}
