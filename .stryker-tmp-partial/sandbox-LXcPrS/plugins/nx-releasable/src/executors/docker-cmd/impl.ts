// @ts-nocheck
import { splitCommandLine } from '@releasable/core';
import { assertEngine, executeContainerRun, formatArgv, planContainerRun } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { defaultStage } from '../shared/stage-choice.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  const argv = splitCommandLine(options.cmd);
  await assertEngine();
  const stage = await defaultStage(options.stage, project, project.user(options.user), options.imageVersion);
  const run = await planContainerRun(project.workspaceRoot, project.dir, argv, {
    stage,
    user: project.user(options.user),
    ...(options.imageVersion ? { version: options.imageVersion } : {}),
  });
  progress(`${formatArgv(argv)} in ${run.image}`);
  const result = await executeContainerRun(run, stage, project.dir.name, 'stream', progress);
  if (result.exitCode !== 0) progress(`exit code ${result.exitCode}`);
  return result.exitCode === 0;
});
