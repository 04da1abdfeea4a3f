// @ts-nocheck
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  dotEnvNames,
  formatGitTag,
  missingComposeVariables,
  missingFromArgs,
  relativeEntrypoint,
  stageBuildArgs,
  stageRefs,
  type ReleaseState,
} from '@releasable/core';
import { engineInfo, inspectImage } from '../docker.js';
import {
  currentBranch,
  dirtyFiles,
  hasRemote,
  headRevision,
  isShallow,
  listTags,
  remoteTags,
  tagCommit,
} from '../git.js';
import { remoteDigest, type RemoteDigest } from '../registry.js';
import { passedTestLists } from '../test-record.js';
import type { ReleaseRequest } from './types.js';

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // a missing file is the build's or compose's own error, named there
  }
}

/**
 * What the stage's Dockerfile and the compose file need that this release would not supply:
 * build args its FROM lines use without a default, variables the compose file interpolates.
 */
export function observeContract(req: ReleaseRequest, workspaceRoot: string): ReleaseState['contract'] {
  const { dir, options } = req;
  const absDir = path.resolve(workspaceRoot, dir.root);
  const dockerfile = options.stage === 'dev' ? dir.config.docker.devDockerfile : dir.config.docker.prodDockerfile;
  const passed = new Set(
    Object.keys(
      stageBuildArgs(options.stage, {
        version: options.codeVersion,
        devImage: 'x',
        ...(req.poetry ? { poetryMode: req.poetry.mode } : {}),
        ...req.buildArgs,
      }),
    ),
  );
  const dockerText = readOptional(path.join(absDir, dockerfile));
  const composePaths = dir.config.docker.composeFiles.map((f) => path.join(absDir, f));
  const available = new Set([
    'RELEASABLE_IMAGE',
    dir.config.docker.imageVariable,
    'RELEASABLE_CONTAINER_VERSION',
    ...Object.keys(process.env),
    // Compose reads the .env of its project dir: the first file's dir.
    ...dotEnvNames(readOptional(path.join(path.dirname(composePaths[0]!), '.env')) ?? ''),
  ]);
  const relative = (file: string): string => path.relative(workspaceRoot, file).split(path.sep).join('/');
  // The first compose file that interpolates a variable nothing sets (else the first file).
  const missingPerFile = composePaths.map((file) => {
    const text = readOptional(file);
    return { file, missing: text ? missingComposeVariables(text, available) : [] };
  });
  const compose = missingPerFile.find((c) => c.missing.length > 0) ?? missingPerFile[0]!;
  // Only dev containers run with the working dir moved into the dir's mount.
  const entrypoint = options.stage === 'dev' && dockerText ? relativeEntrypoint(dockerText) : undefined;
  return {
    dockerfile: relative(path.join(absDir, dockerfile)),
    missingBuildArgs: dockerText ? missingFromArgs(dockerText, passed) : [],
    composeFile: relative(compose.file),
    missingComposeVariables: compose.missing,
    ...(entrypoint ? { relativeEntrypoint: entrypoint } : {}),
  };
}

/** Reads what is true now: git, the engine's images and each registry's tags. Changes nothing. */
export async function observe(req: ReleaseRequest, repo: string, gitDir: string): Promise<ReleaseState> {
  const { dir, options } = req;
  const { timeouts } = dir.config;
  const refs = stageRefs(
    dir.config,
    options.stage,
    options.codeVersion,
    options.user,
    options.push ? options.registries : [],
  );
  // Everything below is independent reads: run them at once (this is the fixed cost of a release).
  const engine = engineInfo().then(
    (info) => ({ info, error: undefined as string | undefined }),
    (error: unknown) => ({ info: undefined, error: (error as Error).message }),
  );
  const gitTag = formatGitTag(dir.config.gitTagPattern, {
    name: dir.name,
    stage: options.stage,
    version: refs.version,
  });
  const git = Promise.all([
    headRevision(repo),
    currentBranch(repo),
    dirtyFiles(repo),
    listTags(repo),
    hasRemote(repo),
    isShallow(repo),
  ]);
  // Origin's tags: a shallow or partial clone may lack released versions, and resume must know
  // whether a tag made here reached origin.
  const origin = git.then(([, , , , remote]) => (remote ? remoteTags(repo, timeouts.remoteGit) : undefined));
  const releaseTag = git.then(([, , , tags]) => (tags.includes(gitTag) ? tagCommit(repo, gitTag) : undefined));
  const engineReads = engine.then(async ({ error }) => {
    if (error) return { local: undefined, devImagePresent: undefined, registries: {} };
    const devRef = stageRefs(dir.config, 'dev', options.codeVersion, options.user, []).local;
    const [local, dev, registryEntries] = await Promise.all([
      inspectImage(refs.local),
      options.stage === 'prod' ? inspectImage(devRef) : Promise.resolve(undefined),
      Promise.all(
        refs.remotes.map(async (r) => {
          const [versioned, floating] = await Promise.all([
            remoteDigest(r.versioned, timeouts.registryRead),
            r.floating ? remoteDigest(r.floating, timeouts.registryRead) : Promise.resolve<RemoteDigest>({}),
          ]);
          const error = versioned.error ?? floating.error;
          const digest = floating.digest;
          return [
            r.registryName,
            {
              ...(versioned.digest ? { versioned: versioned.digest } : {}),
              ...(digest ? { floating: digest } : {}),
              ...(error ? { error: `cannot read ${r.versioned}: ${error}` } : {}),
            },
          ] as const;
        }),
      ),
    ]);
    return {
      local,
      devImagePresent: options.stage === 'prod' ? dev !== undefined : undefined,
      registries: Object.fromEntries(registryEntries),
    };
  });
  const [
    { info, error: engineError },
    [head, branch, dirty, tags, remote, shallow],
    releaseTagCommit,
    { local, devImagePresent, registries },
    originTags,
  ] = await Promise.all([engine, git, releaseTag, engineReads, origin]);
  const contract = observeContract(req, req.workspaceRoot);
  return {
    ...(contract ? { contract } : {}),
    ...(head ? { head } : {}),
    ...(branch ? { branch } : {}),
    dirtyFiles: dirty,
    gitTags: tags,
    ...(releaseTagCommit ? { releaseTagCommit } : {}),
    hasRemote: remote,
    shallow,
    ...(originTags && 'tags' in originTags ? { remoteTags: originTags.tags } : {}),
    ...(originTags && 'error' in originTags ? { remoteTagsError: originTags.error } : {}),
    ...(local
      ? {
          localImage: {
            id: local.id,
            revision: local.labels['org.opencontainers.image.revision'],
            repoDigests: local.repoDigests,
            // A record is proof only for a clean tree: tests read the mounted work tree.
            passedTests: head && dirty.length === 0 ? passedTestLists(gitDir, local.id, head) : [],
          },
        }
      : {}),
    registries,
    ...(engineError ? { engineError } : {}),
    ...(devImagePresent === undefined ? {} : { devImagePresent }),
    ...(info ? { nativePlatform: info.platform } : {}),
  };
}
