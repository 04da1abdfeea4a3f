// @ts-nocheck
import { ReleasableError, resolveCodeVersion, resolveTargetRegistries, stageRefs } from '@releasable/core';
import { assertEngine, pullImage, tagImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  if (options.stage === 'local')
    throw new ReleasableError(
      '--stage local: local images are never pushed, so they cannot be pulled; use dev or prod.',
    );
  const version = resolveCodeVersion(project.dir, options.imageVersion);
  const registries = resolveTargetRegistries(
    options.registry,
    project.dir.config.registries,
    project.dir.config.targetRegistries,
  ).slice(0, 1);
  const refs = stageRefs(project.dir.config, options.stage, version, project.user(options.user), registries);
  const remote = refs.remotes[0];
  if (!remote)
    throw new ReleasableError(`project "${project.dir.name}" has no registry to pull from; configure "registries".`);
  await assertEngine();
  progress(`pulling ${remote.versioned}`);
  await pullImage(remote.versioned, project.dir.config.timeouts.transfer);
  await tagImage(remote.versioned, refs.local);
  progress(`tagged ${remote.versioned} as ${refs.local}`);
});
