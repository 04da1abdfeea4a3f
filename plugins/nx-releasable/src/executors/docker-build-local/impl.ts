import path from 'node:path';
import {
  buildRecordFile,
  buildRegistryRefs,
  imageLabels,
  ReleasableError,
  resolveCodeVersion,
  stageBuildArgs,
  stagedNote,
  stageRefs,
} from '@releasable/core';
import {
  assertEngine,
  buildImage,
  copyFromImage,
  headRevision,
  inspectImage,
  isGitIgnored,
  pullLayerCache,
  pushBuild,
  stagedContextFor,
  writeBuildRecord,
} from '@releasable/drivers';
import { asList, parseBuildArgs } from '../shared/options.js';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  if (options.refreshOnlyPoetry && !options.updatePoetry) {
    throw new ReleasableError('--refresh-only-poetry needs --update-poetry (it chooses how the lock is refreshed).');
  }
  const version = resolveCodeVersion(project.dir, options.imageVersion);
  const refs = stageRefs(project.dir.config, 'local', version, project.user(options.user), []);
  const buildArgs = stageBuildArgs('dev', {
    version: refs.version,
    ...(options.baseImage ? { baseImage: options.baseImage } : {}),
    ...(options.updatePoetry ? { poetryMode: options.refreshOnlyPoetry ? 'refresh' : 'update' } : {}),
    extra: parseBuildArgs(asList(options.buildArg)),
  });
  await assertEngine();
  const dockerfile = path.join(project.absRoot, project.dir.config.docker.devDockerfile);
  const revision = await headRevision(project.absRoot);
  const context = path.join(project.absRoot, project.dir.config.docker.context);
  const { buildRegistry, timeouts, image } = project.dir.config;
  const recordFile = buildRecordFile(project.dir.name, 'local');
  // The record must not count as a change of the work tree (a dirty tree blocks releases).
  if (buildRegistry && revision && !(await isGitIgnored(project.workspaceRoot, recordFile))) {
    throw new ReleasableError(
      `${recordFile} (the build record Nx caches with "buildRegistry" set) is not ignored by git; add ".releasable/" to .gitignore.`,
      { file: recordFile },
    );
  }
  // Nx's hash of this task's inputs names the build in the build registry; outside Nx, a
  // fresh key per build (the image ID) is filled in after the build.
  const taskHash = process.env['NX_TASK_HASH'];
  const cacheRef = buildRegistry ? buildRegistryRefs(buildRegistry.url, image, 'local', 'x').cache : undefined;
  const cacheFrom =
    buildRegistry && cacheRef && options.cache
      ? await pullLayerCache(cacheRef, buildRegistry, timeouts, progress)
      : undefined;
  const staged = stagedContextFor(context, 'dev');
  progress(
    `building ${refs.local} from ${path.relative(project.workspaceRoot, dockerfile)}${stagedNote({ stagedContext: staged })}`,
  );
  const started = Date.now();
  await buildImage({
    dockerfile,
    context,
    ...(staged ? { stagedContext: staged } : {}),
    tags: [refs.local],
    buildArgs,
    labels: imageLabels({
      name: project.dir.name,
      version: refs.version,
      source: project.dir.root,
      ...(revision ? { revision } : {}),
    }),
    noCache: !options.cache,
    ...(cacheFrom ? { cacheFrom: [cacheFrom] } : {}),
  });
  if (options.updatePoetry) {
    const destination = path.join(project.absRoot, 'devops/docker_build', path.posix.basename(options.lockFileInImage));
    try {
      await copyFromImage(refs.local, options.lockFileInImage, destination);
    } catch (error) {
      throw new ReleasableError(
        `the build left no ${options.lockFileInImage} in ${refs.local}; with POETRY_MODE set, the Dockerfile must run "poetry lock" and keep the lock there (or pass --lock-file-in-image).`,
        { ref: refs.local },
        { cause: error },
      );
    }
    progress(`copied the refreshed lock file to ${path.relative(project.workspaceRoot, destination)}`);
  }
  progress(`built ${refs.local} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!buildRegistry) return;
  const built = await inspectImage(refs.local);
  if (!built) throw new ReleasableError(`the build reported success but the engine has no ${refs.local}.`);
  const registryRefs = buildRegistryRefs(buildRegistry.url, image, 'local', taskHash ?? built.id.slice(7));
  const digest = await pushBuild(refs.local, registryRefs, buildRegistry, timeouts, progress);
  const written = writeBuildRecord(project.workspaceRoot, {
    format: 1,
    project: project.dir.name,
    stage: 'local',
    ref: refs.local,
    imageId: built.id,
    version: refs.version,
    revision: revision ?? 'unknown',
    buildRef: registryRefs.content,
    digest,
  });
  progress(`${registryRefs.content} is ${digest}; recorded in ${path.relative(project.workspaceRoot, written)}`);
});
