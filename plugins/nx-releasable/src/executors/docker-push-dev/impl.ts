import { resolveCodeVersion, resolveTargetRegistries, stageRefs } from '@releasable/core';
import { assertEngine } from '@releasable/drivers';
import { defineExecutor } from '../shared/define.js';
import { pushStage } from '../shared/push.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const version = resolveCodeVersion(p.dir, o.version);
  const registries = resolveTargetRegistries(o.registries, p.dir.config.registries, p.dir.config.targetRegistries);
  const refs = stageRefs(p.dir.config, 'dev', version, p.user(o.user), registries);
  await assertEngine();
  await pushStage(refs, p.dir.name);
});
