// @ts-nocheck
import { resolveCodeVersion, stageRefs } from '@releasable/core';
import { assertEngine, provideStageImage, tagImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  const version = resolveCodeVersion(project.dir, options.imageVersion);
  const user = project.user(options.user);
  const local = stageRefs(project.dir.config, 'local', version, user, []);
  const dev = stageRefs(project.dir.config, 'dev', version, user, []);
  await assertEngine();
  await provideStageImage(project.workspaceRoot, project.dir, local.local, 'local', local.version, progress);
  for (const target of [dev.local, dev.localFloating!]) {
    await tagImage(local.local, target);
    progress(`tagged ${local.local} as ${target}`);
  }
});
