import { ReleasableError, resolveCodeVersion, resolveTargetRegistries, stageRefs } from '@releasable/core';
import { assertEngine, pullImage, tagImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  if (o.stage === 'local')
    throw new ReleasableError(
      '--stage local: local images are never pushed, so they cannot be pulled; use dev or prod.',
    );
  const version = resolveCodeVersion(p.dir, o.version);
  const registries = resolveTargetRegistries(o.registry, p.dir.config.registries, p.dir.config.targetRegistries).slice(
    0,
    1,
  );
  const refs = stageRefs(p.dir.config, o.stage, version, p.user(o.user), registries);
  const remote = refs.remotes[0];
  if (!remote)
    throw new ReleasableError(`project "${p.dir.name}" has no registry to pull from; configure "registries".`);
  await assertEngine();
  progress(`pulling ${remote.versioned}`);
  await pullImage(remote.versioned);
  await tagImage(remote.versioned, refs.local);
  progress(`tagged ${remote.versioned} as ${refs.local}`);
});
