// @ts-nocheck
import path from 'node:path';
import { annotateFlags, buildRegistryRefs, fillPlaceholders, stageBuildArgs, type PlanInput } from '@releasable/core';
import { composeRunArgv } from '../compose.js';
import { buildArgv } from '../docker.js';
import { isLoopbackRegistry } from '../registry.js';
import type { ContainerRun } from '../run-in-container.js';
import type { ReleaseRequest } from './types.js';

/** What the release's argv builders need to know. */
export interface CommandContext {
  readonly req: ReleaseRequest;
  /** Absolute path of the dir. */
  readonly absDir: string;
  /** Top of the git work tree tags are made in. */
  readonly repo: string;
  readonly head?: string;
  /** OCI labels (name, version, source, revision) every build gets. */
  readonly labels: Readonly<Record<string, string>>;
  /** `docker compose` or `docker-compose`. */
  readonly composePrefix: readonly string[];
  readonly containerRun: ContainerRun;
}

/** The argv of every command a release plan may hold (pure: nothing runs here). */
export function releaseCommands(ctx: CommandContext): PlanInput['commands'] {
  const { req, absDir, repo, labels } = ctx;
  const { dir, options } = req;
  const version = labels['org.opencontainers.image.version']!;
  const multiPlatform = (options.platforms?.length ?? 0) > 1;
  const insecure = (ref: string): string[] => (isLoopbackRegistry(ref) ? ['--insecure'] : []);
  // With a build registry, a release's build reuses the layers CI's builds left there.
  const { buildRegistry } = dir.config;
  const layerCache =
    buildRegistry && options.cache
      ? buildRegistryRefs(buildRegistry.url, dir.config.image, options.stage === 'dev' ? 'local' : 'prod', 'cache')
          .cache
      : undefined;
  return {
    build: ({ local, dev, platform }) =>
      buildArgv({
        dockerfile: path.join(
          absDir,
          options.stage === 'dev' ? dir.config.docker.devDockerfile : dir.config.docker.prodDockerfile,
        ),
        context: path.join(absDir, dir.config.docker.context),
        tags: [local],
        buildArgs: stageBuildArgs(options.stage, {
          version,
          devImage: dev,
          ...(req.poetry ? { poetryMode: req.poetry.mode } : {}),
          ...req.buildArgs,
        }),
        labels,
        noCache: !options.cache,
        ...(layerCache && !platform ? { cacheFrom: [layerCache] } : {}),
        // A multi-platform build pulls each platform's own base (for prod: its dev image).
        ...(platform ? { platform, pull: multiPlatform && options.stage === 'dev' } : {}),
      }),
    test: (list) =>
      composeRunArgv(ctx.composePrefix, { ...ctx.containerRun.compose, command: dir.config.tests[list].command }),
    qa: (image) => fillPlaceholders(dir.config.qa.command, { image, stage: options.stage, version }),
    tag: (source, target) => ['docker', 'tag', source, target],
    push: (ref) => ['docker', 'push', ref],
    pull: (ref) => ['docker', 'pull', ref],
    manifestCreate: (list, members) => ['docker', 'manifest', 'create', ...insecure(list), '--amend', list, ...members],
    manifestAnnotate: (list, member, platform) => [
      'docker',
      'manifest',
      'annotate',
      list,
      member,
      ...annotateFlags(platform),
    ],
    manifestPush: (list) => ['docker', 'manifest', 'push', ...insecure(list), '--purge', list],
    gitTag: (tag) => ['git', '-C', repo, 'tag', tag, ctx.head ?? 'HEAD'],
    gitPush: (tag) => ['git', '-C', repo, 'push', 'origin', `refs/tags/${tag}`],
  };
}
