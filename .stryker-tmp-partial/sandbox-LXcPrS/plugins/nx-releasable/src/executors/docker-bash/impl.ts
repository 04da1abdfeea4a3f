// @ts-nocheck
import { assertEngine, executeContainerRun, planContainerRun } from '@releasable/drivers';
import { defineExecutor, progress } from '../shared/define.js';
import { defaultStage } from '../shared/stage-choice.js';
import { schema } from './options.js';

export default defineExecutor(schema, async (options, project) => {
  await assertEngine();
  const stage = await defaultStage(options.stage, project, project.user(options.user), options.imageVersion);
  const run = await planContainerRun(project.workspaceRoot, project.dir, [options.shell], {
    stage,
    user: project.user(options.user),
    tty: process.stdin.isTTY === true,
    ...(options.imageVersion ? { version: options.imageVersion } : {}),
  });
  progress(`shell in ${run.image}${run.compose.workdir ? ` at ${run.compose.workdir}` : ''}`);
  const result = await executeContainerRun(run, stage, project.dir.name, 'inherit', progress);
  return result.exitCode === 0;
});
