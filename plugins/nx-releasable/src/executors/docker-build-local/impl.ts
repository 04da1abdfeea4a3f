import path from 'node:path';
import { imageLabels, ReleasableError, resolveCodeVersion, stageRefs } from '@releasable/core';
import { assertEngine, buildImage, copyFromImage, headRevision } from '@releasable/drivers';
import { asList } from '../shared/options.js';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

/** KEY=VALUE flags → a map; a flag without "=" is a usage error. */
export function parseBuildArgs(flags: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0)
      throw new ReleasableError(`--build-arg "${flag}": expected KEY=VALUE, e.g. --build-arg PIP_INDEX=https://…`);
    args[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return args;
}

export default defineExecutor(schema, async (o, p) => {
  if (o.refreshOnlyPoetry && !o.updatePoetry) {
    throw new ReleasableError('--refresh-only-poetry needs --update-poetry (it chooses how the lock is refreshed).');
  }
  const version = resolveCodeVersion(p.dir, o.version);
  const refs = stageRefs(p.dir.config, 'local', version, p.user(o.user), []);
  const buildArgs = {
    AM_CONTAINER_VERSION: refs.version,
    ...(o.baseImage ? { BASE_IMAGE: o.baseImage } : {}),
    ...(o.updatePoetry ? { POETRY_MODE: o.refreshOnlyPoetry ? 'refresh' : 'update' } : {}),
    ...parseBuildArgs(asList(o.buildArg)),
  };
  await assertEngine();
  const dockerfile = path.join(p.absRoot, p.dir.config.docker.devDockerfile);
  const revision = await headRevision(p.absRoot);
  progress(`building ${refs.local} from ${path.relative(p.workspaceRoot, dockerfile)}`);
  const started = Date.now();
  await buildImage({
    dockerfile,
    context: path.join(p.absRoot, p.dir.config.docker.context),
    tags: [refs.local],
    buildArgs,
    labels: imageLabels({
      name: p.dir.name,
      version: refs.version,
      source: p.dir.root,
      ...(revision ? { revision } : {}),
    }),
    noCache: !o.cache,
  });
  if (o.updatePoetry) {
    const destination = path.join(p.absRoot, 'devops/docker_build', path.posix.basename(o.lockFileInImage));
    try {
      await copyFromImage(refs.local, o.lockFileInImage, destination);
    } catch (error) {
      throw new ReleasableError(
        `the build left no ${o.lockFileInImage} in ${refs.local}; with POETRY_MODE set, the Dockerfile must run "poetry lock" and keep the lock there (or pass --lock-file-in-image).`,
        { ref: refs.local },
        { cause: error },
      );
    }
    progress(`copied the refreshed lock file to ${path.relative(p.workspaceRoot, destination)}`);
  }
  progress(`built ${refs.local} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
