import { resolveCodeVersion, stageRefs } from '@releasable/core';
import { assertEngine, requireLocalImage, tagImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (o, p) => {
  const version = resolveCodeVersion(p.dir, o.version);
  const user = p.user(o.user);
  const local = stageRefs(p.dir.config, 'local', version, user, []);
  const dev = stageRefs(p.dir.config, 'dev', version, user, []);
  await assertEngine();
  await requireLocalImage(local.local, 'local', p.dir.name);
  for (const target of [dev.local, dev.localFloating!]) {
    await tagImage(local.local, target);
    progress(`tagged ${local.local} as ${target}`);
  }
});
