import path from 'node:path';
import {
  imageLabels,
  ReleasableError,
  resolveCodeVersion,
  stageBuildArgs,
  stagedNote,
  stageRefs,
} from '@releasable/core';
import { assertEngine, buildImage, copyFromImage, headRevision, stagedContextFor } from '@releasable/drivers';
import { asList, parseBuildArgs } from '../shared/options.js';
import { buildRegistrySteps } from '../shared/build-registry.js';
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
  const registry = buildRegistrySteps(project, 'local');
  const layerCache = await registry.prepare(options.cache);
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
    ...layerCache,
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
  await registry.publish(refs.local, refs.version, revision);
});
