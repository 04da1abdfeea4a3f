// @ts-nocheck
import { fillPlaceholders, resolveCodeVersion, stageRefs } from '@releasable/core';
import { assertEngine, exec, formatArgv, provideStageImage } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  const version = resolveCodeVersion(project.dir, options.imageVersion);
  const refs = stageRefs(project.dir.config, options.stage, version, project.user(options.user), []);
  await assertEngine();
  await provideStageImage(project.workspaceRoot, project.dir, refs.local, options.stage, refs.version, progress);
  const argv = fillPlaceholders(project.dir.config.qa.command, {
    image: refs.local,
    stage: options.stage,
    version: refs.version,
  });
  progress(`QA against ${refs.local}: ${formatArgv(argv)}`);
  const result = await exec(argv, {
    cwd: project.absRoot,
    output: 'stream',
    allowFailure: true,
    env: { RELEASABLE_IMAGE: refs.local, RELEASABLE_STAGE: options.stage, RELEASABLE_VERSION: refs.version },
  });
  if (result.exitCode !== 0) progress(`QA failed with exit code ${result.exitCode}`);
  return result.exitCode === 0;
});
